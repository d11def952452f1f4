import { max, mean, min, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { assertSamples } from './samples.ts';

/** Descriptive statistics of one set of duration samples, all in milliseconds. */
export interface Summary {
  n: number;
  meanMs: number;
  /** Sample standard deviation (divides by n - 1); 0 when n is 1. */
  sdMs: number;
  /** Quantiles by linear interpolation between order statistics (see `summarize`). */
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  minMs: number;
  maxMs: number;
}

/**
 * Summarizes duration samples. Quantiles use simple-statistics `quantileSorted`, which is
 * Hyndman and Fan's type 7 (the default of R's `quantile` and numpy's `percentile`): on the
 * sorted samples x_0..x_{n-1}, the p-quantile is x at position h = (n - 1) * p, interpolated
 * linearly between x_floor(h) and x_ceil(h). With few samples p99 is close to the maximum.
 * One sample has no measurable spread: `sdMs` is then 0, so read it together with `n`.
 *
 * @throws RangeError on an empty set or a sample that is not a finite number.
 */
export function summarize(samplesMs: readonly number[]): Summary {
  assertSamples('summarize', samplesMs, 1);
  const sorted = [...samplesMs].sort((x, y) => x - y);
  return {
    n: sorted.length,
    meanMs: mean(sorted),
    sdMs: sorted.length >= 2 ? sampleStandardDeviation(sorted) : 0,
    p50Ms: quantileSorted(sorted, 0.5),
    p95Ms: quantileSorted(sorted, 0.95),
    p99Ms: quantileSorted(sorted, 0.99),
    minMs: min(sorted),
    maxMs: max(sorted),
  };
}
