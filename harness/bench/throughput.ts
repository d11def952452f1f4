import type { ThroughputRecord } from '../results/results-types.ts';
import type { BenchOutcome, BenchTarget } from './bench-target.ts';
import type { BenchWorkload } from './bench-workload.ts';
import { hrtimeClock, type NanoClock } from './raw-samples.ts';

export interface ThroughputRun {
  record: ThroughputRecord;
  outcomes: BenchOutcome[];
  wallMs: number;
}

/**
 * Sustained throughput: `concurrency` workers take executions from one counter until
 * `executions` have been started, each starting its next as soon as its last ended. The wall
 * time runs from the first start to the last end (the target is settled before, untimed).
 * Every execution that did not end `ok` is a failure, and still counts as executed.
 */
export async function measureThroughput(
  target: BenchTarget,
  workload: BenchWorkload,
  concurrency: number,
  executions: number,
  clock: NanoClock = hrtimeClock,
): Promise<ThroughputRun> {
  await target.settle();
  const outcomes: BenchOutcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < executions) {
      next += 1;
      outcomes.push(await target.execute(workload));
    }
  };
  const started = clock();
  await Promise.all(Array.from({ length: Math.min(concurrency, executions) }, worker));
  const wallMs = Number(clock() - started) / 1e6;
  const failures = outcomes.filter((outcome) => !outcome.ok).length;
  return {
    record: { mode: target.mode, workload: workload.name, concurrency, executions: outcomes.length, executionsPerSecond: outcomes.length / (wallMs / 1000), failures },
    outcomes,
    wallMs,
  };
}
