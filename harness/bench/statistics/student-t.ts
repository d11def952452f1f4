import { regularizedIncompleteBeta } from './incomplete-beta.ts';

/**
 * P(T <= t) for Student's t with `df` degrees of freedom (any real df > 0, as Welch's
 * approximation produces): for t >= 0 it is 1 - I_{df/(df+t^2)}(df/2, 1/2) / 2.
 */
export function studentTCdf(t: number, df: number): number {
  assertDegreesOfFreedom(df);
  if (Number.isNaN(t)) throw new RangeError('studentTCdf: t must be a number, received NaN');
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

const BISECTION_STEPS = 200;

/**
 * The p-quantile of Student's t with `df` degrees of freedom: the t with P(T <= t) = p.
 * Inverts `studentTCdf` by bisection on a bracket that doubles until it holds p, so it is
 * exact to the precision of the CDF (about 1e-12) for every df > 0, including the heavy
 * tails of df < 1. For example t(0.975, 1) = 12.7062, t(0.975, 10) = 2.2281.
 */
export function studentTQuantile(p: number, df: number): number {
  assertDegreesOfFreedom(df);
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile: p must be in (0, 1), received ${String(p)}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let low = 0;
  let high = 1;
  while (studentTCdf(high, df) < p) {
    low = high;
    high *= 2;
    if (!Number.isFinite(high)) return Infinity;
  }
  for (let step = 0; step < BISECTION_STEPS; step++) {
    const middle = (low + high) / 2;
    if (middle === low || middle === high) break;
    if (studentTCdf(middle, df) < p) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

function assertDegreesOfFreedom(df: number): void {
  if (!(df > 0) || !Number.isFinite(df)) {
    throw new RangeError(`Student t: degrees of freedom must be a finite number > 0, received ${String(df)}`);
  }
}
