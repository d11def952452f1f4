import type { LookaheadPerturbation } from '../config/sandbox-config.ts';

/**
 * - `causal`: every re-run agreed with the full run up to its cut;
 * - `lookahead`: a re-run's weights changed before its cut, or the strategy failed on a cut input,
 *   while the identical input gave identical weights;
 * - `nondeterministic`: the identical input gave different weights (or failed) the second time.
 */
export type LookaheadVerdict = 'causal' | 'lookahead' | 'nondeterministic';

/** A changed weight, in the data's own names. */
export interface LookaheadChange {
  day: number;
  date: string;
  ticker: string;
  full: unknown;
  perturbed: unknown;
}

/** The look-ahead check of one backtest, as ExecutionResult.lookahead records it. */
export interface LookaheadRecord {
  verdict: LookaheadVerdict;
  /** Seed the cut days were drawn from (sandbox.backtest.lookahead.seed, or the one drawn for `random`). */
  seed: number;
  /** Every re-run made, in order; the check stops at the first change. */
  /** `sharedBy`: a failure of a whole check job, which ran these perturbations of the cut day (see lookahead-job.ts). */
  cuts: Array<{
    day: number;
    date: string;
    perturbation: LookaheadPerturbation;
    evaluationMs: number;
    changed?: LookaheadChange;
    failure?: string;
    sharedBy?: LookaheadPerturbation[];
  }>;
  /** The repeat of the identical input, made only to attribute a change. */
  repeat?: { evaluationMs: number; changed?: LookaheadChange; failure?: string };
  /** The full run's duration as its executor measured it (job sent to result read; the run is a job of its own). */
  fullEvaluationMs: number;
  /** Evaluations beyond the full run: what the check cost. */
  extraEvaluations: number;
  /** Their summed wall time, each measured in its runner (the cut days' check jobs run at once, so the check's wall time is less). */
  extraEvaluationMs: number;
}
