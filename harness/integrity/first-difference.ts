import type { WeightDifference } from './lookahead-job.ts';

/**
 * The first (day, then ticker) position up to `lastDay` where `other` differs from `weights`
 * by Object.is, or null. A missing row or entry in `other` is a difference. Trusted harness code:
 * the check jobs only return weights; the comparison is made here.
 */
export function firstDifference(weights: unknown[][], other: unknown, lastDay: number): WeightDifference | null {
  for (let d = 0; d <= lastDay; d++) {
    for (let t = 0; t < weights.length; t++) {
      const row = Array.isArray(other) ? (other[t] as unknown) : undefined;
      const value = Array.isArray(row) ? (row[d] as unknown) : undefined;
      if (!Object.is(weights[t]![d], value))
        return { day: d, ticker: t, full: weights[t]![d], perturbed: value === undefined ? null : value };
    }
  }
  return null;
}
