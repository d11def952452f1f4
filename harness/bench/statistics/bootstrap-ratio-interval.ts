import { mean, quantileSorted } from 'simple-statistics';
import { createPrng } from '../../workload/prng.ts';
import { assertSamples } from './samples.ts';
import { assertConfidence } from './welch-interval.ts';

export interface BootstrapRatioOptions {
  /** Number of bootstrap resamples. @default 2000 */
  resamples: number;
  /** Seed of the PRNG (workload/prng.ts): the same seed and samples give the same interval. */
  seed: number;
  /** Two-sided confidence level in (0, 1). @default 0.95 */
  confidence: number;
}

const DEFAULTS = { resamples: 2000, confidence: 0.95 } as const;

/** The relative overhead of b over a, in percent, with its bootstrap interval. */
export interface RatioInterval {
  /** 100 * (mean(b) / mean(a) - 1), on the samples as measured. */
  overheadPct: number;
  lowPct: number;
  highPct: number;
  resamples: number;
  seed: number;
  confidence: number;
}

/**
 * The percent overhead of b over a, `100 * (mean(b) / mean(a) - 1)`, with a percentile
 * bootstrap interval: `resamples` times, a and b are each resampled with replacement
 * (independently, keeping their sizes) and the overhead recomputed; the interval is the
 * (1 - confidence)/2 and (1 + confidence)/2 quantiles of those overheads (type 7, as in
 * `summarize`). Deterministic for a given seed.
 *
 * @throws RangeError on an empty set, a non-finite sample, mean(a) <= 0, or bad options.
 */
export function bootstrapRatioInterval(
  a: readonly number[],
  b: readonly number[],
  options: Partial<BootstrapRatioOptions> & { seed: number },
): RatioInterval {
  const { resamples, seed, confidence } = { ...DEFAULTS, ...options };
  assertSamples('bootstrapRatioInterval (a)', a, 1);
  assertSamples('bootstrapRatioInterval (b)', b, 1);
  assertConfidence('bootstrapRatioInterval', confidence);
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`bootstrapRatioInterval: resamples must be a positive integer, received ${String(resamples)}`);
  }
  // Durations are positive; a baseline mean of 0 would make the ratio meaningless.
  if (a.some((value) => value <= 0)) {
    throw new RangeError('bootstrapRatioInterval: baseline samples (a) must all be > 0 for a ratio of means');
  }
  const prng = createPrng(seed);
  const overheads = new Array<number>(resamples);
  for (let r = 0; r < resamples; r++) {
    overheads[r] = overheadPct(resampledMean(a, prng.nextInt), resampledMean(b, prng.nextInt));
  }
  overheads.sort((x, y) => x - y);
  return {
    overheadPct: overheadPct(mean(a as number[]), mean(b as number[])),
    lowPct: quantileSorted(overheads, (1 - confidence) / 2),
    highPct: quantileSorted(overheads, (1 + confidence) / 2),
    resamples,
    seed,
    confidence,
  };
}

function overheadPct(meanA: number, meanB: number): number {
  return 100 * (meanB / meanA - 1);
}

function resampledMean(samples: readonly number[], nextInt: (maxExclusive: number) => number): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[nextInt(samples.length)] as number;
  return sum / samples.length;
}
