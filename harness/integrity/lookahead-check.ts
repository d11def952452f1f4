import { firstDifference } from './first-difference.ts';
import type { ExecutionResult } from '../sandbox/execution-result.ts';
import type { LookaheadCut, LookaheadJob, RunnerCutCheck, RunnerLookaheadReport } from './lookahead-job.ts';

/**
 * Runs one check job in the sandbox the full run used (same mode, same limits except the
 * deadline): the re-runs of `cuts`, or the full input again when `cuts` is undefined (the
 * repeat). One job, one fresh container (or child process), as every execution.
 */
export type RunCheckJob = (cuts: LookaheadCut[] | undefined, timeoutMs: number) => Promise<ExecutionResult>;

/**
 * Fixed part of every check job's deadline: a check job may find the warm pool empty and start
 * cold, and the runner imports ses and locks down before it reads its job (0.3 to 1.5 s at
 * 0.5 CPU on the 2-core development VM); 5 s covers that on a loaded host.
 */
export const CHECK_FIXED_BUDGET_MS = 5_000;

/** The deadline of a check job that evaluates `evaluations` inputs, none longer than the full one. */
export function checkBudgetMs(evaluations: number, fullDurationMs: number, budgetFactor: number): number {
  return Math.round(CHECK_FIXED_BUDGET_MS + budgetFactor * evaluations * fullDurationMs);
}

/** The check's outcome, or the infrastructure failure that kept it from running (the execution then ends `infra-error`). */
export type LookaheadCheckOutcome =
  { report: RunnerLookaheadReport; infra?: undefined } | { report?: undefined; infra: ExecutionResult };

/**
 * The look-ahead check after a full run that returned `weights` in `fullDurationMs`: one check
 * job per cut day (its perturbations evaluated in turn, cheapest first), all cut days at once, so
 * the check's wall time is about its slowest cut day's rather than the sum (each job in its own
 * single-use sandbox with its own CPU quota). Each job gets its own deadline (checkBudgetMs),
 * never a share of the strategy's timeout. After any change or failure, the identical full input
 * once more, to tell look-ahead from non-determinism.
 */
export async function runLookaheadCheck(
  plan: LookaheadJob,
  weights: unknown,
  fullDurationMs: number,
  budgetFactor: number,
  run: RunCheckJob,
): Promise<LookaheadCheckOutcome> {
  const report: RunnerLookaheadReport = { fullEvaluationMs: fullDurationMs, checks: [] };
  // Weights that are not rows of numbers are refused by the harness anyway; nothing to compare.
  if (!Array.isArray(weights) || !weights.every(Array.isArray))
    return { report: { ...report, skipped: 'the weights are not an array of rows' } };
  const rows = weights as unknown[][];
  const days = [...new Set(plan.cuts.map((cut) => cut.day))];
  const groups = days.map((day) => plan.cuts.filter((cut) => cut.day === day));
  const results = await Promise.all(
    groups.map((cuts) => run(cuts, checkBudgetMs(cuts.length, fullDurationMs, budgetFactor))),
  );
  for (const [i, result] of results.entries()) {
    if (result.status === 'infra-error') return { infra: result };
    const cuts = groups[i]!;
    const budgetMs = checkBudgetMs(cuts.length, fullDurationMs, budgetFactor);
    if (result.status !== 'ok') {
      const sharedBy = cuts.map((cut) => cut.perturbation);
      report.checks.push({
        ...cuts[0]!,
        evaluationMs: result.durationMs,
        failure: describeJobFailure(result, budgetMs, cuts.length, fullDurationMs, budgetFactor),
        ...(cuts.length > 1 ? { sharedBy } : {}),
      });
      continue;
    }
    for (const check of (result.value as { checks: RunnerCutCheck[] }).checks) {
      const entry: RunnerLookaheadReport['checks'][number] = {
        day: check.day,
        perturbation: check.perturbation,
        evaluationMs: check.evaluationMs,
      };
      if (check.failure !== undefined) entry.failure = check.failure;
      else {
        const difference = firstDifference(rows, check.weights, check.day);
        if (difference) entry.difference = difference;
      }
      report.checks.push(entry);
    }
  }
  if (!report.checks.some((check) => check.difference || check.failure !== undefined)) return { report };

  const budgetMs = checkBudgetMs(1, fullDurationMs, budgetFactor);
  const again = await run(undefined, budgetMs);
  if (again.status === 'infra-error') return { infra: again };
  const repeat: NonNullable<RunnerLookaheadReport['repeat']> = { evaluationMs: again.durationMs };
  if (again.status === 'ok') {
    const lastDay = Math.max(0, ...rows.map((row) => row.length - 1));
    const difference = firstDifference(rows, again.value, lastDay);
    if (difference) repeat.difference = difference;
  } else {
    repeat.failure = describeJobFailure(again, budgetMs, 1, fullDurationMs, budgetFactor);
  }
  return { report: { ...report, repeat } };
}

function describeJobFailure(
  result: ExecutionResult,
  budgetMs: number,
  evaluations: number,
  fullDurationMs: number,
  budgetFactor: number,
): string {
  if (result.status !== 'timeout') return `${result.status}: ${result.message ?? 'no message'}`;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return (
    `the re-run did not finish within the check's own budget of ${s(budgetMs)} ` +
    `(${s(CHECK_FIXED_BUDGET_MS)} + sandbox.backtest.lookahead.budget_factor ${budgetFactor} x ${evaluations} input(s) x the full run's ${s(fullDurationMs)}), ` +
    'although no input was longer than the full one'
  );
}
