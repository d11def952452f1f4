import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeBacktest, validateWeights } from '../../harness/workload/backtest.ts';
import { loadSp500, type MarketData } from '../../harness/workload/market-data.ts';
import { BUY_AND_HOLD, SMA_CROSSOVER } from '../../harness/workload/reference-strategies.ts';
import { runInProcess } from '../../harness/workload/run-in-process.ts';

const SQRT_252 = Math.sqrt(252);

function series(closes: number[], ticker = 'X'): MarketData {
  const dates = closes.map((_, d) => `2001-01-${String(d + 1).padStart(2, '0')}`);
  return { dates, tickers: [ticker], close: [closes] };
}

describe('computeBacktest on the real S&P 500', () => {
  it('buy-and-hold earns close_last / close_first - 1, read independently from the CSV', async () => {
    // Read the file independently of loadSp500: find the close column by name, take the first and last rows.
    const text = readFileSync(new URL('../../data/sp500-2000.csv', import.meta.url), 'utf8').trim();
    const lines = text.split('\n');
    const closeIndex = (lines[0] as string).split(',').indexOf('close');
    const firstClose = Number((lines[1] as string).split(',')[closeIndex]);
    const lastClose = Number((lines[lines.length - 1] as string).split(',')[closeIndex]);
    expect(firstClose).toBe(1455.219971);
    expect(lastClose).toBe(2874.560059);

    const data = await loadSp500();
    const metrics = computeBacktest(data, await runInProcess(BUY_AND_HOLD, data));
    expect(Math.abs(metrics.totalReturn - (lastClose / firstClose - 1))).toBeLessThan(1e-9);
    expect(metrics.days).toBe(lines.length - 2);
    expect(metrics.turnover).toBeCloseTo(1 / metrics.days, 15);
    expect(metrics.cagr).toBeCloseTo((lastClose / firstClose) ** (252 / metrics.days) - 1, 9);
    // The 2007-2009 crash took the index from 1565.15 (2007-10-09) to 676.53 (2009-03-09).
    expect(metrics.maxDrawdown).toBeCloseTo(1 - 676.530029 / 1565.150024, 9);
  });

  it('SMA_CROSSOVER matches a naive re-implementation that recomputes each average', async () => {
    const data = await loadSp500();
    const weights = validateWeights(await runInProcess(SMA_CROSSOVER, data), data);
    const prices = data.close[0] as number[];
    const average = (end: number, days: number) =>
      prices.slice(end - days + 1, end + 1).reduce((s, p) => s + p, 0) / days;
    let invested = 0;
    for (let d = 0; d < prices.length; d++) {
      const expected = d >= 199 && average(d, 50) > average(d, 200) ? 1 : 0;
      expect(weights[0]?.[d], `day ${d} (${data.dates[d]})`).toBe(expected);
      invested += expected;
    }
    // Not a degenerate always-in or always-out signal.
    expect(invested).toBeGreaterThan(1000);
    expect(invested).toBeLessThan(prices.length - 1000);
  });
});

