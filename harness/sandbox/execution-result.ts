import type { LookaheadRecord } from '../integrity/lookahead-record.ts';

/**
 * The one result shape of an execution, whatever happened. Success and failure share it,
 * so callers branch on `status`, never on exceptions.
 */

/**
 * - `ok`: the strategy returned a JSON value.
 * - `rejected`: refused before anything ran (layer 1 violations, or a job over the size cap).
 * - `error`: the strategy threw, was not a module with a default-exported function,
 *   returned something that is not JSON, or the runner exited non-zero.
 * - `timeout`: killed by the harness after `timeout_seconds`.
 * - `oom`: the V8 heap or the container's memory limit was exhausted (the message says which).
 * - `output-limit`: stdout or stderr went past its cap; the execution was stopped.
 * - `infra-error`: the engine failed and no fallback was allowed.
 * - `lookahead`: a backtest whose weights before a cut day changed when only the data after it
 *   changed (or that failed on such an input): it peeks at the future; no metrics (issue 16).
 * - `nondeterministic`: a backtest that returned different weights for the identical input; no metrics.
 * Weights that cannot be scored (wrong shape, not finite, gross exposure over
 * `sandbox.backtest.max_gross_leverage`) are the strategy's `error`, like a throw.
 */
export type ExecutionStatus =
  'ok' | 'rejected' | 'error' | 'timeout' | 'oom' | 'output-limit' | 'infra-error' | 'lookahead' | 'nondeterministic';

export type ExecutionMode = 'docker' | 'local' | 'in-process';

/** A layer 1 finding. */
export interface Violation {
  /** Stable rule id, e.g. `ambient/process`. */
  rule: string;
  message: string;
  line: number;
  column: number;
}

/** Backtest metrics, computed by trusted code outside the sandbox. Fractions, not percent. */
export interface BacktestMetrics {
  totalReturn: number;
  cagr: number;
  volatility: number;
  sharpe: number;
  maxDrawdown: number;
  turnover: number;
  days: number;
}

/** Timestamps of one container's life, in ms since the execution began (docker modes only). */
export interface ContainerTimeline {
  createMs?: number;
  attachMs?: number;
  startMs?: number;
  firstByteMs?: number;
  resultMs?: number;
  /** When the execution returned on its result frame (the pool): from the frame to the exit observed. */
  exitAfterResultMs?: number;
  removeMs?: number;
  /** True when the container came from the warm pool. */
  pooled?: boolean;
}

export interface ExecutionResult {
  status: ExecutionStatus;
  mode: ExecutionMode;
  /** True when the execution fell back from docker to local because of the infrastructure. */
  degraded: boolean;
  fallbackReason?: string;
  /** Human-readable explanation of any status other than `ok`. */
  message?: string;
  /** The strategy's return value (`ok` only). */
  value?: unknown;
  violations: Violation[];
  stdout: string;
  stderr: string;
  /** True byte counts, even when the captured text was truncated. */
  stdoutBytes: number;
  stderrBytes: number;
  truncated: boolean;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  containerId?: string;
  runtime?: string;
  /** Number of attempts made in the primary mode before the result (1 = no retry). */
  attempts: number;
  timeline?: ContainerTimeline;
  backtest?: BacktestMetrics;
  /** Backtests with `sandbox.backtest.lookahead.enabled`: the look-ahead check, its cut days and its cost. */
  lookahead?: LookaheadRecord;
}

/** A result with every field at its empty value; executors fill in what happened. */
export function emptyResult(mode: ExecutionMode): ExecutionResult {
  return {
    status: 'error',
    mode,
    degraded: false,
    violations: [],
    stdout: '',
    stderr: '',
    stdoutBytes: 0,
    stderrBytes: 0,
    truncated: false,
    exitCode: null,
    signal: null,
    durationMs: 0,
    attempts: 1,
  };
}
