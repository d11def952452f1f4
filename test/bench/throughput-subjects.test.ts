import { describe, expect, it } from 'vitest';
import type { BenchTarget } from '../../harness/bench/bench-target.ts';
import { throughputSubjects } from '../../harness/bench/throughput-subjects.ts';

function target(mode: BenchTarget['mode']): BenchTarget & { closed: number } {
  return {
    mode,
    closed: 0,
    settle: async () => {},
    execute: async () => ({ ok: true, status: 'ok' }),
    async close() {
      this.closed += 1;
    },
  };
}

describe('throughput subjects', () => {
  it("never close the bench's own targets between levels (a closed pool fails every later execution)", async () => {
    const pool = target('docker-pool');
    const subjects = await throughputSubjects([target('in-process'), pool]);
    expect(subjects.map((s) => s.mode)).toEqual(['docker-pool', 'in-process-threads']);
    for (const concurrency of [1, 2]) {
      const opened = subjects[0]!.open(concurrency);
      await opened.close?.();
    }
    expect(pool.closed).toBe(0);
    const threads = subjects[1]!.open(1);
    expect(threads.close).toBeTypeOf('function');
    await threads.close!();
  });

  it('runs in-process threads on backtests only, and the no-op limit only beside the first workload', async () => {
    const [threads] = await throughputSubjects([target('in-process')]);
    expect(threads!.on({ kind: 'backtest' } as never, false)).toBe(true);
    expect(threads!.on({ kind: 'call' } as never, true)).toBe(false);
  });
});
