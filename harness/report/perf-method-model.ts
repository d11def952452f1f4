import { describeQuota } from '../bench/cpu-budget.ts';
import type { DecisionPolicy } from '../decision/policy-types.ts';
import type { Results } from '../results/results-types.ts';

/** How the performance figures were taken (issue 12): CPU budget, quota, noise, sampling, cost in time. */
export interface PerfMethodModel {
  /** Which comparison the overheads are, and which the policy gates on. */
  comparison: string;
  /** "cpu_count 0.5: CPU-bound work takes 2.0x [1.9, 2.1] ...", or why it is absent. */
  quota: string;
  /** The calibration and load, and whether the run counts as noisy under the policy. */
  calibration: string | null;
  sampling: { workload: string; rounds: number; range: string; stoppedBy: string }[];
  failures: string | null;
  cleanup: string | null;
  wall: { part: string; seconds: string }[];
  /** Sustained executions per second beside the engine's limit and in-process threads. */
  throughput: {
    workload: string;
    concurrency: number;
    pool: string;
    cold: string;
    limit: string;
    share: string;
    nodeStart: string;
  }[];
  /** docker-pool on a plain call, settled and back to back, over in-process. */
  pooledCall: string | null;
  /** Layer 1b's own cost (lockdown and the Compartment, on over off). */
  layer1b: string | null;
}

const STOPPED_BY = {
  clear: 'the interval held no band edge',
  cap: 'the cap (the interval still held a band edge)',
  fixed: 'a fixed number of rounds',
} as const;

export function perfMethodModel(results: Results, policy: DecisionPolicy): PerfMethodModel | null {
  const perf = results.perf;
  if (!perf) return null;
  const gated = `the policy gates on ${policy.overhead.comparison} (overhead.comparison)`;
  const comparison = perf.cpu
    ? `${perf.cpu.comparison === 'equal-cpu' ? 'Equal CPU' : 'Configured quota'}: the measured containers ran at cpu_count ${perf.cpu.containerCpuCount} on ${perf.cpu.cores} cores` +
      `${perf.cpu.comparison === 'equal-cpu' ? ', the CPU in-process and local get (no quota), so an overhead is the cost of the sandbox, not of the quota' : ', while in-process and local ran without a quota'}; ` +
      `configured cpu_count: ${perf.cpu.configuredCpuCount}; ${gated}.`
    : `Not recorded: this run predates /perf/cpu, so its containers ran at the configured cpu_count (${results.config.docker.cpuCount}) against unlimited baselines; ${gated}.`;
  const quota = perf.cpuQuota
    ? `${describeQuota(perf.cpuQuota, perf.confidence)}; ${perf.cpuQuota.samplesMs.length} samples at the quota, ${perf.cpuQuota.failures} failures. A quota bounds the CPU a strategy may use; it is reported here, not gated on.`
    : perf.cpu && perf.cpu.containerCpuCount === perf.cpu.configuredCpuCount
      ? 'The configured cpu_count is the one measured: there is no separate quota factor.'
      : 'Not measured in this run.';
  const c = perf.calibration;
  const drift = policy.overhead.maxCalibrationDrift;
  const calibration = c
    ? `A fixed CPU loop (${c.loopSteps.toLocaleString('en-US')} square roots) took ${c.beforeMs.toFixed(1)} ms before the measurements, ${c.afterMs.toFixed(1)} ms after` +
      `${c.perRoundMs.length ? ` and ${median(c.perRoundMs).toFixed(1)} ms (median) over ${c.perRoundMs.length} rounds` : ''}: a drift of ${(c.drift * 100).toFixed(1)}%, ` +
      `${drift === null ? 'not checked (the policy sets no overhead.maxCalibrationDrift)' : c.drift > drift ? `above overhead.maxCalibrationDrift ${drift * 100}%: the run is noisy and the decision inconclusive` : `within overhead.maxCalibrationDrift ${drift * 100}%`}. ` +
      `Load average (1, 5, 15 min) ${c.loadAverageBefore.map((x) => x.toFixed(2)).join(', ')} before, ${c.loadAverageAfter.map((x) => x.toFixed(2)).join(', ')} after.`
    : null;
  return {
    comparison,
    quota,
    calibration,
    sampling: (perf.sampling ?? []).map((s) => ({
      workload: s.workload,
      rounds: s.rounds,
      range: s.minRounds === s.maxRounds ? String(s.minRounds) : `${s.minRounds} to ${s.maxRounds}`,
      stoppedBy: STOPPED_BY[s.stoppedBy],
    })),
    failures:
      perf.failedExecutions === undefined
        ? null
        : `failed benchmark executions: ${perf.failedExecutions}${
            perf.failedExecutions
              ? ` (${Object.entries(perf.failuresByMode ?? {})
                  .filter(([, n]) => n > 0)
                  .map(([mode, n]) => `${mode}: ${n}`)
                  .join(', ')})`
              : ''
          }.`,
    cleanup: perf.cleanup
      ? `Pooled executions return on the runner's result frame; afterwards ${perf.cleanup.exitsCheckedAfterFrame} exits were checked against their frames (${perf.cleanup.unexpectedExits} unexpected${perf.cleanup.lastUnexpectedExit ? `, last: ${perf.cleanup.lastUnexpectedExit}` : ''}) and ${perf.cleanup.notRemoved} containers could not be removed.`
      : null,
    wall: Object.entries(perf.wallMs ?? {}).map(([part, ms]) => ({ part, seconds: (ms / 1000).toFixed(1) })),
    throughput: throughputRows(perf),
    pooledCall: pooledCallSentence(perf),
    layer1b: perf.layer1b
      ? `${perf.layer1b.percent.estimate.toFixed(1)}% [${perf.layer1b.percent.low.toFixed(1)}, ${perf.layer1b.percent.high.toFixed(1)}] on ${perf.layer1b.workload}: the same runner in ${perf.layer1b.mode} at the same CPU, lockdown and the Compartment on over off (${perf.layer1b.samplesMsWithout.length} samples off, ${perf.layer1b.failures} failures).`
      : null,
  };
}

