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
  execute(workload: BenchWorkload): Promise<BenchOutcome>;
}

/**
 * Sustained throughput: `concurrency` workers take executions from one counter until
 * `executions` have been started, each starting its next as soon as its last ended. The wall
 * time runs from the first start to the last end (the target is settled before, untimed).
 * Every execution that did not end `ok` is a failure, and still counts as executed.
 */
export async function measureThroughput(
  target: ThroughputSubject,
  workload: BenchWorkload,
  concurrency: number,
  executions: number,
  clock: NanoClock = hrtimeClock,
): Promise<ThroughputRun> {
  await target.settle?.();
  const outcomes: BenchOutcome[] = [];
  const durationsMs: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < executions) {
      next += 1;
      const began = clock();
      outcomes.push(await target.execute(workload));
      durationsMs.push(Number(clock() - began) / 1e6);
    }
  };
  const started = clock();
  await Promise.all(Array.from({ length: Math.min(concurrency, executions) }, worker));
  const wallMs = Number(clock() - started) / 1e6;
  const failures = outcomes.filter((outcome) => !outcome.ok).length;
  return {
    record: {
      mode: target.mode,
      workload: workload.name,
      concurrency,
      executions: outcomes.length,
      executionsPerSecond: outcomes.length / (wallMs / 1000),
      failures,
    },
    outcomes,
    durationsMs,
    wallMs,
  };
}
