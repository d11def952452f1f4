import { describe, expect, it } from 'vitest';
import { clearOfEdges, stopWhenClear } from '../../harness/bench/adaptive-stop.ts';
import { runInterleavedRounds, type RoundContender } from '../../harness/bench/interleaved-rounds.ts';
import { bandIndex } from '../../harness/decision/read-overhead.ts';
import { createPrng } from '../../harness/workload/prng.ts';

const EDGES = [50, 100];
const BANDS = [
  { below: 50, outcome: 'enable-by-default' as const },
  { from: 50, below: 100, outcome: 'optional' as const },
  { from: 100, outcome: 'document-only' as const },
];
const INTERVAL = { confidence: 0.95, resamples: 2000, seed: 20_200_417 };

/** Contenders whose durations come from a seeded jitter around a mean: a scripted clock. */
function contenders(meansMs: Record<string, number>, jitterMs: number, seed: number) {
  let nowNs = 0n;
  const prng = createPrng(seed);
  const list: RoundContender[] = Object.entries(meansMs).map(([key, mean]) => ({
    key,
    execute: async () => {
      nowNs += BigInt(Math.round((mean + (prng.next() - 0.5) * 2 * jitterMs) * 1e6));
      return { ok: true, status: 'ok' };
    },
  }));
  return { list, clock: () => nowNs };
}

describe('adaptive stopping', () => {
  it('calls an interval clear exactly when read-overhead would not find it straddling (low < edge <= high)', () => {
    const straddles = (low: number, high: number) => bandIndex(BANDS, low) !== bandIndex(BANDS, high);
    for (const [low, high] of [
      [10, 49.9],
      [10, 50],
      [49.9, 50],
      [50, 99],
      [60, 100],
      [100, 300],
      [40, 120],
      [50, 50],
    ] as const) {
      expect(clearOfEdges({ low, high }, EDGES), `[${low}, ${high}]`).toBe(!straddles(low, high));
    }
  });

  it('stops at the minimum once the interval is clear of every edge (30% over, little noise)', async () => {
    const { list, clock } = contenders({ 'in-process': 1000, 'docker-pool': 1300 }, 20, 1);
    const result = await runInterleavedRounds(list, {
      minRounds: 5,
      maxRounds: 20,
      prng: createPrng(1),
      clock,
      shouldStop: stopWhenClear(
        { workload: 'universe-1s', mode: 'docker-pool', baseline: 'in-process', edgesPct: EDGES },
        INTERVAL,
      ),
    });
    expect(result).toMatchObject({ rounds: 5, stoppedBy: 'clear' });
  });

  it('samples on while the interval holds an edge and stops at the cap (50% over: on the edge itself)', async () => {
    // Each side alternates +-10% around its mean: the ratio of means sits on 1.5 whatever the count.
    let nowNs = 0n;
    const alternating = (key: string, meanMs: number): RoundContender => {
      let call = 0;
      return {
        key,
        execute: async () => (
          (nowNs += BigInt(Math.round(meanMs * (call++ % 2 === 0 ? 0.9 : 1.1) * 1e6))),
          { ok: true, status: 'ok' }
        ),
      };
    };
    const list = [alternating('in-process', 1000), alternating('docker-pool', 1500)];
    const clock = () => nowNs;
    const result = await runInterleavedRounds(list, {
      minRounds: 5,
      maxRounds: 12,
      prng: createPrng(2),
      clock,
      shouldStop: stopWhenClear(
        { workload: 'universe-1s', mode: 'docker-pool', baseline: 'in-process', edgesPct: EDGES },
        INTERVAL,
      ),
    });
    expect(result).toMatchObject({ rounds: 12, stoppedBy: 'cap' });
  });

  it('needs more rounds when noisier, then stops once clear (30% over, wide noise)', async () => {
    const { list, clock } = contenders({ 'in-process': 1000, 'docker-pool': 1300 }, 400, 3);
    const result = await runInterleavedRounds(list, {
      minRounds: 3,
      maxRounds: 60,
      prng: createPrng(3),
      clock,
      shouldStop: stopWhenClear(
        { workload: 'universe-1s', mode: 'docker-pool', baseline: 'in-process', edgesPct: EDGES },
        INTERVAL,
      ),
    });
    expect(result.stoppedBy).toBe('clear');
    expect(result.rounds).toBeGreaterThan(3);
  });

  it('never stops without samples of both sides', () => {
    const stop = stopWhenClear({ workload: 'w', mode: 'm', baseline: 'b', edgesPct: EDGES }, INTERVAL);
    expect(stop(new Map([['m', [1, 2, 3]]]))).toBe(false);
  });
});
