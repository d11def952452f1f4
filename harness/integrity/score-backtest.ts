import { randomInt } from 'node:crypto';
import type { SandboxConfig } from '../config/sandbox-config.ts';
import type { ExecutionResult } from '../sandbox/execution-result.ts';
import { computeBacktest } from '../workload/backtest.ts';
import type { MarketData } from '../workload/market-data.ts';
import { chooseCutDays } from './cut-days.ts';
import type { LookaheadJob, RunnerLookaheadReport } from './lookahead-job.ts';
import { lookaheadVerdict } from './lookahead-verdict.ts';

/**
 * The look-ahead part of a backtest job, or undefined when `sandbox.backtest.lookahead` is off.
 * Every cut day gets every configured perturbation, cut days ascending: the earliest cut's
 * truncated re-run is the cheapest, and the check stops at the first change.
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
 * The one hook the wrapper calls on a backtest that ended `ok`: takes the weights (out of the
 * runner's look-ahead envelope when the check ran), refuses invalid weights (`error`, first
 * offending day and ticker), refuses a strategy whose weights moved when only later data did
 * (`lookahead`) or that disagreed with itself (`nondeterministic`), and only then computes the
 * metrics. A refused run has no `backtest` and no `value`.
 */
export function scoreBacktest(result: ExecutionResult, data: MarketData, backtest: SandboxConfig['backtest'], lookahead: LookaheadJob | undefined): ExecutionResult {
  let weights = result.value;
  let report: RunnerLookaheadReport | undefined;
  if (lookahead) {
    const envelope = result.value as { weights?: unknown; lookahead?: RunnerLookaheadReport } | null;
    if (envelope === null || typeof envelope !== 'object' || !('weights' in envelope) || typeof envelope.lookahead !== 'object') {
      return refuse(result, 'error', 'the runner returned no look-ahead report (an image older than the harness? rebuild it with `sandbox-gate image build`)');
    }
    weights = envelope.weights;
    report = envelope.lookahead;
  }
  let metrics;
  try {
    metrics = computeBacktest(data, weights, { maxGrossLeverage: backtest.maxGrossLeverage });
  } catch (error) {
    return refuse(result, 'error', `the strategy's weights cannot be backtested: ${(error as Error).message}`);
  }
  if (!report || report.skipped) return { ...result, value: weights, backtest: metrics };
  const { record, message } = lookaheadVerdict(report, data, lookahead!.seed);
  if (record.verdict !== 'causal') return { ...refuse(result, record.verdict, message ?? record.verdict), lookahead: record };
  return { ...result, value: weights, backtest: metrics, lookahead: record };
}

function refuse(result: ExecutionResult, status: ExecutionResult['status'], message: string): ExecutionResult {
  return { ...result, status, message, value: undefined, backtest: undefined };
}
