import type { LookaheadPerturbation } from '../config/sandbox-config.ts';

/** One re-run of the look-ahead check: the days after `day` are replaced as `perturbation` says. */
export interface LookaheadCut {
  /** Index of the last day left untouched. */
  day: number;
  perturbation: LookaheadPerturbation;
}

/** The check's plan: every re-run (a check job tells the runner, docker/runner/lookahead.mjs, a part of `cuts`). */
export interface LookaheadJob {
  /** The seed the cut days came from (recorded; the runner does not use it). */
  seed: number;
  cuts: LookaheadCut[];
}

/** One re-run as a check job's runner returns it: the weights of days 0..day, or why there are none. */
export interface RunnerCutCheck extends LookaheadCut {
  evaluationMs: number;
  weights?: unknown;
  failure?: string;
}

/** A position where a re-run's weights differ from the full run's; `perturbed` is null when absent. */
export interface WeightDifference {
  day: number;
  ticker: number;
  full: unknown;
  perturbed: unknown;
}

/** The check's outcome, assembled by the harness (lookahead-check.ts) from the check jobs' results. */
export interface RunnerLookaheadReport {
  /** The full run's duration as its executor measured it (job sent to result read). */
  fullEvaluationMs: number;
  /**
   * `sharedBy`: the failure is the whole check job's (it overran its budget or ran out of memory),
   * so it belongs to one of these perturbations of the cut day, the sandbox cannot say which.
   */
  checks: Array<
    LookaheadCut & {
      evaluationMs: number;
      difference?: WeightDifference;
      failure?: string;
      sharedBy?: LookaheadPerturbation[];
    }
  >;
  /** The identical input once more, made only after a difference or failure, to attribute it. */
  repeat?: { evaluationMs: number; difference?: WeightDifference; failure?: string };
  /** Set when nothing could be compared (weights not rows of numbers: refused anyway). */
  skipped?: string;
}
