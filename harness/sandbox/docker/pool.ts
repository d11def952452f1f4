import type Docker from 'dockerode';
import createDebug from 'debug';
import { settingsHash } from './container-spec.ts';
import { apiTimeoutOf, withDeadline } from './engine-deadline.ts';
import { LABEL_SETTINGS } from './labels.ts';
import { MAX_TIMER_MS, WARM_POOL_DEFAULTS, type WarmPoolOptions } from './pool-options.ts';
import { waitForRunnerIdle, type Readiness } from './pool-readiness.ts';
import { removeContainer } from './remove-container.ts';
import {
  monotonicClock,
  startSandboxContainer,
  type Clock,
  type StartedSandboxContainer,
} from './sandbox-container.ts';

const debug = createDebug('sandbox-gate:docker');

/**
 * Why a container left the pool without serving through it:
 * - `stale-settings`: its settings hash differs from the current config's;
 * - `idle`: warm longer than `idleMs`;
 * - `exited`: the engine says it no longer runs (killed, engine restarted);
 * - `detached`: its attach stream closed, so a job would reach no one;
 * - `inspect-failed`: the engine could not be asked (it is probably down);
 * - `served`: it already served (never expected: defence in depth);
 * - `closed`: the pool closed.
 */
export type DiscardReason = 'stale-settings' | 'idle' | 'exited' | 'detached' | 'inspect-failed' | 'served' | 'closed';

/** Counts of what the pool did; refill failures are infrastructure noise, never execution failures. */
export interface WarmPoolStats {
  /** Warm containers started. */
  started: number;
  /** Takes answered with a warm container. */
  handedOut: number;
  /** Of those, containers whose runner had not finished starting yet (none was ready). */
  handedOutStarting: number;
  /** How each warm container's runner was judged ready (see Readiness). */
  readiness: Partial<Record<Readiness, number>>;
  /** Takes that found no usable warm container (the execution went cold). */
  misses: number;
  discarded: Partial<Record<DiscardReason, number>>;
  /** Containers removed through the pool (served and discarded). */
  removed: number;
  /** Containers still there after every removal attempt (they carry our labels: gc finds them). */
  notRemoved: number;
  /** Executions that returned on their result frame and whose exit was then checked. */
  exitsCheckedAfterFrame: number;
  /** Of those, exits that did not match the frame (wrong code, OOM kill, no exit in time). */
  unexpectedExits: number;
  lastUnexpectedExit?: string;
  /** Background starts that failed; each is retried after a doubling delay. */
  refillFailures: number;
  lastRefillError?: string;
}

/** A point-in-time view of the pool, for tests, the benchmark and debugging. */
export interface WarmPoolSnapshot {
  warm: { id: string; settings: string; warmForMs: number; ready: boolean }[];
  starting: number;
  pendingRemovals: number;
  active: boolean;
  closed: boolean;
  stats: WarmPoolStats;
}

interface WarmEntry {
  container: StartedSandboxContainer;
  /** The `sandbox-gate.settings` label it was created with. */
  settings: string;
  warmSinceMs: number;
  idleTimer: NodeJS.Timeout;
  /** The runner finished starting and blocks on stdin (see waitForRunnerIdle). */
  ready: boolean;
  /** Set when the entry leaves the pool: stops the readiness watch. */
  left: boolean;
}

/**
 * Single-use containers created, attached and started ahead of need: each runner has done its
 * lockdown and waits for one job on stdin. A container leaves the pool exactly once, either
 * handed out (to serve one execution) or discarded; either way it is removed in the background
 * and the removal is tracked, so close() returns only when every container is gone.
 *
 * It never hands out a container that has served, that carries settings other than the current
 * config's, that idled past `idleMs`, whose attach stream closed, or (with `verifyOnTake`) that
 * the engine says no longer runs. When nothing usable is warm, take() returns undefined at once:
 * the caller goes cold rather than wait. Refills run in the background; a failed one is retried
 * after a doubling delay, and its error never reaches an execution.
 *
 * Filling starts with activate(): the executor calls it once the engine has started a container
 * with this spec, so a config the engine refuses never makes the pool spin up containers.
 */
