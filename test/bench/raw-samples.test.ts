import { describe, expect, it } from 'vitest';
import { measureRaw } from '../../harness/bench/raw-samples.ts';

/** Each call lasts the next of `durationsMs`: reads come in pairs (start, end). */
function scriptedClock(durationsMs: readonly number[]): () => bigint {
  let nowNs = 0n;
  let reads = 0;
  return () => {
    reads += 1;
    if (reads % 2 === 0) nowNs += BigInt(durationsMs[reads / 2 - 1]! * 1e6);
    return nowNs;
  };
}

describe('measureRaw', () => {
  it('returns exactly `iterations` samples in call order, without the warm-up, and each call outcome', async () => {
    let calls = 0;
    const run = await measureRaw(async () => ++calls, { iterations: 5, clock: scriptedClock([50, 4, 2, 8, 6, 1]) });
    expect(run.samplesMs).toEqual([4, 2, 8, 6, 1]);
    expect(run.warmup).toBe(1);
    expect(run.outcomes).toEqual([2, 3, 4, 5, 6]);
    expect(calls).toBe(6);
    expect(run.mitata.samples).toBe(5);
  });

  it('awaits beforeEach before every call, warm-up included', async () => {
    const order: string[] = [];
    await measureRaw(
      async () => {
        order.push('call');
      },
      {
        iterations: 3,
        beforeEach: async () => {
          order.push('settle');
        },
      },
    );
    expect(order).toEqual(['settle', 'call', 'settle', 'call', 'settle', 'call', 'settle', 'call']);
  });

  it('rejects an iteration count that is not a positive integer', async () => {
    await expect(measureRaw(async () => 1, { iterations: 0 })).rejects.toThrow(/positive integer/);
    await expect(measureRaw(async () => 1, { iterations: 2.5 })).rejects.toThrow(/positive integer/);
  });
});
