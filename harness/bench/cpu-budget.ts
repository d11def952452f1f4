import type { SandboxConfig } from '../config/sandbox-config.ts';
import type { CpuQuotaRecord, IntervalRecord } from '../results/results-types.ts';
import { bootstrapRatioInterval } from './statistics/bootstrap-ratio-interval.ts';

/**
 * The config the benchmark's containers run with: at equal CPU, cpu_count = the host's cores.
 * In-process and local run without a quota, so a single-threaded strategy gets a whole core
 * there and may spread Node's GC and compiler threads over the rest; a container at
 * cpu_count = cores gets the same. At the shipped cpu_count 0.5 a CPU-bound backtest took
 * 1.94x (universe-1s) and 2.10x (universe-5s) as long as in local mode: the quota, not the
 * sandbox, was what the decision read (issue 12).
 */
export function atCpuCount(config: SandboxConfig, cpuCount: number): SandboxConfig {
  const copy = structuredClone(config);
  copy.docker.cpuCount = cpuCount;
  return copy;
}

/** The key the quota's samples are filed under beside the mode's equal-CPU ones. */
export function quotaKey(mode: string): string {
  return `${mode}@quota`;
}

/** The key of the same mode with layer 1b (lockdown, Compartment) off: its cost, measured. */
export function noSesKey(mode: string): string {
  return `${mode}@no-ses`;
}

/**
 * The configured quota's own effect: mean(at quota) / mean(at equal CPU) of the same mode on
 * the same CPU-bound workload, sampled in the same interleaved rounds, with the percentile
 * bootstrap interval of the ratio. A factor of 2.0 reads "CPU-bound work takes 2.0x".
 */
export function quotaFactor(
  equalCpuMs: readonly number[],
  atQuotaMs: readonly number[],
  options: { confidence: number; resamples: number; seed: number },
): IntervalRecord {
  const ratio = bootstrapRatioInterval(equalCpuMs, atQuotaMs, options);
  return { estimate: 1 + ratio.overheadPct / 100, low: 1 + ratio.lowPct / 100, high: 1 + ratio.highPct / 100 };
}

/** "cpu_count 0.5: CPU-bound work takes 2.0x [1.9, 2.1] (docker-pool, universe-1s, 95% interval)". */
export function describeQuota(record: CpuQuotaRecord, confidence: number): string {
  const x = (value: number) => `${value.toFixed(2)}x`;
  return `cpu_count ${record.cpuCount}: CPU-bound work takes ${x(record.factor.estimate)} [${x(record.factor.low)}, ${x(record.factor.high)}] (${record.mode} on ${record.workload} at the quota over equal CPU, ${Math.round(confidence * 100)}% interval)`;
}
