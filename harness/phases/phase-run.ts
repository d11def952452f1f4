import type { ClaimRecord, PhaseRecord, UnhandledErrorRecord } from '../results/results-types.ts';

/** What the suites recorded beside their tests, gathered from `task.meta`. */
export interface CollectedRecords {
  /** From `task.meta.claim` (a ClaimOutcome), with the id of the test that produced it. */
  claims: ClaimRecord[];
  /** From `task.meta.layerMatrix`. */
  layerMatrix?: unknown;
}

/** One vitest run of some phases: their records as results.json holds them, and what the suites recorded. */
export interface PhaseRun {
  phases: PhaseRecord[];
  records: CollectedRecords;
  /** Errors vitest caught outside every test file of the run. */
  unhandledErrors: UnhandledErrorRecord[];
}
