import type { ExecutionMode, ExecutionResult } from './execution-result.ts';
import type { RunnerJob } from './runner-protocol.ts';

/** Runs prepared runner jobs in one mode. The wrapper routes between executors. */
export interface Executor {
  readonly mode: ExecutionMode;
  /**
   * Runs one job and returns its result. Throws InfrastructureError only when the engine or
   * host failed; every outcome of the strategy itself is a result.
   */
  run(job: RunnerJob): Promise<ExecutionResult>;
  /** Releases everything the executor holds (containers, children). Idempotent. */
  close(): Promise<void>;
}
