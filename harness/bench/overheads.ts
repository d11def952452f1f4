import type { OverheadRecord, PerfModeRecord, PerfWorkloadRecord } from '../results/results-types.ts';
import { bootstrapRatioInterval } from './statistics/bootstrap-ratio-interval.ts';
import { welchInterval } from './statistics/welch-interval.ts';

export interface OverheadOptions {
  baselineMode: string;
  confidence: number;
  resamples: number;
  seed: number;
}

/**
 * The overhead of every mode over the baseline, per workload: the difference of means in ms
 * with Welch's interval, and, on backtest workloads only (real work, where a ratio means
 * something), the percent overhead with a bootstrap interval. A pair with fewer than 2 samples
 * on either side has no interval and is left out.
 */
export function computeOverheads(
  modes: readonly PerfModeRecord[],
  workloads: readonly PerfWorkloadRecord[],
  options: OverheadOptions,
): OverheadRecord[] {
  const overheads: OverheadRecord[] = [];
  for (const record of modes) {
    if (record.mode === options.baselineMode) continue;
    const baseline = modes.find(
      (candidate) => candidate.mode === options.baselineMode && candidate.workload === record.workload,
    );
    if (!baseline || baseline.samplesMs.length < 2 || record.samplesMs.length < 2) continue;
    const welch = welchInterval(baseline.samplesMs, record.samplesMs, options.confidence);
    const overhead: OverheadRecord = {
      mode: record.mode,
      workload: record.workload,
      baselineMode: options.baselineMode,
      differenceMs: { estimate: welch.differenceMs, low: welch.lowMs, high: welch.highMs },
    };
    if (workloads.find((workload) => workload.name === record.workload)?.kind === 'backtest') {
      const ratio = bootstrapRatioInterval(baseline.samplesMs, record.samplesMs, {
        resamples: options.resamples,
        seed: options.seed,
        confidence: options.confidence,
      });
      overhead.percent = { estimate: ratio.overheadPct, low: ratio.lowPct, high: ratio.highPct };
    }
    overheads.push(overhead);
  }
  return overheads;
}
