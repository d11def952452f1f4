import { describe, expect, it } from 'vitest';
import { createPrng } from '../../harness/workload/prng.ts';

// mulberry32 as published by its author (Tommy Ettinger) and in bryc's PRNG collection,
// kept verbatim in style so that a transcription slip in prng.ts shows up here.
function referenceMulberry32(a: number): () => number {
  return function () {
    let t = (a += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('createPrng (mulberry32)', () => {
  it('matches the reference mulberry32 sequence', () => {
    for (const seed of [0, 1, 42, 123_456_789, 0xffffffff]) {
      const prng = createPrng(seed);
      const reference = referenceMulberry32(seed);
      for (let i = 0; i < 1000; i++) expect(prng.next()).toBe(reference());
    }
  });

  it('is deterministic per seed and differs between seeds', () => {
    const draw = (seed: number) => Array.from({ length: 20 }, createPrng(seed).next);
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('draws floats in [0, 1) with mean near 1/2 and integers in range', () => {
    const prng = createPrng(2024);
    let sum = 0;
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) {
      const x = prng.next();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
      const k = prng.nextInt(6);
      counts[k] = (counts[k] as number) + 1;
    }
    expect(sum / 60_000).toBeGreaterThan(0.49);
    expect(sum / 60_000).toBeLessThan(0.51);
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('rejects a non-finite seed and a bad integer bound', () => {
    expect(() => createPrng(Number.NaN)).toThrow(/seed/);
    expect(() => createPrng(1).nextInt(0)).toThrow(/positive integer/);
    expect(() => createPrng(1).nextInt(2.5)).toThrow(/positive integer/);
  });
});
