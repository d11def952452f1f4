import type { ClaimOutcome } from '../claims/claim.ts';
import type { FileErrorRecord, UnhandledErrorRecord } from '../results/results-types.ts';
import type { PhaseName } from './phase-names.ts';

/** One test as the gate records it. */
export interface TestOutcome {
  /** Stable id: `<phase>:<file relative to the repo>:<full name>`. */
  id: string;
  title: string;
  file: string;
  status: 'passed' | 'failed' | 'skipped';
  durationMs: number;
  /** What the test recorded with `task.meta.evidence`. */
  evidence?: unknown;
  error?: string;
}

export interface PhaseOutcome {
  name: PhaseName;
  tests: TestOutcome[];
  passed: number;
  failed: number;
  skipped: number;
  /** Errors outside any test: a file that failed to load, a suite or hook that threw. */
  errors: FileErrorRecord[];
}

/** What the suites recorded beside their tests, gathered from `task.meta`. */
export interface CollectedRecords {
  /** From `task.meta.claim` (a ClaimOutcome), with the id of the test that produced it. */
  claims: Array<ClaimOutcome & { testIds: string[] }>;
  /** From `task.meta.layerMatrix`. */
  layerMatrix?: unknown;
}

export interface PhaseRun {
  phases: PhaseOutcome[];
  records: CollectedRecords;
  /** Errors vitest caught outside every test file of the run. */
  unhandledErrors: UnhandledErrorRecord[];
}