export class WarmPool {
  readonly stats: WarmPoolStats = {
    started: 0,
    handedOut: 0,
    handedOutStarting: 0,
    readiness: {},
    misses: 0,
    discarded: {},
    removed: 0,
    notRemoved: 0,
    exitsCheckedAfterFrame: 0,
    unexpectedExits: 0,
    refillFailures: 0,
  };
  private readonly warm: WarmEntry[] = [];
  private starting = 0;
  private readonly pendingStarts = new Set<Promise<void>>();
  private readonly pendingRemovals = new Set<Promise<void>>();
  private readonly waiters = new Set<() => void>();
  private readonly clock: Clock;
  private readonly tuning: Required<Omit<WarmPoolOptions, 'size' | 'idleMs' | 'currentSpec' | 'clock'>>;
  private consecutiveFailures = 0;
  private backoffTimer: NodeJS.Timeout | undefined;
  private active = false;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly docker: Docker,
    private readonly options: WarmPoolOptions,
  ) {
    this.clock = options.clock ?? monotonicClock;
    this.tuning = {
      maxConcurrentStarts: options.maxConcurrentStarts ?? WARM_POOL_DEFAULTS.maxConcurrentStarts,
      refillBackoffMs: options.refillBackoffMs ?? WARM_POOL_DEFAULTS.refillBackoffMs,
      maxRefillBackoffMs: options.maxRefillBackoffMs ?? WARM_POOL_DEFAULTS.maxRefillBackoffMs,
      verifyOnTake: options.verifyOnTake ?? WARM_POOL_DEFAULTS.verifyOnTake,
      refillOnTake: options.refillOnTake ?? WARM_POOL_DEFAULTS.refillOnTake,
      removalAttempts: options.removalAttempts ?? WARM_POOL_DEFAULTS.removalAttempts,
    };
  }

  /** Starts (or keeps) filling the pool up to its size. Idempotent. */
  activate(): void {
    if (this.closed || this.active) return;
    this.active = true;
    this.fill();
  }

  /**
   * Hands out one usable warm container, or undefined at once when there is none (the caller
   * then uses a cold container). Never throws: anything wrong with a warm container discards it.
   */
  async take(): Promise<StartedSandboxContainer | undefined> {
    if (this.closed) return undefined;
    let wanted: string;
    try {
      wanted = specSettings(await this.options.currentSpec());
    } catch (error) {
      // The cold path asks for the same spec and surfaces this error as the cold executor would.
      debug('No warm container: the current spec is unavailable: %s', (error as Error).message);
      this.stats.misses += 1;
      return undefined;
    }
    while (this.warm.length > 0) {
      // Oldest ready runner first; one still starting beats a cold container all the same.
      const readyAt = this.warm.findIndex((candidate) => candidate.ready);
      const entry = this.warm.splice(readyAt >= 0 ? readyAt : 0, 1)[0]!;
      this.leave(entry);
      const reason = await this.unusable(entry, wanted);
      if (reason === undefined) {
        this.stats.handedOut += 1;
        if (!entry.ready) this.stats.handedOutStarting += 1;
        if (this.tuning.refillOnTake || this.warm.length === 0) this.fill();
        this.changed();
        return entry.container;
      }
      this.discard(entry.container, reason);
    }
    this.stats.misses += 1;
    this.fill();
    return undefined;
  }

  /**
   * Removes a container that served an execution (handed out by take(), or a cold one the
   * executor ran), in the background and tracked, so that close() waits for it. When the
   * execution returned on its result frame, the exit is awaited and checked first.
   */
  release(container: StartedSandboxContainer): void {
    this.removeInBackground(container);
    this.fill();
  }

  private discard(container: StartedSandboxContainer, reason: DiscardReason): void {
    this.stats.discarded[reason] = (this.stats.discarded[reason] ?? 0) + 1;
    debug('Discarding container %s (%s)', container.shortId, reason);
    this.removeInBackground(container);
  }

  private removeInBackground(container: StartedSandboxContainer): void {
    const removal = (async () => {
      if (container.afterFrame) {
        const check = await container.afterFrame;
        this.stats.exitsCheckedAfterFrame += 1;
        if (check.problem) {
          this.stats.unexpectedExits += 1;
          this.stats.lastUnexpectedExit = `container ${container.shortId}: ${check.problem}`;
          debug('Unexpected exit after the result frame: %s', this.stats.lastUnexpectedExit);
        }
      }
      await container.remove();
      // remove() logs and swallows failures (it runs on cleanup paths); make sure it is gone,
      // retrying while the engine is unreachable. Normally one request that answers 404.
      const gone = await removeContainer(this.docker.getContainer(container.id), {
        timeoutMs: apiTimeoutOf(this.docker),
        attempts: this.tuning.removalAttempts,
        oweOnFailure: false,
      });
      if (gone) this.stats.removed += 1;
      else this.stats.notRemoved += 1;
    })().catch((error: unknown) => {
      // Cleanup path: what could not be removed carries our labels; the sweeper gets it.
      debug('Failed to remove container %s: %s', container.shortId, (error as Error).message);
    });
    this.pendingRemovals.add(removal);
    void removal.finally(() => {
      this.pendingRemovals.delete(removal);
      this.changed();
    });
  }

  /** True when the pool holds `size` ready containers, with nothing starting or being removed. */
  get settled(): boolean {
    return (
      this.warm.length >= this.options.size() &&
      this.warm.every((entry) => entry.ready) &&
      this.starting === 0 &&
      this.pendingRemovals.size === 0
    );
  }

  /**
   * Activates the pool and resolves true once it is settled (full, nothing starting or being
   * removed), or false after `timeoutMs` or when the pool closes. Never rejects.
   */
  whenSettled(timeoutMs = 60_000): Promise<boolean> {
    this.activate();
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(false), Math.min(timeoutMs, MAX_TIMER_MS));
      const check = () => {
        if (this.closed) done(false);
        else if (this.settled) done(true);
      };
      const done = (value: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(value);
      };
      this.waiters.add(check);
      check();
    });
  }

  snapshot(): WarmPoolSnapshot {
    const now = this.clock();
    return {
      warm: this.warm.map((entry) => ({
        id: entry.container.id,
        settings: entry.settings,
        warmForMs: now - entry.warmSinceMs,
        ready: entry.ready,
      })),
      starting: this.starting,
      pendingRemovals: this.pendingRemovals.size,
      active: this.active,
      closed: this.closed,
      stats: structuredClone(this.stats),
    };
  }

  /** Stops refilling, removes every warm container and waits for every pending removal. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      if (this.backoffTimer) clearTimeout(this.backoffTimer);
      this.backoffTimer = undefined;
      this.changed();
      // A start in flight cannot be cancelled; once it lands it sees `closed` and discards.
      while (this.pendingStarts.size > 0) await Promise.allSettled([...this.pendingStarts]);
      for (const entry of this.warm.splice(0)) {
        this.leave(entry);
        this.discard(entry.container, 'closed');
      }
      while (this.pendingRemovals.size > 0) await Promise.allSettled([...this.pendingRemovals]);
    })();
    return this.closing;
  }

  private async unusable(entry: WarmEntry, wanted: string): Promise<DiscardReason | undefined> {
    const container = entry.container;
    if (container.hasServed) return 'served';
    if (entry.settings !== wanted || settingsHash(container.spec) !== wanted) return 'stale-settings';
    if (this.clock() - entry.warmSinceMs > this.options.idleMs()) return 'idle';
    if (!container.attached) return 'detached';
    if (!this.tuning.verifyOnTake) return undefined;
    try {
      const info = await withDeadline('container inspect', apiTimeoutOf(this.docker), (abortSignal) =>
        this.docker.getContainer(container.id).inspect({ abortSignal }),
      );
      if (!info.State.Running || info.State.Paused || info.State.Restarting) return 'exited';
      if (info.Config.Labels?.[LABEL_SETTINGS] !== wanted) return 'stale-settings';
    } catch (error) {
      debug('Cannot inspect warm container %s: %s', container.shortId, (error as Error).message);
      return 'inspect-failed';
    }
    // The stream may have dropped while we asked.
    return container.attached ? undefined : 'detached';
  }

  private fill(): void {
    if (this.closed || !this.active || this.backoffTimer) return;
    while (this.warm.length + this.starting < this.options.size() && this.starting < this.tuning.maxConcurrentStarts) {
      this.starting += 1;
      const start = this.startOne();
      this.pendingStarts.add(start);
      void start.finally(() => this.pendingStarts.delete(start));
    }
  }

  /** Starts one warm container. Never rejects: a failure schedules a retry after a backoff. */
  private async startOne(): Promise<void> {
    let failed = false;
    try {
      const spec = await this.options.currentSpec();
      const container = await startSandboxContainer(this.docker, spec, this.clock);
      this.stats.started += 1;
      this.consecutiveFailures = 0;
      if (this.closed) {
        this.discard(container, 'closed');
        return;
      }
      const entry: WarmEntry = {
        container,
        settings: specSettings(spec),
        warmSinceMs: this.clock(),
        idleTimer: undefined as unknown as NodeJS.Timeout,
        ready: false,
        left: false,
      };
      entry.idleTimer = setTimeout(() => this.retireIdle(entry), Math.min(this.options.idleMs(), MAX_TIMER_MS));
      entry.idleTimer.unref();
      this.warm.push(entry);
      debug('Warm container %s started (%d warm)', container.shortId, this.warm.length);
      this.watchReadiness(entry);
    } catch (error) {
      failed = true;
      this.consecutiveFailures += 1;
      this.stats.refillFailures += 1;
      this.stats.lastRefillError = (error as Error).message;
      const delayMs = Math.min(
        this.tuning.maxRefillBackoffMs,
        this.tuning.refillBackoffMs * 2 ** (this.consecutiveFailures - 1),
      );
      debug('Failed to start a warm container: %s; retrying in %d ms', (error as Error).message, delayMs);
      if (!this.closed && !this.backoffTimer) {
        this.backoffTimer = setTimeout(() => {
          this.backoffTimer = undefined;
          this.fill();
        }, delayMs);
        this.backoffTimer.unref();
      }
    } finally {
      this.starting -= 1;
      if (!failed) this.fill();
      this.changed();
    }
  }

  /** Marks the entry ready once its runner is idle; tracked like a start, so close() waits for it. */
  private watchReadiness(entry: WarmEntry): void {
    const watch = (async () => {
      const readiness = await waitForRunnerIdle(this.docker, entry.container.id, {
        cancelled: () => entry.left || this.closed,
      });
      this.stats.readiness[readiness] = (this.stats.readiness[readiness] ?? 0) + 1;
      entry.ready = true;
      this.changed();
    })().catch((error: unknown) => {
      debug('Readiness watch of %s failed: %s', entry.container.shortId, (error as Error).message);
      entry.ready = true;
      this.changed();
    });
    this.pendingStarts.add(watch);
    void watch.finally(() => this.pendingStarts.delete(watch));
  }

  private leave(entry: WarmEntry): void {
    entry.left = true;
    clearTimeout(entry.idleTimer);
  }

  private retireIdle(entry: WarmEntry): void {
    const at = this.warm.indexOf(entry);
    if (at < 0) return;
    this.warm.splice(at, 1);
    this.leave(entry);
    this.discard(entry.container, 'idle');
    this.fill();
    this.changed();
  }

  private changed(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** The settings hash a spec carries in its label (buildContainerSpec sets it), else computed. */
function specSettings(spec: Docker.ContainerCreateOptions): string {
  return spec.Labels?.[LABEL_SETTINGS] ?? settingsHash(spec);
}
