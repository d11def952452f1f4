import type { ExecutionResult } from '../sandbox/execution-result.ts';
import type { BenchModeName } from './bench-modes.ts';
import type { BenchWorkload } from './bench-workload.ts';

/** What one timed execution gave. */
export interface BenchOutcome {
  ok: boolean;
  /** The execution status, or `threw` when the mode raised instead of returning a result. */
  status: string;
  /** Sandboxed modes only. */
  result?: ExecutionResult;
  /** Why it was not ok. */
  message?: string;
}

/** One mode, ready to execute workloads. Created by createBenchTarget, closed by its owner. */
export interface BenchTarget {
  readonly mode: BenchModeName;
  /**
   * Untimed, before each timed execution: brings the mode to the state every execution should
   * start from. For the pool: full, and every runner done starting. Others: nothing to do.
   */
  settle(): Promise<void>;
  /**
   * Executions a sustained stream consumes before it waits on the mode's own start-up: a warm
   * pool's ready containers (its size). Throughput runs them untimed. Others: none.
   */
  readonly warmupExecutions?: number;
  /** One execution of the workload. Never throws: a failure is an outcome that is not ok. */
  execute(workload: BenchWorkload): Promise<BenchOutcome>;
  /** Releases everything (containers, children) and waits for it. Idempotent. */
  close(): Promise<void>;
}
