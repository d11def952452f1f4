import type { LookaheadPerturbation } from '../config/sandbox-config.ts';

/** One re-run of the look-ahead check: the days after `day` are replaced as `perturbation` says. */
export interface LookaheadCut {
  /** Index of the last day left untouched. */
  day: number;
  perturbation: LookaheadPerturbation;
}

/** What the runner is told (docker/runner/lookahead.mjs), beside the strategy and its input. */
export interface LookaheadJob {
  /** The seed the cut days came from (recorded; the runner does not use it). */
  seed: number;
  cuts: LookaheadCut[];
}

/** A position where a re-run's weights differ from the full run's; `perturbed` is null when absent. */
export interface WeightDifference {
  day: number;
  ticker: number;
  full: unknown;
  perturbed: unknown;
}

/** What the runner reports back (trusted code, inside the frame). */
export interface RunnerLookaheadReport {
  fullEvaluationMs: number;
  checks: Array<LookaheadCut & { evaluationMs: number; difference?: WeightDifference; failure?: string }>;
  /** The identical input once more, made only after a difference or failure, to attribute it. */
  repeat?: { evaluationMs: number; difference?: WeightDifference; failure?: string };
  /** Set when nothing could be compared (weights not rows of numbers: refused anyway). */
  skipped?: string;
}
