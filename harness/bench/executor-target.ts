import type { SandboxConfig } from '../config/sandbox-config.ts';
import { PooledDockerExecutor } from '../sandbox/docker/pooled-docker-executor.ts';
import type { Executor } from '../sandbox/executor.ts';
import type { BenchModeName } from './bench-modes.ts';
import type { BenchOutcome, BenchTarget } from './bench-target.ts';
import type { BenchWorkload } from './bench-workload.ts';
import { runSandboxed } from './sandboxed-execution.ts';

/** How long settle() waits for the pool to refill before measuring anyway. */
const SETTLE_TIMEOUT_MS = 60_000;

/** A sandboxed mode: an Executor driven through the wrapper's steps (runSandboxed). */
export class ExecutorTarget implements BenchTarget {
  /** settle() calls that timed out (the pool was not full and ready when the execution began). */
  unsettled = 0;

  constructor(
    readonly mode: BenchModeName,
    readonly executor: Executor,
    private readonly config: SandboxConfig,
    /** For the pool: resolves true once it is full and ready. */
    private readonly whenSettled?: (timeoutMs: number) => Promise<boolean>,
  ) {}

  get warmupExecutions(): number {
    return this.executor instanceof PooledDockerExecutor ? this.config.pool.size : 0;
  }

  async settle(): Promise<void> {
    if (this.whenSettled && !(await this.whenSettled(SETTLE_TIMEOUT_MS))) this.unsettled += 1;
  }

  async execute(workload: BenchWorkload): Promise<BenchOutcome> {
    try {
      const result = await runSandboxed(this.executor, workload, this.config);
      return { ok: result.status === 'ok', status: result.status, result, message: result.message };
    } catch (error) {
      return { ok: false, status: 'threw', message: (error as Error).message };
    }
  }

  close(): Promise<void> {
    return this.executor.close();
  }
}
