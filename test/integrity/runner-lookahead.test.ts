import { describe, expect, it } from 'vitest';
import { FAR_FACTOR, FAR_TAIL_DAYS, perturb, runLookaheadCuts } from '../../docker/runner/lookahead.mjs';
import { firstDifference } from '../../harness/integrity/first-difference.ts';
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
    expect(perturb(data, 1, 'truncate')).toEqual({
      dates: ['2001-01-01', '2001-01-02'],
      tickers: ['A', 'B'],
      close: [
        [10, 11],
        [20, 19],
      ],
    });
  });

  it(`far-below and far-above replace every close after the cut by the cut day's close divided or multiplied by ${FAR_FACTOR}`, () => {
    expect(perturb(data, 1, 'far-below').close).toEqual([
      [10, 11, 0.11, 0.11],
      [20, 19, 0.19, 0.19],
    ]);
    expect(perturb(data, 1, 'far-above').close).toEqual([
      [10, 11, 1100, 1100],
      [20, 19, 1900, 1900],
    ]);
    expect(perturb(data, 1, 'far-above').dates).toEqual(data.dates);
  });

  it(`far-below and far-above keep only ${FAR_TAIL_DAYS} perturbed days after the cut (only days up to the cut are compared)`, () => {
    const long: MarketData = {
      dates: Array.from({ length: 1000 }, (_, d) => `d${d}`),
      tickers: ['A'],
      close: [Array.from({ length: 1000 }, (_, d) => d + 1)],
    };
    const cut = 100;
    const far = perturb(long, cut, 'far-above');
    expect(far.dates).toEqual(long.dates.slice(0, cut + 1 + FAR_TAIL_DAYS));
    expect(far.close[0]!.length).toBe(cut + 1 + FAR_TAIL_DAYS);
    expect(far.close[0]!.slice(0, cut + 1)).toEqual(long.close[0]!.slice(0, cut + 1));
    expect(new Set(far.close[0]!.slice(cut + 1))).toEqual(new Set([(cut + 1) * FAR_FACTOR]));
    // Near the end the tail is what is left: the full length, never more.
    expect(perturb(long, 990, 'far-below').close[0]!.length).toBe(1000);
  });

  it('never mutates its input and refuses an unknown perturbation', () => {
    const frozen = structuredClone(data);
    perturb(frozen, 0, 'far-below');
    expect(frozen).toEqual(data);
    expect(() => perturb(data, 0, 'sideways')).toThrow(/unknown perturbation "sideways"/);
  });
});

describe('firstDifference', () => {
  const full = [
    [0, 1, 1, 0],
    [0, 0, 0.5, 0.5],
  ];
  it('finds the first day, then the first ticker, that differs by Object.is, up to the cut only', () => {
    expect(
      firstDifference(
        full,
        [
          [0, 1, 0, 9],
          [0, 0, 0.25, 0],
        ],
        3,
      ),
    ).toEqual({ day: 2, ticker: 0, full: 1, perturbed: 0 });
    expect(
      firstDifference(
        full,
        [
          [0, 1, 1, 9],
          [0, 0, 0.5, 9],
        ],
        2,
      ),
    ).toBeNull();
    expect(firstDifference([[0]], [[-0]], 0)).toEqual({ day: 0, ticker: 0, full: 0, perturbed: -0 });
  });

  it('treats a missing row or a short row as a difference', () => {
    expect(firstDifference(full, [[0, 1]], 1)).toEqual({ day: 0, ticker: 1, full: 0, perturbed: null });
    expect(firstDifference(full, [[0], [0, 0]], 1)).toEqual({ day: 1, ticker: 0, full: 1, perturbed: null });
    expect(firstDifference(full, 'nonsense', 0)).toEqual({ day: 0, ticker: 0, full: 0, perturbed: null });
  });
});

describe('runLookaheadCuts: a check job in the runner', () => {
  const ok = (value: unknown) => ({ ok: true as const, json: JSON.stringify(value) });
  const job = {
    input: data,
    lookahead: {
      cuts: [
        { day: 1, perturbation: 'truncate' as const },
        { day: 1, perturbation: 'far-below' as const },
      ],
    },
  };

  it('evaluates each cut quietly and returns the weights of days 0..cut of each', async () => {
    const calls: Array<[number, boolean]> = [];
    const outcome = await runLookaheadCuts(job, async (input, quiet) => {
      calls.push([input.dates.length, quiet]);
      return ok(input.close.map((row) => row.map((p) => p)));
    });
    expect(calls).toEqual([
      [2, true],
      [4, true],
    ]);
    const value = JSON.parse((outcome as { json: string }).json);
    expect(
      value.checks.map((c: { day: number; perturbation: string; weights: unknown }) => [
        c.day,
        c.perturbation,
        c.weights,
      ]),
    ).toEqual([
      [
        1,
        'truncate',
        [
          [10, 11],
          [20, 19],
        ],
      ],
      [
        1,
        'far-below',
        [
          [10, 11],
          [20, 19],
        ],
      ],
    ]);
  });

  it('records a failure on a cut input and stops there (the failure alone flags the strategy)', async () => {
    const outcome = await runLookaheadCuts(job, async () => ({ ok: false, kind: 'threw', message: 'too short' }));
    const value = JSON.parse((outcome as { json: string }).json);
    expect(value.checks).toHaveLength(1);
    expect(value.checks[0]).toMatchObject({ day: 1, perturbation: 'truncate', failure: 'too short' });
  });
});
