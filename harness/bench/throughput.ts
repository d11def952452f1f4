import type { ThroughputRecord } from '../results/results-types.ts';
import type { BenchOutcome } from './bench-target.ts';
import type { BenchWorkload } from './bench-workload.ts';
import { hrtimeClock, type NanoClock } from './raw-samples.ts';

export interface ThroughputRun {
  record: ThroughputRecord;
  outcomes: BenchOutcome[];
  /** Each execution's own duration, in the order they ended (back to back: the sustained latency). */
  durationsMs: number[];
  wallMs: number;
}

/** What measureThroughput drives: a bench target, the no-op limit or the in-process threads. */
export interface ThroughputSubject {
  readonly mode: string;
  settle?(): Promise<void>;
  /**
   * Executions run after settle() and before the clock starts: a warm pool's ready containers.
   * Without them, a pool of 2 served the first 2 of 8 executions from containers started
   * before the measurement: 12.5/s at concurrency 1 against 9.5/s for the engine's no-op
   * container, a head start rather than a sustained rate.
   */
  readonly warmupExecutions?: number;
  execute(workload: BenchWorkload): Promise<BenchOutcome>;
}

/**
 * Sustained throughput: `concurrency` workers take executions from one counter until
 * `executions` have been started, each starting its next as soon as its last ended. The wall
 * time runs from the first start to the last end. Before it, untimed: the target is settled,
 * then runs its warm-up executions at the same concurrency (a pool's ready containers, so
 * that the timed ones wait for refills as a sustained stream does). Every execution that did
 * not end `ok`, warm-up included, is a failure; only timed ones count as executed.
 */
export async function measureThroughput(
  target: ThroughputSubject,
  workload: BenchWorkload,
  concurrency: number,
  executions: number,
  clock: NanoClock = hrtimeClock,
): Promise<ThroughputRun> {
  await target.settle?.();
  const warmup = target.warmupExecutions ?? 0;
  const warmupOutcomes: BenchOutcome[] = [];
  const outcomes: BenchOutcome[] = [];
  const durationsMs: number[] = [];
  const run = async (count: number, into: BenchOutcome[], timed: boolean) => {
    let next = 0;
    const worker = async () => {
      while (next < count) {
        next += 1;
        const began = clock();
        into.push(await target.execute(workload));
        if (timed) durationsMs.push(Number(clock() - began) / 1e6);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  };
  await run(warmup, warmupOutcomes, false);
  const started = clock();
  await run(executions, outcomes, true);
  const wallMs = Number(clock() - started) / 1e6;
  const failures = [...warmupOutcomes, ...outcomes].filter((outcome) => !outcome.ok).length;
  return {
    record: {
      mode: target.mode,
      workload: workload.name,
      concurrency,
      executions: outcomes.length,
      ...(warmup > 0 ? { warmupExecutions: warmup } : {}),
      executionsPerSecond: outcomes.length / (wallMs / 1000),
      failures,
    },
    outcomes,
    durationsMs,
    wallMs,
  };
}
