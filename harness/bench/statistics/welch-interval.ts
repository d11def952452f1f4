import { mean, sampleVariance } from 'simple-statistics';
import { assertSamples } from './samples.ts';
import { studentTQuantile } from './student-t.ts';

/** A confidence interval for mean(b) - mean(a), in milliseconds. */
export interface WelchInterval {
  /** mean(b) - mean(a). */
  differenceMs: number;
  lowMs: number;
  highMs: number;
  /** Welch–Satterthwaite degrees of freedom (not an integer in general). */
  df: number;
  /** sqrt(var(a)/n_a + var(b)/n_b), sample variances. */
  standardErrorMs: number;
  confidence: number;
}

/**
 * Welch's confidence interval for the difference of means of two independent samples with
 * possibly unequal variances, e.g. sandboxed (b) minus in-process (a) durations:
 *
 *   d = mean(b) - mean(a),  se^2 = s_a^2/n_a + s_b^2/n_b   (s^2: sample variance, n - 1)
 *   df = se^4 / ((s_a^2/n_a)^2/(n_a - 1) + (s_b^2/n_b)^2/(n_b - 1))   (Welch–Satterthwaite)
 *   d -/+ t_{(1+confidence)/2, df} * se
 *
 * When both samples are constant (se = 0) the interval is the single point d and df is
 * n_a + n_b - 2. Assumes independent samples; successive benchmark iterations are only
 * approximately so.
 *
 * @param confidence two-sided confidence level in (0, 1). @default 0.95
 * @throws RangeError with fewer than 2 samples in either set, or a non-finite sample.
 */
export function welchInterval(a: readonly number[], b: readonly number[], confidence = 0.95): WelchInterval {
  assertSamples('welchInterval (a)', a, 2);
  assertSamples('welchInterval (b)', b, 2);
  assertConfidence('welchInterval', confidence);
  const shareA = sampleVariance(a as number[]) / a.length;
  const shareB = sampleVariance(b as number[]) / b.length;
  const differenceMs = mean(b as number[]) - mean(a as number[]);
  const standardErrorMs = Math.sqrt(shareA + shareB);
  if (standardErrorMs === 0) {
    return {
      differenceMs,
      lowMs: differenceMs,
      highMs: differenceMs,
      df: a.length + b.length - 2,
      standardErrorMs,
      confidence,
    };
  }
  const df = (shareA + shareB) ** 2 / (shareA ** 2 / (a.length - 1) + shareB ** 2 / (b.length - 1));
  const halfWidthMs = studentTQuantile((1 + confidence) / 2, df) * standardErrorMs;
  return {
    differenceMs,
    lowMs: differenceMs - halfWidthMs,
    highMs: differenceMs + halfWidthMs,
    df,
    standardErrorMs,
    confidence,
  };
}

/** @throws RangeError unless `confidence` is strictly between 0 and 1. */
export function assertConfidence(name: string, confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`${name}: confidence must be in (0, 1), e.g. 0.95, received ${String(confidence)}`);
  }
}
