import { describe, expect, it } from 'vitest';
import { FAR_FACTOR, firstDifference, perturb, runWithLookahead } from '../../docker/runner/lookahead.mjs';
import type { MarketData } from '../../harness/workload/market-data.ts';

const data: MarketData = {
  dates: ['2001-01-01', '2001-01-02', '2001-01-03', '2001-01-04'],
  tickers: ['A', 'B'],
  close: [
    [10, 11, 12, 13],
    [20, 19, 18, 17],
  ],
};

describe('perturb (docker/runner/lookahead.mjs)', () => {
  it('truncate keeps days 0..cut of every row and the dates', () => {
    expect(perturb(data, 1, 'truncate')).toEqual({ dates: ['2001-01-01', '2001-01-02'], tickers: ['A', 'B'], close: [[10, 11], [20, 19]] });
  });

  it(`far-below and far-above replace every close after the cut by the cut day's close divided or multiplied by ${FAR_FACTOR}`, () => {
    expect(perturb(data, 1, 'far-below').close).toEqual([[10, 11, 0.11, 0.11], [20, 19, 0.19, 0.19]]);
    expect(perturb(data, 1, 'far-above').close).toEqual([[10, 11, 1100, 1100], [20, 19, 1900, 1900]]);
    expect(perturb(data, 1, 'far-above').dates).toEqual(data.dates);
  });

  it('never mutates its input and refuses an unknown perturbation', () => {
    const frozen = structuredClone(data);
    perturb(frozen, 0, 'far-below');
    expect(frozen).toEqual(data);
    expect(() => perturb(data, 0, 'sideways')).toThrow(/unknown perturbation "sideways"/);
  });
});

describe('firstDifference', () => {
  const full = [[0, 1, 1, 0], [0, 0, 0.5, 0.5]];
  it('finds the first day, then the first ticker, that differs by Object.is, up to the cut only', () => {
    expect(firstDifference(full, [[0, 1, 0, 9], [0, 0, 0.25, 0]], 3)).toEqual({ day: 2, ticker: 0, full: 1, perturbed: 0 });
    expect(firstDifference(full, [[0, 1, 1, 9], [0, 0, 0.5, 9]], 2)).toBeNull();
    expect(firstDifference([[0]], [[-0]], 0)).toEqual({ day: 0, ticker: 0, full: 0, perturbed: -0 });
  });

  it('treats a missing row or a short row as a difference', () => {
    expect(firstDifference(full, [[0, 1]], 1)).toEqual({ day: 0, ticker: 1, full: 0, perturbed: null });
    expect(firstDifference(full, [[0], [0, 0]], 1)).toEqual({ day: 1, ticker: 0, full: 1, perturbed: null });
    expect(firstDifference(full, 'nonsense', 0)).toEqual({ day: 0, ticker: 0, full: 0, perturbed: null });
  });
});

describe('runWithLookahead', () => {
  const ok = (value: unknown) => ({ ok: true as const, json: JSON.stringify(value) });
  const job = { input: data, lookahead: { seed: 1, cuts: [{ day: 1, perturbation: 'truncate' as const }, { day: 2, perturbation: 'far-below' as const }] } };

  it('evaluates the full input loudly and each cut quietly, and wraps the weights with the report', async () => {
    const calls: Array<[number, boolean]> = [];
    const outcome = await runWithLookahead(job, async (input, quiet) => {
      calls.push([input.dates.length, quiet]);
      return ok(input.close.map((row) => row.map(() => 0.5)));
    });
    expect(calls).toEqual([[4, false], [2, true], [4, true]]);
    expect(outcome.ok).toBe(true);
    const value = JSON.parse((outcome as { json: string }).json);
    expect(value.weights).toEqual([[0.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5]]);
    expect(value.lookahead.checks.map((c: { day: number; difference?: unknown }) => [c.day, c.difference])).toEqual([[1, undefined], [2, undefined]]);
    expect(value.lookahead.repeat).toBeUndefined();
  });

  it('stops at the first change and repeats the identical input to attribute it', async () => {
    // Peeks: weight 1 when the last close of the series is above 15. Truncated at day 1, B still
    // ends at 19 (no change); with the closes after day 2 at 1/100, B ends at 0.18: day 0 changes.
    const outcome = await runWithLookahead(job, async (input) => ok(input.close.map((row) => row.map(() => ((row.at(-1) as number) > 15 ? 1 : 0)))));
    const value = JSON.parse((outcome as { json: string }).json);
    expect(value.lookahead.checks.map((c: { difference?: unknown }) => c.difference)).toEqual([undefined, { day: 0, ticker: 1, full: 1, perturbed: 0 }]);
    expect(value.lookahead.repeat).toMatchObject({ evaluationMs: expect.any(Number) });
    expect(value.lookahead.repeat.difference).toBeUndefined();
  });

  it('records a failure on a cut input and passes a failure of the full run through unchanged', async () => {
    const failing = await runWithLookahead(job, async (input) => (input.dates.length < 4 ? { ok: false, kind: 'threw', message: 'too short' } : ok([[0, 0, 0, 0], [0, 0, 0, 0]])));
    expect(JSON.parse((failing as { json: string }).json).lookahead.checks[0].failure).toBe('too short');
    const full = { ok: false as const, kind: 'threw', message: 'boom' };
    expect(await runWithLookahead(job, async () => full)).toBe(full);
  });
});
