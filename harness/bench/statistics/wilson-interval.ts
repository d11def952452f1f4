/**
 * The Wilson score interval of a binomial proportion: `successes` of `trials` at a two-sided
 * `confidence`. Unlike the point estimate it says how little a small run shows: 0 of 10
 * fallbacks has a 95% upper bound of 0.278, 0 of 100 one of 0.037 (Wilson 1927; Brown, Cai
 * and DasGupta 2001 recommend it over the Wald interval for small n and p near 0 or 1).
 */
export interface ProportionInterval {
  estimate: number;
  low: number;
  high: number;
}

export function wilsonInterval(successes: number, trials: number, confidence: number): ProportionInterval {
  if (!Number.isInteger(trials) || trials <= 0)
    throw new RangeError(`wilsonInterval: trials must be an integer > 0, received ${String(trials)}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new RangeError(
      `wilsonInterval: successes must be an integer in [0, ${trials}], received ${String(successes)}`,
    );
  }
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`wilsonInterval: confidence must be in (0, 1), received ${String(confidence)}`);
  const z = normalQuantile((1 + confidence) / 2);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials))) / (1 + z2n);
  // At p = 0 or 1 one end is exactly 0 or 1; clamp the float error of centre -/+ half there.
  return {
    estimate: p,
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === trials ? 1 : Math.min(1, centre + half),
  };
}

// Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9).
const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** The p-quantile of the standard normal distribution, e.g. 1.95996 for p = 0.975. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), received ${String(p)}`);
  const tail = (q: number): number =>
    (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) /
    ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  if (p < P_LOW) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - P_LOW) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) /
    (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1)
  );
}
