// The harness side of the look-ahead check (harness/integrity/lookahead-check.ts) with a fake
// sandbox: one job per cut day, all at once, each with its own deadline derived from the full
// run (never from the strategy's timeout); a change or failure triggers one repeat.
import { describe, expect, it } from 'vitest';
import {
  CHECK_FIXED_BUDGET_MS,
  checkBudgetMs,
  runLookaheadCheck,
  type RunCheckJob,
} from '../../harness/integrity/lookahead-check.ts';
import type { LookaheadCut, LookaheadJob } from '../../harness/integrity/lookahead-job.ts';
import { emptyResult, type ExecutionResult } from '../../harness/sandbox/execution-result.ts';

const weights = [
  [0.5, 0.5, 0.5, 0.5],
  [0, 0, 0, 0],
];
const plan: LookaheadJob = {
  seed: 7,
  cuts: [
    { day: 1, perturbation: 'truncate' },
    { day: 1, perturbation: 'far-above' },
    { day: 2, perturbation: 'truncate' },
    { day: 2, perturbation: 'far-above' },
  ],
};
const ok = (value: unknown, durationMs = 10): ExecutionResult => ({
  ...emptyResult('docker'),
  status: 'ok',
  value,
  durationMs,
});
/** A sandbox whose re-runs return `respond(cut)`'s weights (days 0..cut), recording every job and deadline. */
function fakeSandbox(respond: (cut: LookaheadCut) => unknown = () => weights) {
  const jobs: Array<{ cuts: LookaheadCut[] | undefined; timeoutMs: number }> = [];
  let running = 0;
  let peak = 0;
  const run: RunCheckJob = async (cuts, timeoutMs) => {
    jobs.push({ cuts, timeoutMs });
    running += 1;
    peak = Math.max(peak, running);
    await new Promise((resolve) => setTimeout(resolve, 5));
    running -= 1;
    if (!cuts) return ok(weights);
    return ok({
      checks: cuts.map((cut) => ({
        ...cut,
        evaluationMs: 3,
        weights: (respond(cut) as number[][]).map((row) => row.slice(0, cut.day + 1)),
      })),
    });
  };
  return { run, jobs, peak: () => peak };
}

describe('runLookaheadCheck', () => {
  it('one job per cut day, run at once, each with its own deadline: fixed part + factor x its inputs x the full run', async () => {
    const sandbox = fakeSandbox();
    const { report } = await runLookaheadCheck(plan, weights, 1_000, 3, sandbox.run);
    expect(sandbox.jobs.map((j) => j.cuts?.map((c) => `${c.day}/${c.perturbation}`))).toEqual([
      ['1/truncate', '1/far-above'],
      ['2/truncate', '2/far-above'],
    ]);
    expect(sandbox.peak()).toBe(2);
    expect(sandbox.jobs.map((j) => j.timeoutMs)).toEqual([
      CHECK_FIXED_BUDGET_MS + 6_000,
      CHECK_FIXED_BUDGET_MS + 6_000,
    ]);
    expect(report!.checks).toHaveLength(4);
    expect(report!.checks.every((c) => !c.difference && c.failure === undefined)).toBe(true);
    expect(report!.repeat).toBeUndefined();
    expect(report!.fullEvaluationMs).toBe(1_000);
  });

  it('the budget follows the full run, not sandbox.docker.timeout_seconds: a strategy at 290 s of a 300 s timeout gets 3 x 290 s per input', () => {
    expect(checkBudgetMs(3, 290_000, 3)).toBe(CHECK_FIXED_BUDGET_MS + 3 * 3 * 290_000);
  });

  it('a change before the cut is found in the harness, then the identical input runs once more', async () => {
    const sandbox = fakeSandbox((cut) =>
      cut.day === 2 && cut.perturbation === 'far-above'
        ? [
            [0.5, 1, 0.5],
            [0, 0, 0],
          ]
        : weights,
    );
    const { report } = await runLookaheadCheck(plan, weights, 1_000, 3, sandbox.run);
    expect(report!.checks.find((c) => c.difference)).toMatchObject({
      day: 2,
      perturbation: 'far-above',
      difference: { day: 1, ticker: 0, full: 0.5, perturbed: 1 },
    });
    expect(sandbox.jobs.at(-1)).toEqual({ cuts: undefined, timeoutMs: CHECK_FIXED_BUDGET_MS + 3_000 });
    expect(report!.repeat).toEqual({ evaluationMs: 10 });
  });

  it('a check job that overruns its budget is a failure on its first cut, naming the budget and the key', async () => {
    const run: RunCheckJob = async (cuts, timeoutMs) =>
      cuts?.[0]?.day === 2
        ? {
            ...emptyResult('docker'),
            status: 'timeout',
            message: `killed after the ${timeoutMs / 1000} s timeout`,
            durationMs: timeoutMs,
          }
        : fakeSandbox().run(cuts, timeoutMs);
    const { report } = await runLookaheadCheck(plan, weights, 1_000, 3, run);
    const failed = report!.checks.find((c) => c.failure !== undefined)!;
    expect(failed).toMatchObject({ day: 2, perturbation: 'truncate' });
    expect(failed.failure).toBe(
      "the re-run did not finish within the check's own budget of 11.0 s (5.0 s + sandbox.backtest.lookahead.budget_factor 3 x 2 input(s) x the full run's 1.0 s), although no input was longer than the full one",
    );
  });

  it('an infrastructure failure of a check job is returned as such (the execution ends infra-error, never scored)', async () => {
    const infra = { ...emptyResult('docker'), status: 'infra-error' as const, message: 'engine gone' };
    const outcome = await runLookaheadCheck(plan, weights, 1_000, 3, async () => infra);
    expect(outcome.infra).toBe(infra);
  });

  it('weights that are not rows are not compared (they are refused as weights anyway)', async () => {
    const sandbox = fakeSandbox();
    const { report } = await runLookaheadCheck(plan, { not: 'rows' }, 1_000, 3, sandbox.run);
    expect(report!.skipped).toMatch(/not an array of rows/);
    expect(sandbox.jobs).toEqual([]);
  });
});
