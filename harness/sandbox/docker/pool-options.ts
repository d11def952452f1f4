import type Docker from 'dockerode';
import type { Clock } from './sandbox-container.ts';

/** How a WarmPool is sized and tuned. Functions are read on every use, so a changed config applies. */
export interface WarmPoolOptions {
  /** Warm containers to keep ready (`sandbox.pool.size`). */
  size: () => number;
  /** A warm container idle longer than this is replaced (`sandbox.pool.idle_seconds`). */
  idleMs: () => number;
  /**
   * The spec a container must have now. A warm container whose settings hash differs from this
   * spec's is discarded, never handed out; refills start from it.
   */
  currentSpec: () => Promise<Docker.ContainerCreateOptions>;
  clock?: Clock;
  /** Warm containers started at the same time while refilling. @default 1 */
  maxConcurrentStarts?: number;
  /** Delay before the first retry after a failed refill; doubles with each consecutive failure. @default 250 */
  refillBackoffMs?: number;
  /** Ceiling of the refill retry delay. @default 30_000 (30 s) */
  maxRefillBackoffMs?: number;
  /**
   * Before handing out a warm container, ask the engine (inspect) that it still runs and carries
   * the current settings label. Costs one engine round trip (about 2 ms here) on the critical
   * path; without it, a container killed in the last ~30 ms (before its attach stream closed)
   * could be handed out. @default true
   */
  verifyOnTake?: boolean;
  /**
   * Start the replacement of a handed-out container at once (true), or when its execution ends
   * (false); either way at once when the pool ran empty. Starting a container costs CPU (the
   * engine, Node's start, `lockdown()`) that competes with the execution on a small host:
   * measured on 2 cores, refilling during a trivial execution added about 10 ms to its median.
   * @default false
   */
  refillOnTake?: boolean;
  /** Attempts to remove a container whose removal failed (engine unreachable, removal in progress). @default 6 */
  removalAttempts?: number;
}

export const WARM_POOL_DEFAULTS = {
  maxConcurrentStarts: 1,
  refillBackoffMs: 250,
  maxRefillBackoffMs: 30_000,
  verifyOnTake: true,
  refillOnTake: false,
  removalAttempts: 6,
} as const;

/** setTimeout takes at most a signed 32-bit number of milliseconds (about 24.8 days). */
export const MAX_TIMER_MS = 2 ** 31 - 1;
