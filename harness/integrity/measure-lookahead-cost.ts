import { bootstrapRatioInterval, type RatioInterval } from '../bench/statistics/bootstrap-ratio-interval.ts';
import { summarize, type Summary } from '../bench/statistics/summary.ts';
import type { ExecutionJob } from '../sandbox/execution-job.ts';
import type { ExecutionResult } from '../sandbox/execution-result.ts';

/** Anything that executes jobs: a SandboxExecutionWrapper with the check on, one with it off. */
export interface JobRunner {
  execute(job: ExecutionJob): Promise<ExecutionResult>;
}

/** What the look-ahead check costs on one workload, measured in this run (results.json: perf evidence `lookaheadCost`). */
export interface LookaheadCost {
  workload: string;
  strategy: string;
  iterations: number;
  /** Wall time of a whole execution through the wrapper (container, strategy, scoring), check off and on. */
  offMs: Summary;
  onMs: Summary;
  /** 100 * (mean(on) / mean(off) - 1), with its percentile bootstrap interval. */
  overhead: RatioInterval;
  /** Evaluations beyond the full run per checked execution (cuts x perturbations for a causal strategy). */
  extraEvaluations: number[];
  /** Inside the runner: the strategy's own evaluation, and the re-runs' summed time. */
  fullEvaluationMs: Summary;
  extraEvaluationMs: Summary;
  /** Executions that did not end `ok` (each is listed; none is dropped from the samples silently). */
  failures: Array<{ checked: boolean; status: string; message?: string }>;
}

/**
 * Runs `job` alternately without and with the check (off, on, off, on, ...: drift in machine
 * load falls on both), `iterations` times each after one warm-up of each, and summarizes.
 * Wall times come from `clock` (ms); the runner's own timings from each result's `lookahead`.
 */
export async function measureLookaheadCost(
  runners: { off: JobRunner; on: JobRunner },
  job: ExecutionJob,
  options: { workload: string; strategy: string; iterations: number; seed: number; clock?: () => number },
): Promise<LookaheadCost> {
  const clock = options.clock ?? (() => performance.now());
  const failures: LookaheadCost['failures'] = [];
  const offMs: number[] = [];
  const onMs: number[] = [];
  const extraEvaluations: number[] = [];
  const fullEvaluationMs: number[] = [];
  const extraEvaluationMs: number[] = [];
  const timed = async (runner: JobRunner, checked: boolean): Promise<[number, ExecutionResult]> => {
    const started = clock();
    const result = await runner.execute(job);
    const elapsed = clock() - started;
    if (result.status !== 'ok')
      failures.push({ checked, status: result.status, ...(result.message ? { message: result.message } : {}) });
    return [elapsed, result];
  };
  await timed(runners.off, false);
  await timed(runners.on, true);
  failures.length = 0; // warm-ups: not measured
  for (let i = 0; i < options.iterations; i++) {
    offMs.push((await timed(runners.off, false))[0]);
    const [elapsed, result] = await timed(runners.on, true);
    onMs.push(elapsed);
    if (result.lookahead) {
      extraEvaluations.push(result.lookahead.extraEvaluations);
      fullEvaluationMs.push(result.lookahead.fullEvaluationMs);
      extraEvaluationMs.push(result.lookahead.extraEvaluationMs);
    }
  }
  return {
    workload: options.workload,
    strategy: options.strategy,
    iterations: options.iterations,
    offMs: summarize(offMs),
    onMs: summarize(onMs),
    overhead: bootstrapRatioInterval(offMs, onMs, { seed: options.seed }),
    extraEvaluations,
    fullEvaluationMs: summarize(fullEvaluationMs.length ? fullEvaluationMs : [0]),
    extraEvaluationMs: summarize(extraEvaluationMs.length ? extraEvaluationMs : [0]),
    failures,
  };
}