describe('computeBacktest on hand-computed series', () => {
  it('up 10% then down 10%: every metric', () => {
    // closes 100 -> 110 -> 99, fully invested: r = [0.1, -0.1], equity 1.1, 0.99.
    const m = computeBacktest(series([100, 110, 99]), [[1, 1, 1]]);
    expect(m.days).toBe(2);
    expect(m.totalReturn).toBeCloseTo(-0.01, 12);
    expect(m.cagr).toBeCloseTo(0.99 ** 126 - 1, 12); // 252 / 2 = 126 periods a year
    // mean 0; sd = sqrt((0.1^2 + 0.1^2) / (2 - 1)) = sqrt(0.02) = 0.1414213562
    expect(m.volatility).toBeCloseTo(Math.sqrt(0.02) * SQRT_252, 12); // 2.244994432
    expect(m.volatility).toBeCloseTo(2.244994432, 8);
    expect(m.sharpe).toBeCloseTo(0, 12);
    // peak 1.1, trough 0.99: (1.1 - 0.99) / 1.1 = 0.1
    expect(m.maxDrawdown).toBeCloseTo(0.1, 12);
    // |1 - 0| on day 0, |1 - 1| on day 1; the last day's weight is never held: 1 / 2
    expect(m.turnover).toBe(0.5);
  });

  it('short and levered weights, last weight ignored', () => {
    // closes 100 -> 120 -> 90, weights 0.5, -1, (7): r0 = 0.5 * 0.2 = 0.1, r1 = -1 * (-0.25) = 0.25
    const m = computeBacktest(series([100, 120, 90]), [[0.5, -1, 7]], { maxGrossLeverage: Infinity });
    expect(m.totalReturn).toBeCloseTo(1.1 * 1.25 - 1, 12); // 0.375
    // mean 0.175, sd = sqrt(2 * 0.075^2 / 1) = 0.1060660172; sharpe = 0.175 / 0.1060660172 * sqrt(252) = 1.6499158 * 15.8745079 = 26.19160
    expect(m.sharpe).toBeCloseTo((0.175 / 0.1060660172) * SQRT_252, 6);
    expect(m.sharpe).toBeCloseTo(26.1916017, 6);
    expect(m.volatility).toBeCloseTo(0.1060660172 * SQRT_252, 8);
    expect(m.maxDrawdown).toBe(0);
    // |0.5 - 0| + |-1 - 0.5| = 2 over 2 days
    expect(m.turnover).toBe(1);
  });

  it('two tickers: returns add up by weight, turnover sums over tickers', () => {
    const data: MarketData = {
      dates: ['2001-01-01', '2001-01-02', '2001-01-03'],
      tickers: ['A', 'B'],
      close: [
        [10, 11, 12.1],
        [20, 18, 18],
      ],
    };
    // r0 = 0.5 * 0.1 + 0.5 * (-0.1) = 0; r1 = 0.5 * 0.1 + 0 * 0 = 0.05
    const m = computeBacktest(data, [
      [0.5, 0.5, 0],
      [0.5, 0, 0],
    ]);
    expect(m.totalReturn).toBeCloseTo(0.05, 12);
    // day 0: 0.5 + 0.5, day 1: 0 + 0.5 -> 1.5 / 2
    expect(m.turnover).toBe(0.75);
    // mean 0.025, sd = sqrt(2 * 0.025^2) = 0.0353553391; sharpe = 0.025 / 0.0353553391 * sqrt(252) = 11.22497
    expect(m.sharpe).toBeCloseTo(11.22497, 4);
    expect(m.maxDrawdown).toBe(0);
  });

  it('max drawdown is measured from the running peak, including the start', () => {
    // equity 0.5, 1.0, 0.25: from peak 1 to 0.25
    expect(computeBacktest(series([100, 50, 100, 25]), [[1, 1, 1, 1]]).maxDrawdown).toBeCloseTo(0.75, 12);
    // equity 1.2, 0.6, 1.5, 0.9: 0.6 / 1.2 = 0.5 beats 0.6 / 1.5 = 0.4
    expect(computeBacktest(series([100, 120, 60, 150, 90]), [[1, 1, 1, 1, 1]]).maxDrawdown).toBeCloseTo(0.5, 12);
  });

  it('all cash: every metric is 0', () => {
    expect(computeBacktest(series([100, 130, 70, 100]), [[0, 0, 0, 0]])).toEqual({
      totalReturn: 0,
      cagr: 0,
      volatility: 0,
      sharpe: 0,
      maxDrawdown: 0,
      turnover: 0,
      days: 3,
    });
  });

  it('constant returns have zero volatility and a Sharpe of 0, not a rounding residue', () => {
    const m = computeBacktest(series([100, 110, 121, 133.1, 146.41]), [[1, 1, 1, 1, 1]]);
    expect(m.totalReturn).toBeCloseTo(0.4641, 12);
    expect(m.volatility).toBe(0);
    expect(m.sharpe).toBe(0);
    expect(m.cagr).toBeCloseTo(1.1 ** 252 - 1, 0);
  });

  it('losing everything gives a CAGR of -1', () => {
    const m = computeBacktest(series([100, 40, 40]), [[2, 0, 0]], { maxGrossLeverage: 2 });
    expect(m.totalReturn).toBeCloseTo(-1.2, 12);
    expect(m.cagr).toBe(-1);
  });

  it('needs at least two dates', () => {
    expect(() => computeBacktest(series([100]), [[1]])).toThrow(/at least 2 dates/);
  });
});

describe('validateWeights', () => {
  const data: MarketData = {
    dates: ['2001-01-01', '2001-01-02'],
    tickers: ['A', 'B'],
    close: [
      [1, 2],
      [3, 4],
    ],
  };
  const cases: Array<[string, unknown, RegExp]> = [
    [
      'not an array',
      { A: [1, 1] },
      /found of type object; expected weights\[t\]\[d\]: an array of 2 array\(s\) \(one per ticker: A, B\), each of 2 finite numbers/,
    ],
    ['null', null, /found null/],
    ['too few tickers', [[1, 1]], /found an array of 1 element\(s\)/],
    ['a row that is not an array', [[1, 1], 'oops'], /weights\[1\] \(ticker B\) is the string "oops", not an array/],
    ['a short row', [[1, 1], [1]], /weights\[1\] \(ticker B\) has 1 element\(s\), not 2/],
    [
      'NaN',
      [
        [1, Number.NaN],
        [1, 1],
      ],
      /weights\[0\]\[1\] \(ticker A, 2001-01-02\) is NaN, not a finite number/,
    ],
    [
      'Infinity',
      [
        [1, 1],
        [Infinity, 1],
      ],
      /weights\[1\]\[0\] \(ticker B, 2001-01-01\) is Infinity/,
    ],
    [
      'a string',
      [
        [1, '1'],
        [1, 1],
      ],
      /weights\[0\]\[1\] \(ticker A, 2001-01-02\) is the string "1"/,
    ],
    [
      'null entry',
      [
        [1, 1],
        [1, null],
      ],
      /weights\[1\]\[1\] \(ticker B, 2001-01-02\) is null/,
    ],
    [
      'a hole in a sparse array',
      [
        [1, 1],
        // eslint-disable-next-line no-sparse-arrays -- the hole is the input under test
        [1, ,],
      ],
      /weights\[1\]\[1\] \(ticker B, 2001-01-02\) is of type undefined/,
    ],
  ];
  it.each(cases)('rejects %s with the expected shape and the position', (_name, weights, message) => {
    expect(() => validateWeights(weights, data)).toThrow(message);
  });

  it('accepts the right shape, including shorts and leverage when the cap allows it, and returns the same arrays', () => {
    const weights = [
      [-1, 2.5],
      [0, 1e6],
    ];
    expect(validateWeights(weights, data, { maxGrossLeverage: Infinity })).toBe(weights);
  });

  it('guards computeBacktest too', () => {
    expect(() => computeBacktest(data, [[1, 1]])).toThrow(/invalid weights/);
  });
});
