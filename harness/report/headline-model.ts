import type { Decision } from '../decision/decision-types.ts';
import type { OutcomeConfig } from '../decision/policy-types.ts';
import type { IntervalRecord, PerfModeRecord, Results } from '../results/results-types.ts';
import { describeQuota } from '../bench/cpu-budget.ts';
import { fixed, formatMs, formatPercent, msDecimals } from './format-number.ts';
import { enabledConsequence, type EnabledChange } from './render-config.ts';

/**
 * The report's first section in plain words: what was decided, what that does to the
 * configuration and to security, the figures that decided it, and why they are what they are.
 */
export interface HeadlineModel {
  /** `sandbox.enabled: false (was true)` or `sandbox.enabled left as it was (true)`. */
  configLine: string;
  consequence: string;
  /** The overhead the policy read, in words with its interval and sample sizes; null when not measured. */
  overhead: string | null;
  /** Why the overhead is what it is: compute, CPU quota, fixed cost. Each line cites measured figures. */
  why: string[];
  /** A bar chart of the same figures, or null when they were not measured. */
  chart: { labels: string; values: string } | null;
  /** What the local mode (where sandbox.enabled: false sends strategies) costs on the same workload. */
  localCost: string | null;
  /**
   * The outcome -> configuration mapping of the policy, one row per distinct setting (outcomes
   * that set the same value share a row: the consequence is printed once), the current outcome marked.
   */
  mapping: { outcomes: { outcome: string; current: boolean }[]; setting: string; consequence: string }[];
}

/** The workload that measures the fixed cost of one execution (a plain call with a tiny input). */
const FIXED_COST_WORKLOAD = 'trivial';

export function headlineModel(
  results: Results,
  decision: Decision,
  change: EnabledChange,
  outcomeConfig: OutcomeConfig,
): HeadlineModel {
  const o = decision.overhead;
  const perf = results.perf;
  const summary = (mode: string, workload: string): PerfModeRecord['summary'] =>
    perf?.modes.find((row) => row.mode === mode && row.workload === workload)?.summary ?? null;
  const overheadRow = (mode: string, workload: string) =>
    perf?.overheads.find((row) => row.mode === mode && row.workload === workload && row.baselineMode === o.baseline);
  const policyRow = overheadRow(o.mode, o.workload);
  const modeSummary = summary(o.mode, o.workload);
  const baseSummary = summary(o.baseline, o.workload);
  const confidence = perf ? `${fixed(perf.confidence * 100, 0)}%` : '';

  let overhead: string | null = null;
  if (policyRow && modeSummary && baseSummary) {
    const percent =
      policyRow.percent && baseSummary.meanMs >= PERCENT_MIN_BASELINE_MS
        ? `, ${intervalText(policyRow.percent, '%')}`
        : '';
    overhead =
      `\`${o.mode}\` over \`${o.baseline}\` on \`${o.workload}\`: ${intervalText(policyRow.differenceMs, 'ms')} per execution${percent} ` +
      `(${confidence} intervals; means of ${modeSummary.n} and ${baseSummary.n} executions: ${formatMs(modeSummary.meanMs)} and ${formatMs(baseSummary.meanMs)}).`;
  }

  const why: string[] = [];
  let chart: HeadlineModel['chart'] = null;
  // The quota the measured containers ran under: an equal-CPU run gives them the host's cores
  // (issue 12), so the configured cpu_count is not in its overhead; a run without /perf/cpu ran
  // them at the configured cpu_count.
  const cpuCount = perf?.cpu ? perf.cpu.containerCpuCount : results.config.docker.cpuCount;
  if (modeSummary && baseSummary) {
    const compute = baseSummary.meanMs;
    why.push(
      `Compute: the strategy itself takes ${formatMs(compute)} on \`${o.workload}\` in-process, on a whole core (mean of ${baseSummary.n}).`,
    );
    const labels = [`"${o.baseline}"`];
    const values = [fixed(compute, 1)];
    if (cpuCount < 1) {
      const quotaMs = compute / cpuCount;
      why.push(
        `CPU quota: the container may use \`cpu_count: ${cpuCount}\` of a core, so compute-bound work takes 1/${cpuCount} = ${fixed(1 / cpuCount, 2)} times as long: ` +
          `${formatMs(compute)} / ${cpuCount} = ${formatMs(quotaMs)} (arithmetic on the measured mean, not a measurement). ` +
          `The quota alone accounts for ${formatMs(quotaMs - compute)} of the ${formatMs(modeSummary.meanMs - compute)} difference: the policy compares a throttled container with an unthrottled baseline.`,
      );
      labels.push(`"${o.baseline} / cpu_count"`);
      values.push(fixed(quotaMs, 1));
    } else if (perf?.cpu && perf.cpu.configuredCpuCount < 1) {
      const measured = perf.cpuQuota
        ? `measured apart: ${describeQuota(perf.cpuQuota, perf.confidence)}`
        : 'not measured apart in this run';
      why.push(
        `CPU quota: none in this comparison: the containers ran at \`cpu_count: ${cpuCount}\`, the CPU in-process gets. The configured \`cpu_count: ${perf.cpu.configuredCpuCount}\` is ${measured}; it bounds what a strategy may use and is not gated on.`,
      );
    }
    const fixedRow = overheadRow(o.mode, FIXED_COST_WORKLOAD);
    if (fixedRow) {
      why.push(
        `Fixed cost: one \`${o.mode}\` execution of the \`${FIXED_COST_WORKLOAD}\` call costs ${intervalText(fixedRow.differenceMs, 'ms')} more than in-process, whatever the strategy does.`,
      );
    }
    const explainedMs = compute / Math.min(cpuCount, 1) + (fixedRow?.differenceMs.estimate ?? 0);
    const parts = [
      `${formatMs(compute)} compute`,
      ...(cpuCount < 1 ? [`${formatMs(compute / cpuCount - compute)} quota`] : []),
      ...(fixedRow ? [`${formatMs(fixedRow.differenceMs.estimate)} fixed cost`] : []),
    ];
    const restMs = modeSummary.meanMs - explainedMs;
    why.push(
      `Measured: \`${o.mode}\` takes ${formatMs(modeSummary.meanMs)} on \`${o.workload}\` (mean of ${modeSummary.n}); ${parts.join(' + ')} = ${formatMs(explainedMs)}, ` +
        (restMs >= 0
          ? `leaving ${formatMs(restMs)} that this run does not break down.`
          : `${formatMs(-restMs)} more than measured: the work is not wholly CPU-bound under the quota.`),
    );
    labels.push(`"${o.mode}"`);
    values.push(fixed(modeSummary.meanMs, 1));
    chart = { labels: labels.join(', '), values: values.join(', ') };
  }

  const localRow = overheadRow('local', o.workload);
  const localCost =
    localRow && change.after === false
      ? `The local mode, where \`sandbox.enabled: false\` sends every strategy, costs ${intervalText(localRow.differenceMs, 'ms')} over in-process on \`${o.workload}\`.`
      : null;

  const configLine =
    change.after === undefined
      ? '`sandbox.enabled` stays absent (the default, true, applies)'
      : `\`sandbox.enabled: ${change.after}\` (${change.changed ? `was ${change.before ?? 'absent, so true'}` : 'unchanged'})`;

  return {
    configLine,
    consequence: change.consequence,
    overhead,
    why,
    chart,
    localCost,
    mapping: outcomeMapping(outcomeConfig, decision.outcome),
  };
}

