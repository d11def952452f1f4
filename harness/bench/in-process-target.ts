import { computeBacktest } from '../workload/backtest.ts';
import { runInProcess } from '../workload/run-in-process.ts';
import type { BenchOutcome, BenchTarget } from './bench-target.ts';
import { workloadInput, type BenchWorkload } from './bench-workload.ts';

/**
 * The floor: the strategy imported and called in this process (runInProcess), with the
 * backtest metrics computed as in every other mode, so that the difference between a mode and
 * this one is exactly what the sandbox costs.
 */
export class InProcessTarget implements BenchTarget {
  readonly mode = 'in-process' as const;

  async settle(): Promise<void> {}

  async execute(workload: BenchWorkload): Promise<BenchOutcome> {
    try {
      const value = await runInProcess(workload.code, workloadInput(workload));
      if (workload.data) computeBacktest(workload.data, value);
      return { ok: true, status: 'ok' };
    } catch (error) {
      return { ok: false, status: 'threw', message: (error as Error).message };
    }
  }

  async close(): Promise<void> {}
}
