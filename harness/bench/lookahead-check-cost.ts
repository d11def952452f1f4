import type Docker from 'dockerode';
import type { SandboxConfig } from '../config/sandbox-config.ts';
import { measureLookaheadCost, type LookaheadCost } from '../integrity/measure-lookahead-cost.ts';
import { SandboxExecutionWrapper } from '../sandbox/wrapper.ts';
import type { BenchWorkload } from './bench-workload.ts';

/** `sandbox-gate bench --modes lookahead-check`: the row's name; measured apart from the latency modes (it compares two wrappers, not a mode with in-process). */
export const LOOKAHEAD_CHECK_MODE = 'lookahead-check';

/** The workload the issue states the check's cost on (about 1 s of CPU in-process). */
export const LOOKAHEAD_CHECK_WORKLOAD = 'universe-1s';

/**
 * What the look-ahead check costs: the same backtest through the wrapper in Docker (warm pool),
 * with the check off and on, interleaved, `iterations` each after one warm-up each. Both sides
 * run at the configured cpu_count (the budget users run with; the check's re-runs get the same
 * quota each, in their own containers).
 */
export async function measureLookaheadCheckCost(
  config: SandboxConfig,
  docker: Docker,
  workload: BenchWorkload,
  iterations: number,
  seed: number,
): Promise<LookaheadCost> {
  const on = structuredClone(config);
  on.backtest.lookahead.enabled = true;
  const off = structuredClone(config);
  off.backtest.lookahead.enabled = false;
  await using checked = await SandboxExecutionWrapper.create(on, { mode: 'docker', docker });
  await using unchecked = await SandboxExecutionWrapper.create(off, { mode: 'docker', docker });
  if (!workload.data)
    throw new Error(`the look-ahead check needs a backtest workload; ${workload.name} is a plain call`);
  // Awaited here: the wrappers are disposed when this scope ends.
  return await measureLookaheadCost(
    { off: unchecked, on: checked },
    { code: workload.code, backtest: { data: workload.data } },
    { workload: workload.name, strategy: workload.strategy, iterations, seed },
  );
}

/** The row for a terminal: extra executions, extra time, and the percent with its interval. */
export function formatLookaheadCheckCost(cost: LookaheadCost, confidence: number, cpuCount: number): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const extra = [...new Set(cost.extraEvaluations)].join('/') || 'none';
  const o = cost.overhead;
  return (
    `${LOOKAHEAD_CHECK_MODE} ${cost.workload} (${cost.strategy}, through the wrapper at cpu_count ${cpuCount}, check off vs on, ${cost.iterations} each, interleaved): ` +
    `off mean ${s(cost.offMs.meanMs)}, on mean ${s(cost.onMs.meanMs)}, +${s(cost.onMs.meanMs - cost.offMs.meanMs)} per execution, ` +
    `${o.overheadPct.toFixed(1)}% [${o.lowPct.toFixed(1)}, ${o.highPct.toFixed(1)}] (${confidence * 100}% bootstrap); ` +
    `${extra} extra evaluations per execution taking ${s(cost.extraEvaluationMs.p50Ms)} (median; wall time summed over the re-runs, one job per cut day, all at once) beside the full run's ${s(cost.fullEvaluationMs.p50Ms)}; ` +
    `${cost.failures.length} failures`
  );
}
