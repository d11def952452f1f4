import { measure } from 'mitata';

/** A monotonic clock in nanoseconds; injected so tests can control what is measured. */
export type NanoClock = () => bigint;
export const hrtimeClock: NanoClock = () => process.hrtime.bigint();

/** mitata's own statistics of a run, converted from ns to ms. It sorts its samples and trims 2 from each end. */
export interface MitataSummary {
  avgMs: number;
  p50Ms: number;
  p99Ms: number;
  minMs: number;
  maxMs: number;
  /** Samples mitata kept after trimming. */
  samples: number;
}

export interface RawMeasurement<T> {
  /**
   * One duration per measured iteration, in milliseconds, in the order they were measured.
   * Timed by us (NanoClock around the call alone), never sorted or trimmed.
   */
  samplesMs: number[];
  /** What each measured iteration returned, in the same order. */
  outcomes: T[];
  /** mitata's warm-up call (not in samplesMs). */
  warmup: T;
  mitata: MitataSummary;
}

export interface RawMeasureOptions {
  iterations: number;
  /** Untimed, awaited before every call (warm-up included): e.g. wait for the pool to refill. */
  beforeEach?: () => Promise<void>;
  clock?: NanoClock;
}

/**
 * Runs `fn` through mitata's `measure`, exactly `iterations` timed times after mitata's single
 * warm-up call, and keeps our own raw samples besides mitata's statistics.
 *
 * Which numbers come from where: mitata's `measure` drives the loop (warm-up, iteration count,
 * untimed per-iteration setup via its computed parameter) and its statistics are returned as
 * `mitata`. mitata sorts its samples and trims the two fastest and two slowest, so they cannot
 * serve as raw, time-ordered data; `samplesMs` is timed by us around the call alone
 * (`clock`, process.hrtime.bigint by default) and kept in order. Every statistic of the report
 * is computed from `samplesMs`.
 *
 * @throws Error if mitata did not call `fn` exactly `iterations + 1` times (a machinery fault).
 */
export async function measureRaw<T>(fn: () => Promise<T>, options: RawMeasureOptions): Promise<RawMeasurement<T>> {
  const { iterations } = options;
  if (!Number.isInteger(iterations) || iterations < 1)
    throw new RangeError(`measureRaw: iterations must be a positive integer, received ${String(iterations)}`);
  const clock = options.clock ?? hrtimeClock;
  const calls: { ms: number; outcome: T }[] = [];
  const stats = await measure(
    function* () {
      yield {
        // A computed parameter: mitata awaits it before starting its timer, on every iteration.
        [0]: async () => {
          await options.beforeEach?.();
          return undefined;
        },
        bench: async (_setup: undefined) => {
          const started = clock();
          const outcome = await fn();
          const ended = clock();
          calls.push({ ms: Number(ended - started) / 1e6, outcome });
        },
      };
    },
    {
      min_samples: iterations,
      max_samples: iterations,
      min_cpu_time: 0,
      // Exactly one warm-up call, never batched (each call is one execution), no forced GC.
      warmup_threshold: -1,
      batch_threshold: -1,
      gc: false,
    },
  );
  if (calls.length !== iterations + 1) {
    throw new Error(`measureRaw: mitata made ${calls.length} calls, expected ${iterations} measured + 1 warm-up`);
  }
  const [warmup, ...measured] = calls;
  return {
    samplesMs: measured.map((call) => call.ms),
    outcomes: measured.map((call) => call.outcome),
    warmup: warmup!.outcome,
    mitata: {
      avgMs: stats.avg / 1e6,
      p50Ms: stats.p50 / 1e6,
      p99Ms: stats.p99 / 1e6,
      minMs: stats.min / 1e6,
      maxMs: stats.max / 1e6,
      samples: stats.samples.length,
    },
  };
}
