import { describe, expect, it } from 'vitest';
import { runInterleavedRounds, shuffled, type RoundContender } from '../../harness/bench/interleaved-rounds.ts';
import { createPrng } from '../../harness/workload/prng.ts';

/**
 * A scripted clock: virtual time advances only inside execute(), by the duration scripted for
 * that contender and call. Whatever order the rounds take, each sample must be its own call's.
 */
function scripted(durationsMs: Record<string, (call: number) => number>, failing: Record<string, number[]> = {}) {
  let nowNs = 0n;
  const calls: string[] = [];
  const count: Record<string, number> = {};
  const contenders: RoundContender[] = Object.keys(durationsMs).map((key) => ({
    key,
    execute: async () => {
      const call = (count[key] = (count[key] ?? -1) + 1);
      calls.push(key);
      nowNs += BigInt(Math.round(durationsMs[key]!(call) * 1e6));
      const ok = !(failing[key] ?? []).includes(call);
      return { ok, status: ok ? 'ok' : 'error' };
    },
  }));
  return { contenders, clock: () => nowNs, calls };
}

describe('runInterleavedRounds', () => {
  it('runs every contender once per round in a shuffled order, drops the warm-up round, and files each duration under its own contender', async () => {
    // Call n of contender k lasts 100 * k + n ms: any mix-up between contenders shows.
    const keys = ['a', 'b', 'c', 'd'];
    const { contenders, clock, calls } = scripted(
      Object.fromEntries(keys.map((key, k) => [key, (call: number) => 100 * (k + 1) + call])),
    );
    const result = await runInterleavedRounds(contenders, { minRounds: 6, maxRounds: 6, prng: createPrng(1), clock });
    expect(result).toMatchObject({ rounds: 6, stoppedBy: 'fixed' });
    expect(calls).toHaveLength(4 * 7);
    for (const order of result.orders) expect([...order].sort()).toEqual(keys);
    // Shuffled: not the same order in every round (with this seed, several distinct orders).
    expect(new Set(result.orders.map((order) => order.join())).size).toBeGreaterThan(1);
    // The warm-up call (call 0) is dropped; calls 1..6 remain, in order.
    keys.forEach((key, k) =>
      expect(result.samplesMs.get(key)).toEqual([1, 2, 3, 4, 5, 6].map((call) => 100 * (k + 1) + call)),
    );
  });

  it('keeps a failed execution out of the samples but in the outcomes', async () => {
    const { contenders, clock } = scripted({ a: () => 5, b: () => 7 }, { b: [2] });
    const result = await runInterleavedRounds(contenders, { minRounds: 3, maxRounds: 3, prng: createPrng(2), clock });
    expect(result.samplesMs.get('b')).toEqual([7, 7]);
    expect(result.outcomes.get('b')!.map((o) => o.status)).toEqual(['ok', 'error', 'ok']);
  });

  it('asks the stop rule from minRounds on, stops when it says so, and never passes the cap', async () => {
    const asked: number[] = [];
    const { contenders, clock } = scripted({ a: () => 1, b: () => 2 });
    const stopAt5 = await runInterleavedRounds(contenders, {
      minRounds: 3,
      maxRounds: 10,
      prng: createPrng(3),
      clock,
      shouldStop: (samples) => {
        asked.push(samples.get('a')!.length);
        return samples.get('a')!.length >= 5;
      },
    });
    expect(asked).toEqual([3, 4, 5]);
    expect(stopAt5).toMatchObject({ rounds: 5, stoppedBy: 'clear' });
    const never = await runInterleavedRounds(scripted({ a: () => 1 }).contenders, {
      minRounds: 2,
      maxRounds: 4,
      prng: createPrng(3),
      shouldStop: () => false,
    });
    expect(never).toMatchObject({ rounds: 4, stoppedBy: 'cap' });
  });

  it('settles before every timed call, warm-up included', async () => {
    const events: string[] = [];
    const contenders: RoundContender[] = ['a', 'b'].map((key) => ({
      key,
      execute: async () => (events.push(key), { ok: true, status: 'ok' }),
    }));
    await runInterleavedRounds(contenders, {
      minRounds: 2,
      maxRounds: 2,
      prng: createPrng(4),
      beforeEach: async () => void events.push('settle'),
    });
    expect(events).toHaveLength(12);
    for (let i = 0; i < events.length; i += 2) expect(events[i]).toBe('settle');
  });

  it('refuses fewer than 2 rounds or a cap below the minimum', async () => {
    const { contenders } = scripted({ a: () => 1 });
    await expect(runInterleavedRounds(contenders, { minRounds: 1, maxRounds: 3, prng: createPrng(1) })).rejects.toThrow(
      /minRounds/,
    );
    await expect(runInterleavedRounds(contenders, { minRounds: 4, maxRounds: 3, prng: createPrng(1) })).rejects.toThrow(
      /maxRounds/,
    );
  });

  it('shuffles uniformly enough: each of 3 items leads about a third of 3000 orders', () => {
    const prng = createPrng(5);
    const leads: Record<string, number> = { x: 0, y: 0, z: 0 };
    for (let i = 0; i < 3000; i++) leads[shuffled(['x', 'y', 'z'], prng)[0]!]! += 1;
    for (const count of Object.values(leads)) expect(count).toBeGreaterThan(900);
  });
});
