import type { BenchReport } from './bench-report.ts';

const ms = (value: number) => `${value.toFixed(1)} ms`;
const pct = (value: number) => `${value.toFixed(1)}%`;

/** The benchmark for a terminal: one line per figure, each saying on what it was measured. */
export function formatBenchReport(report: BenchReport): string {
  const { perf } = report;
  const lines: string[] = [];
  lines.push(`sandbox-gate bench: ${perf.iterations} iterations per mode and workload after 1 warm-up; ${report.environment.cores} cores, load ${report.environment.loadAverageBefore.map((x) => x.toFixed(2)).join(' ')} at start; containers at cpu_count ${report.environment.containerCpuCount}`);
  lines.push('', 'latency (raw samples of successful executions):');
  for (const record of perf.modes) {
    const s = record.summary;
    const figures = s ? `median ${ms(s.p50Ms)}  p95 ${ms(s.p95Ms)}  p99 ${ms(s.p99Ms)}  mean ${ms(s.meanMs)}  sd ${ms(s.sdMs)}  min ${ms(s.minMs)}  max ${ms(s.maxMs)}  n ${s.n}` : 'no successful execution';
    lines.push(`  ${record.mode.padEnd(12)} ${record.workload.padEnd(12)} ${figures}  failures ${record.failures}`);
  }
  if (perf.overheads.length > 0) {
    lines.push('', `overhead over ${perf.overheads[0]!.baselineMode} (difference of means, ${perf.confidence * 100}% Welch interval; percent with a bootstrap interval on backtests):`);
    for (const o of perf.overheads) {
      const percent = o.percent ? `  ${pct(o.percent.estimate)} [${pct(o.percent.low)}, ${pct(o.percent.high)}]` : '';
      lines.push(`  ${o.mode.padEnd(12)} ${o.workload.padEnd(12)} ${ms(o.differenceMs.estimate)} [${ms(o.differenceMs.low)}, ${ms(o.differenceMs.high)}]${percent}`);
    }
  }
  if (perf.breakdown?.length) {
    lines.push('', 'where the time goes (median of each phase, from container timelines):');
    for (const mode of new Set(perf.breakdown.map((b) => `${b.mode} ${b.workload}`))) {
      const phases = perf.breakdown.filter((b) => `${b.mode} ${b.workload}` === mode).map((b) => `${b.phase} ${ms(b.medianMs)}`);
      lines.push(`  ${mode.padEnd(25)} ${phases.join('  ')}`);
    }
  }
  if (perf.throughput.length > 0) {
    lines.push('', 'throughput:');
    for (const t of perf.throughput) {
      const detail = report.throughputDetails.find((d) => d.mode === t.mode && d.concurrency === t.concurrency);
      const pooled = detail?.pooled !== undefined ? `, ${detail.pooled} served warm` : '';
      lines.push(`  ${t.mode.padEnd(12)} ${t.workload} concurrency ${String(t.concurrency).padEnd(2)} ${t.executionsPerSecond.toFixed(2)} executions/s (${t.executions} executions, ${t.failures} failures${pooled})`);
    }
  }
  if (perf.soak) {
    const s = perf.soak;
    const d = report.soakDetails;
    lines.push('', `soak (${s.mode}, ${s.workload}, through the wrapper): ${s.executions} executions, ${s.failures} failures, ${s.fallbacks} fallbacks, ${s.leakedContainers} leaked containers, heap ${(s.heapGrowthBytes / 1024 ** 2).toFixed(1)} MiB, RSS ${(s.rssGrowthBytes / 1024 ** 2).toFixed(1)} MiB growth${d ? `, ${(d.durationMs / 1000).toFixed(1)} s, ${d.pooled} served warm` : ''}`);
  }
  for (const a of report.absent) lines.push(`absent: ${a.mode}${a.workload ? ` (${a.workload})` : ''}: ${a.reason}`);
  lines.push('', `done in ${(report.durationMs / 1000).toFixed(1)} s`);
  return lines.join('\n');
}
