import type Docker from 'dockerode';
import type { SandboxConfig } from '../../config/sandbox-config.ts';
import type { ContainerTimeline, ExecutionResult } from '../execution-result.ts';
import type { ExecuteOptions, Executor } from '../executor.ts';
import type { RunnerJob } from '../runner-protocol.ts';
import { buildContainerSpec } from './container-spec.ts';
import { DockerExecutor, type DockerExecutorOptions, type DockerPreparation } from './docker-executor.ts';
import { WarmPool, type WarmPoolSnapshot } from './pool.ts';
import type { WarmPoolOptions } from './pool-options.ts';
import {
  monotonicClock,
  startSandboxContainer,
  type Clock,
  type ExecutionLimits,
  type StartedSandboxContainer,
} from './sandbox-container.ts';

/** Pool tuning beyond `sandbox.pool` (size and idle time come from the config). */
export type PoolTuning = Pick<
  WarmPoolOptions,
  'maxConcurrentStarts' | 'refillBackoffMs' | 'maxRefillBackoffMs' | 'verifyOnTake' | 'refillOnTake' | 'removalAttempts'
>;

export interface PooledDockerExecutorOptions extends DockerExecutorOptions {
  pool?: PoolTuning;
}

/**
 * Docker mode with a warm pool (`sandbox.pool`): each execution takes a pre-started container
 * whose runner has already paid for Node's start and `lockdown()`, and that container serves
 * that one execution only. Without a usable warm one it starts a cold container at once
 * rather than wait. Containers are removed off the critical path; close() waits for them.
 *
 * Everything the wrapper can observe is as in cold mode: the same spec (rebuilt from the
 * current config for every take), the same `StartedSandboxContainer.execute`, the same
 * statuses, and engine failures surface as the same InfrastructureError (the pool's own
 * background failures never do). Two differences: `timeline.pooled`, and an execution whose
 * result frame arrived returns on it (execute's `returnOnFrame`), with `exitCode` and
 * `signal` null; its exit is checked and the container removed in the background, and the
 * pool counts an exit that does not match the frame (`stats.unexpectedExits`) and a container
 * that would not go away (`stats.notRemoved`).
 *
 * Timelines: for a pooled run, createMs, attachMs and startMs are the container's warm-up
 * (done before the execution began, off its critical path); firstByteMs, resultMs and
 * removeMs count from the moment the job was handed over. For a cold run all count from the
 * container's create, as in DockerExecutor.
 */
export class PooledDockerExecutor implements Executor {
  readonly mode = 'docker' as const;
  readonly docker: Docker;
  readonly pool: WarmPool;
  private readonly cold: DockerExecutor;
  private readonly clock: Clock;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing: Promise<void> | undefined;

  constructor(
    readonly config: SandboxConfig,
    private readonly options: PooledDockerExecutorOptions = {},
  ) {
    this.cold = new DockerExecutor(config, options);
    this.docker = this.cold.docker;
    this.clock = options.clock ?? monotonicClock;
    this.pool = new WarmPool(this.docker, {
      size: () => config.pool.size,
      idleMs: () => config.pool.idleMs,
      currentSpec: () => this.currentSpec(),
      clock: this.clock,
      ...options.pool,
    });
  }

  /** Resolves (building if needed) the image and loads the seccomp profile; memoized on success. */
  prepare(): Promise<DockerPreparation> {
    return this.cold.prepare();
  }

  /** The spec a container must have now, rebuilt from the config as it is at this moment. */
  async currentSpec(): Promise<Docker.ContainerCreateOptions> {
    const { imageRef, seccomp } = await this.cold.prepare();
    return buildContainerSpec({ config: this.config, imageRef, seccomp, relax: this.options.relax });
  }

  get limits(): ExecutionLimits {
    return this.cold.limits;
  }

  /**
   * Fills the pool now instead of after the first execution, and resolves true once it is full
   * (false on timeout or close). Engine failures are retried in the background, never thrown.
   */
  async warmUp(timeoutMs = 60_000): Promise<boolean> {
    try {
      await this.prepare();
    } catch {
      // The same error surfaces on execute(), where the wrapper retries and counts it.
      return false;
    }
    return this.pool.whenSettled(timeoutMs);
  }

  poolSnapshot(): WarmPoolSnapshot {
    return this.pool.snapshot();
  }

  async execute(job: RunnerJob, options: ExecuteOptions = {}): Promise<ExecutionResult> {
    if (this.closing) throw new Error('this PooledDockerExecutor is closed');
    const running = this.executeOnce(job, options);
    this.inFlight.add(running);
    try {
      return await running;
    } finally {
      this.inFlight.delete(running);
    }
  }

  private async executeOnce(job: RunnerJob, options: ExecuteOptions): Promise<ExecutionResult> {
    await this.prepare();
    const warm = await this.pool.take();
    if (warm) return this.executeIn(warm, job, true, options);
    const cold = await startSandboxContainer(this.docker, await this.currentSpec(), this.clock);
    // The engine accepts this spec: from now on the pool keeps containers ready.
    this.pool.activate();
    return this.executeIn(cold, job, false, options);
  }

  private async executeIn(
    container: StartedSandboxContainer,
    job: RunnerJob,
    pooled: boolean,
    options: ExecuteOptions,
  ): Promise<ExecutionResult> {
    const handedOverMs = this.clock() - container.createdAt;
    try {
      // Returns on the result frame; the pool checks the exit and removes it in the background.
      const limits = { ...this.limits, timeoutMs: options.timeoutMs ?? this.limits.timeoutMs };
      const result = await container.execute(job, limits, { keepForRemoval: true, returnOnFrame: true });
      const timeline: ContainerTimeline = result.timeline ?? container.timeline;
      if (pooled) rebaseOnHandover(timeline, handedOverMs);
      timeline.pooled = pooled;
      result.timeline = timeline;
      return result;
    } finally {
      this.pool.release(container);
    }
  }

  /** Waits for running executions, then removes every container and waits for the removals. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      await this.pool.close();
    })();
    return this.closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/**
 * Makes a pooled container's execution marks count from the hand-over (the container's clock
 * starts at its create, which for a warm container was long before). The timeline object is
 * the container's own, so remove() later computes removeMs on the same basis.
 */
function rebaseOnHandover(timeline: ContainerTimeline, handedOverMs: number): void {
  if (timeline.firstByteMs !== undefined) timeline.firstByteMs -= handedOverMs;
  if (timeline.resultMs !== undefined) timeline.resultMs -= handedOverMs;
}