/** Outcomes grouped by the setting they write, in the policy's order of first appearance. */
function outcomeMapping(outcomeConfig: OutcomeConfig, current: string): HeadlineModel['mapping'] {
  const rows: HeadlineModel['mapping'] = [];
  for (const outcome of Object.keys(outcomeConfig) as (keyof OutcomeConfig)[]) {
    const value = outcomeConfig[outcome].sandboxEnabled;
    const setting = value === 'keep' ? "keep the user's value" : `\`sandbox.enabled: ${value}\``;
    let row = rows.find((candidate) => candidate.setting === setting);
    if (!row) {
      row = {
        outcomes: [],
        setting,
        consequence: value === 'keep' ? 'whatever the user configured' : enabledConsequence(value),
      };
      rows.push(row);
    }
    row.outcomes.push({ outcome, current: outcome === current });
  }
  return rows;
}

/**
 * Below this baseline a percent says more about the baseline's noise than about the sandbox
 * (a 2 ms baseline turns a 1.3 s fixed cost into 37048%), so only milliseconds are printed.
 */
export const PERCENT_MIN_BASELINE_MS = 10;

/** `+1206.5 ms [1131.0, 1282.0]` or `123.0% [113.2, 132.6]`. */
export function intervalText(interval: IntervalRecord, unit: 'ms' | '%'): string {
  if (unit === '%')
    return `${formatPercent(interval.estimate)} [${fixed(interval.low, 1)}, ${fixed(interval.high, 1)}]`;
  const decimals = msDecimals(interval.estimate);
  return `${fixed(interval.estimate, decimals)} ms [${fixed(interval.low, decimals)}, ${fixed(interval.high, decimals)}]`;
}
