import { describeQuota } from './cpu-budget.ts';
import type { BenchReport } from './bench-report.ts';
import { formatLookaheadCheckCost } from './lookahead-check-cost.ts';

const ms = (value: number) => `${value.toFixed(1)} ms`;
const pct = (value: number) => `${value.toFixed(1)}%`;

/** The benchmark for a terminal: one line per figure, each saying on what it was measured. */
export function formatBenchReport(report: BenchReport): string {
  const { perf } = report;
  const lines: string[] = [];
  const sampling = (perf.sampling ?? [])
    .map(
      (s) =>
        `${s.workload} ${s.rounds}${s.stoppedBy === 'fixed' ? '' : ` (${s.stoppedBy === 'clear' ? 'interval clear' : 'cap'})`}`,
    )
    .join(', ');
  lines.push(
    `sandbox-gate bench: modes interleaved in shuffled rounds after 1 warm-up round; rounds: ${sampling || perf.iterations}; ${report.environment.cores} cores, load ${report.environment.loadAverageBefore.map((x) => x.toFixed(2)).join(' ')} at start, ${report.environment.loadAverageAfter.map((x) => x.toFixed(2)).join(' ')} at end`,
  );
  lines.push(
    `cpu: containers at cpu_count ${report.environment.containerCpuCount} (${perf.cpu?.comparison ?? 'configured-quota'}; configured ${report.environment.configuredCpuCount})${perf.cpuQuota ? `; ${describeQuota(perf.cpuQuota, perf.confidence)}` : ''}`,
  );
  if (perf.calibration) {
    const c = perf.calibration;
    lines.push(
      `calibration (fixed CPU loop): ${ms(c.beforeMs)} before, ${ms(c.afterMs)} after, drift ${pct(c.drift * 100)}`,
    );
  }
  lines.push('', 'latency (raw samples of successful executions):');
  for (const record of perf.modes) {
    const s = record.summary;
    const figures = s
      ? `median ${ms(s.p50Ms)}  p95 ${ms(s.p95Ms)}  p99 ${ms(s.p99Ms)}  mean ${ms(s.meanMs)}  sd ${ms(s.sdMs)}  min ${ms(s.minMs)}  max ${ms(s.maxMs)}  n ${s.n}`
      : 'no successful execution';
    lines.push(`  ${record.mode.padEnd(12)} ${record.workload.padEnd(12)} ${figures}  failures ${record.failures}`);
  }
  if (perf.overheads.length > 0) {
    lines.push(
      '',
      `overhead over ${perf.overheads[0]!.baselineMode} (difference of means, ${perf.confidence * 100}% Welch interval; percent with a bootstrap interval on backtests):`,
    );
    for (const o of perf.overheads) {
      const percent = o.percent ? `  ${pct(o.percent.estimate)} [${pct(o.percent.low)}, ${pct(o.percent.high)}]` : '';
      lines.push(
        `  ${o.mode.padEnd(12)} ${o.workload.padEnd(12)} ${ms(o.differenceMs.estimate)} [${ms(o.differenceMs.low)}, ${ms(o.differenceMs.high)}]${percent}`,
      );
    }
  }
  if (perf.breakdown?.length) {
    lines.push('', 'where the time goes (median of each phase, from container timelines):');
    for (const mode of new Set(perf.breakdown.map((b) => `${b.mode} ${b.workload}`))) {
      const phases = perf.breakdown
        .filter((b) => `${b.mode} ${b.workload}` === mode)
        .map((b) => `${b.phase} ${ms(b.medianMs)}`);
      lines.push(`  ${mode.padEnd(25)} ${phases.join('  ')}`);
    }
  }
  if (perf.throughput.length > 0) {
    lines.push('', 'throughput:');
    for (const t of perf.throughput) {
      const detail = report.throughputDetails.find(
        (d) => d.mode === t.mode && d.workload === t.workload && d.concurrency === t.concurrency,
      );
      const pooled = detail?.pooled !== undefined ? `, ${detail.pooled} served warm` : '';
      lines.push(
        `  ${t.mode.padEnd(12)} ${t.workload} concurrency ${String(t.concurrency).padEnd(2)} ${t.executionsPerSecond.toFixed(2)} executions/s (${t.executions} executions, ${t.failures} failures${pooled})`,
      );
    }
  }
  for (const row of perf.sustained ?? []) {
    const settled = perf.modes.find((m) => m.mode === row.mode && m.workload === row.workload)?.summary;
    const floor = perf.modes.find((m) => m.mode === 'in-process' && m.workload === row.workload)?.summary;
    lines.push(
      `${row.mode} on ${row.workload}: settled median ${settled ? ms(settled.p50Ms) : 'not measured'}, sustained (back to back) median ${ms(row.summary!.p50Ms)}${floor ? `; in-process ${ms(floor.p50Ms)}` : ''}`,
    );
  }
  if (perf.soak) {
    const s = perf.soak;
    const d = report.soakDetails;
    lines.push(
      '',
      `soak (${s.mode}, ${s.workload}, through the wrapper): ${s.executions} executions, ${s.failures} failures, ${s.fallbacks} fallbacks, ${s.leakedContainers} leaked containers, heap ${(s.heapGrowthBytes / 1024 ** 2).toFixed(1)} MiB, RSS ${(s.rssGrowthBytes / 1024 ** 2).toFixed(1)} MiB growth${d ? `, ${(d.durationMs / 1000).toFixed(1)} s, ${d.pooled} served warm` : ''}`,
    );
  }
  if (report.lookaheadCheck)
    lines.push(
      '',
      formatLookaheadCheckCost(report.lookaheadCheck, perf.confidence, report.environment.configuredCpuCount),
    );
  if (perf.layer1b)
    lines.push(
      `layer 1b (lockdown + Compartment) on ${perf.layer1b.workload}: ${pct(perf.layer1b.percent.estimate)} [${pct(perf.layer1b.percent.low)}, ${pct(perf.layer1b.percent.high)}] (${perf.layer1b.mode}, on over off, same runner and CPU)`,
    );
  if (perf.cleanup)
    lines.push(
      `pool cleanup: ${perf.cleanup.exitsCheckedAfterFrame} exits checked after the result frame, ${perf.cleanup.unexpectedExits} unexpected, ${perf.cleanup.notRemoved} containers not removed`,
    );
  if (perf.failedExecutions !== undefined)
    lines.push(
      `failed executions: ${perf.failedExecutions}${
        perf.failedExecutions
          ? ` (${Object.entries(perf.failuresByMode ?? {})
              .filter(([, n]) => n > 0)
              .map(([m, n]) => `${m} ${n}`)
              .join(', ')})`
          : ''
      }`,
    );
  if (perf.wallMs)
    lines.push(
      `wall time: ${Object.entries(perf.wallMs)
        .map(([part, value]) => `${part} ${(value / 1000).toFixed(1)} s`)
        .join(', ')}`,
    );
  for (const a of report.absent) lines.push(`absent: ${a.mode}${a.workload ? ` (${a.workload})` : ''}: ${a.reason}`);
  lines.push('', `done in ${(report.durationMs / 1000).toFixed(1)} s`);
  return lines.join('\n');
}
