import { randomInt } from 'node:crypto';
import type { SandboxConfig } from '../config/sandbox-config.ts';
import type { ExecutionResult } from '../sandbox/execution-result.ts';
import { computeBacktest } from '../workload/backtest.ts';
import type { MarketData } from '../workload/market-data.ts';
import { chooseCutDays } from './cut-days.ts';
import type { LookaheadJob, RunnerLookaheadReport } from './lookahead-job.ts';
import { runLookaheadCheck, type RunCheckJob } from './lookahead-check.ts';
import { lookaheadVerdict } from './lookahead-verdict.ts';

/**
 * The look-ahead part of a backtest job, or undefined when `sandbox.backtest.lookahead` is off.
 * Every cut day gets every configured perturbation, cut days ascending; within a cut day the
 * truncated re-run (the cheapest) comes first, and a check job stops at its first failure.
 */
export function planLookahead(backtest: SandboxConfig['backtest'], data: MarketData): LookaheadJob | undefined {
  const { enabled, cuts, perturbations } = backtest.lookahead;
  if (!enabled) return undefined;
  // randomInt's bound is exclusive and at most 2^48: 2^32 gives every 32-bit seed.
  const seed = backtest.lookahead.seed === 'random' ? randomInt(2 ** 32) : backtest.lookahead.seed;
  const days = chooseCutDays(data.dates.length, cuts, seed);
  return { seed, cuts: days.flatMap((day) => perturbations.map((perturbation) => ({ day, perturbation }))) };
}

/**
 * The one hook the wrapper calls on a backtest whose full run ended `ok`: refuses invalid weights
 * (`error`, first offending day and ticker) before anything else runs, then runs the look-ahead
 * check (lookahead-check.ts: its own jobs, its own deadlines) when `plan` is set, and scores.
 */
export async function scoreCheckedBacktest(
  result: ExecutionResult,
  data: MarketData,
  backtest: SandboxConfig['backtest'],
  plan: LookaheadJob | undefined,
  run: RunCheckJob,
): Promise<ExecutionResult> {
  const weightsOnly = scoreBacktest(result, data, backtest, undefined, undefined);
  // Refused weights get no re-runs: nothing would be scored anyway.
  if (!plan || weightsOnly.status !== 'ok') return weightsOnly;
  const outcome = await runLookaheadCheck(plan, result.value, result.durationMs, backtest.lookahead.budgetFactor, run);
  if (outcome.infra) {
    const reason = outcome.infra.message ?? 'the engine failed';
    return {
      ...outcome.infra,
      message: `the look-ahead check could not run (its scores cannot be trusted without it): ${reason}`,
      value: undefined,
      backtest: undefined,
    };
  }
  return scoreBacktest(result, data, backtest, plan, outcome.report);
}

/**
 * Scores weights already returned (`result.value`): refuses invalid weights (`error`, first
 * offending day and ticker), refuses a strategy whose weights moved when only later data did
 * (`lookahead`) or that disagreed with itself (`nondeterministic`) according to `report`, and
 * only then computes the metrics. A refused run has no `backtest` and no `value`.
 */
export function scoreBacktest(
  result: ExecutionResult,
  data: MarketData,
  backtest: SandboxConfig['backtest'],
  plan: LookaheadJob | undefined,
  report: RunnerLookaheadReport | undefined,
): ExecutionResult {
  const weights = result.value;
  let metrics;
  try {
    metrics = computeBacktest(data, weights, { maxGrossLeverage: backtest.maxGrossLeverage });
  } catch (error) {
    return refuse(result, 'error', `the strategy's weights cannot be backtested: ${(error as Error).message}`);
  }
  if (!plan || !report || report.skipped) return { ...result, value: weights, backtest: metrics };
  const { record, message } = lookaheadVerdict(report, data, plan.seed);
  if (record.verdict !== 'causal')
    return { ...refuse(result, record.verdict, message ?? record.verdict), lookahead: record };
  return { ...result, value: weights, backtest: metrics, lookahead: record };
}

function refuse(result: ExecutionResult, status: ExecutionResult['status'], message: string): ExecutionResult {
  return { ...result, status, message, value: undefined, backtest: undefined };
}