const rate = (value: number | undefined) => (value === undefined ? 'not measured' : value.toFixed(2));
const share = (value: number, limit: number | undefined) =>
  limit ? `${((100 * value) / limit).toFixed(0)}%` : 'not measured';
const nodeStart = (limit: number | undefined, pool: number) =>
  limit === undefined ? 'not measured' : `${rate(limit)} (docker-pool ${share(pool, limit)})`;

/**
 * Per workload and concurrency: docker-pool and docker-cold against the limit that applies, the
 * no-op container (a bare create + start + wait + remove) on a plain call, in-process worker
 * threads on a backtest; `share` is docker-pool's throughput as a percentage of that limit.
 * `nodeStart`, on a plain call: the same no-op container in which Node starts and exits, with
 * docker-pool's share of it, the part of the gap that is Node's own start.
 */
function throughputRows(perf: NonNullable<Results['perf']>): PerfMethodModel['throughput'] {
  const find = (mode: string, workload: string, concurrency: number) =>
    perf.throughput.find((t) => t.mode === mode && t.workload === workload && t.concurrency === concurrency)
      ?.executionsPerSecond;
  const kinds = new Map(perf.workloads.map((w) => [w.name, w.kind]));
  const rows: PerfMethodModel['throughput'] = [];
  for (const t of perf.throughput.filter((row) => row.mode === 'docker-pool')) {
    const backtest =
      (kinds.get(t.workload) ?? (t.workload.startsWith('universe') ? 'backtest' : 'call')) === 'backtest';
    const limit = backtest
      ? find('in-process-threads', t.workload, t.concurrency)
      : find('docker-noop', t.workload, t.concurrency);
    rows.push({
      workload: t.workload,
      concurrency: t.concurrency,
      pool: rate(t.executionsPerSecond),
      cold: rate(find('docker-cold', t.workload, t.concurrency)),
      limit: `${rate(limit)} (${backtest ? 'in-process threads' : 'no-op container'})`,
      share: share(t.executionsPerSecond, limit),
      nodeStart: backtest
        ? 'n/a'
        : nodeStart(find('docker-node-noop', t.workload, t.concurrency), t.executionsPerSecond),
    });
  }
  return rows;
}

function pooledCallSentence(perf: NonNullable<Results['perf']>): string | null {
  const sustained = perf.sustained?.find((row) => row.mode === 'docker-pool' && row.summary);
  if (!sustained) return null;
  const settled = perf.modes.find((m) => m.mode === 'docker-pool' && m.workload === sustained.workload)?.summary;
  const floor = perf.modes.find((m) => m.mode === 'in-process' && m.workload === sustained.workload)?.summary;
  const over = (p50: number) => (floor ? ` (+${(p50 - floor.p50Ms).toFixed(1)} ms over in-process)` : '');
  const at1 = (mode: string) =>
    perf.throughput.find((t) => t.mode === mode && t.workload === sustained.workload && t.concurrency === 1);
  const warmup = at1('docker-pool')?.warmupExecutions;
  const noop = at1('docker-noop')?.executionsPerSecond;
  // Back to back, each execution past the pool's ready containers waits for a refill: a
  // container's start, which the engine alone cannot do faster than its no-op cycle.
  const cycle = noop
    ? `; one no-op container's whole cycle on this engine takes ${(1000 / noop).toFixed(1)} ms at concurrency 1`
    : '';
  return (
    `docker-pool on ${sustained.workload}, median: ${settled ? `${settled.p50Ms.toFixed(1)} ms settled (pool full before each execution)${over(settled.p50Ms)}, ` : ''}` +
    `${sustained.summary!.p50Ms.toFixed(1)} ms sustained (back to back, ${sustained.summary!.n} executions${warmup ? ` after the pool's ${warmup} ready containers were used` : ''})${over(sustained.summary!.p50Ms)}` +
    `${floor ? `; in-process ${floor.p50Ms.toFixed(2)} ms` : ''}${cycle}.`
  );
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
