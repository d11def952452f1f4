import type { ExecutionMode, ExecutionResult } from './execution-result.ts';
import type { RunnerJob } from './runner-protocol.ts';

/** Per-job settings that differ from the config's. */
export interface ExecuteOptions {
  /** Deadline of this job instead of sandbox.docker.timeout_seconds (the look-ahead check's jobs have their own). */
  timeoutMs?: number;
}

/**
 * Executes prepared runner jobs in one mode. The wrapper routes between executors.
 *
 * One verb all the way down: `execute` takes one job to one ExecutionResult at every level,
 * SandboxExecutionWrapper.execute (strategy code) -> Executor.execute (a prepared job) ->
 * StartedSandboxContainer.execute (the job in one container). `run` names what runs many:
 * runClaims, runPhases, runGate, runBench; and a claim's runProbe / runStrategy.
 */
export interface Executor {
  readonly mode: ExecutionMode;
  /**
   * Executes one job and returns its result. Throws InfrastructureError only when the engine or
   * host failed; every outcome of the strategy itself is a result.
   */
  execute(job: RunnerJob, options?: ExecuteOptions): Promise<ExecutionResult>;
  /** Releases everything the executor holds (containers, children). Idempotent. */
  close(): Promise<void>;
}
