import type { PerfRecord } from '../results/results-types.ts';

/**
 * Every failed benchmark execution, in total and by mode: the latency rounds (perf.modes), the
 * quota's own samples (under `<mode>@quota`), layer 1b off (`<mode>@no-ses`), the throughput runs and the soak (under its mode).
 * A failure is never dropped from the samples silently: the decision reads this total
 * (perf.failedExecutions, the contract with issue 11's verdict).
 */
export function countFailures(perf: Pick<PerfRecord, 'modes' | 'throughput' | 'soak' | 'cpuQuota' | 'layer1b'>): {
  failedExecutions: number;
  failuresByMode: Record<string, number>;
} {
  const failuresByMode: Record<string, number> = {};
  const add = (mode: string, failures: number) => {
    failuresByMode[mode] = (failuresByMode[mode] ?? 0) + failures;
  };
  for (const record of perf.modes) add(record.mode, record.failures);
  for (const record of perf.throughput) add(record.mode, record.failures);
  if (perf.cpuQuota) add(`${perf.cpuQuota.mode}@quota`, perf.cpuQuota.failures);
  if (perf.layer1b) add(`${perf.layer1b.mode}@no-ses`, perf.layer1b.failures);
  if (perf.soak) add(perf.soak.mode, perf.soak.failures);
  const failedExecutions = Object.values(failuresByMode).reduce((total, failures) => total + failures, 0);
  return { failedExecutions, failuresByMode };
}
