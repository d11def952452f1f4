import { describe, expect, it } from 'vitest';
import type { BenchOutcome } from '../../harness/bench/bench-target.ts';
import type { BenchWorkload } from '../../harness/bench/bench-workload.ts';
import { measureThroughput, type ThroughputSubject } from '../../harness/bench/throughput.ts';

const workload = { name: 'trivial', kind: 'call' } as BenchWorkload;

/**
 * A scripted pool: `ready` executions take 5 ms (a warm container), every later one 100 ms
 * (it waits for a refill). The clock only moves when an execution runs.
 */
function scriptedPool(ready: number, warmupExecutions: number | undefined, failAt: number[] = []) {
  let nowNs = 0n;
  let served = 0;
  const subject: ThroughputSubject = {
    mode: 'docker-pool',
    warmupExecutions,
    settle: async () => {},
    execute: async (): Promise<BenchOutcome> => {
      const index = served++;
      nowNs += BigInt((index < ready ? 5 : 100) * 1e6);
      return failAt.includes(index) ? { ok: false, status: 'error', message: 'scripted' } : { ok: true, status: 'ok' };
    },
  };
  return { subject, clock: () => nowNs };
}

describe('sustained throughput', () => {
  it("uses up a pool's ready containers untimed: the rate is the refill's, not a head start", async () => {
    const head = scriptedPool(2, undefined);
    const withHead = await measureThroughput(head.subject, workload, 1, 8, head.clock);
    // 2 x 5 ms + 6 x 100 ms: 13.1/s, more than the refill allows.
    expect(withHead.record.executionsPerSecond).toBeCloseTo(8 / 0.61, 6);
    expect(withHead.record).not.toHaveProperty('warmupExecutions');

    const pool = scriptedPool(2, 2);
    const run = await measureThroughput(pool.subject, workload, 1, 8, pool.clock);
    expect(run.record.executionsPerSecond).toBeCloseTo(10, 6);
    expect(run.record).toMatchObject({ executions: 8, warmupExecutions: 2, failures: 0 });
    expect(run.durationsMs).toEqual(Array(8).fill(100));
  });

  it('counts a failed warm-up execution as a failure of the run', async () => {
    const pool = scriptedPool(2, 2, [1]);
    const run = await measureThroughput(pool.subject, workload, 1, 4, pool.clock);
    expect(run.record).toMatchObject({ executions: 4, failures: 1 });
    expect(run.outcomes).toHaveLength(4);
  });
});
