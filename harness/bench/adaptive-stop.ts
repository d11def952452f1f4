import type { IntervalRecord } from '../results/results-types.ts';
import { bootstrapRatioInterval } from './statistics/bootstrap-ratio-interval.ts';

/**
 * What the adaptive sampling watches: the percent overhead of `mode` over `baseline` on one
 * workload, with the interval the decision policy reads (overhead.statistic percent.*), and
 * the band edges of the policy. Sampling stops once that interval holds no edge.
 */
export interface AdaptiveTarget {
  workload: string;
  mode: string;
  baseline: string;
  /** The policy's band edges in percent (`from` of every band but the first). */
  edgesPct: number[];
}

export interface IntervalOptions {
  confidence: number;
  resamples: number;
  seed: number;
}

/** True when [low, high] holds no edge: no edge e with low < e <= high (read-overhead's straddle rule). */
export function clearOfEdges(interval: Pick<IntervalRecord, 'low' | 'high'>, edges: readonly number[]): boolean {
  return edges.every((edge) => !(interval.low < edge && edge <= interval.high));
}

/**
 * The stop rule of runInterleavedRounds for one target: the bootstrap interval of the percent
 * overhead, on the samples so far, is clear of every band edge. Exactly the statistic the
 * decision reads later, with the same seed, so a run never stops on a different interval.
 */
export function stopWhenClear(
  target: AdaptiveTarget,
  options: IntervalOptions,
): (samples: ReadonlyMap<string, readonly number[]>) => boolean {
  return (samples) => {
    const baseline = samples.get(target.baseline) ?? [];
    const mode = samples.get(target.mode) ?? [];
    if (baseline.length < 2 || mode.length < 2) return false;
    const ratio = bootstrapRatioInterval(baseline, mode, options);
    return clearOfEdges({ low: ratio.lowPct, high: ratio.highPct }, target.edgesPct);
  };
}
