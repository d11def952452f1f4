import { describe, expect, it } from 'vitest';
import { computeBacktest, validateWeights } from '../../harness/workload/backtest.ts';
import type { MarketData } from '../../harness/workload/market-data.ts';
import { WeightsError } from '../../harness/workload/weights-error.ts';

const data: MarketData = {
  dates: ['2001-01-01', '2001-01-02', '2001-01-03'],
  tickers: ['A', 'B'],
  close: [
    [10, 11, 12],
    [20, 18, 19],
  ],
};

/** The error validateWeights throws for `weights`, or a failure when it throws none. */
function refusal(weights: unknown, maxGrossLeverage?: number): WeightsError {
  try {
    validateWeights(weights, data, maxGrossLeverage === undefined ? {} : { maxGrossLeverage });
  } catch (error) {
    expect(error).toBeInstanceOf(WeightsError);
    return error as WeightsError;
  }
  throw new Error(`validateWeights accepted ${JSON.stringify(weights)}`);
}

describe('weights are validated before scoring (issue 16)', () => {
  // Each row: what the strategy returned, the message, and the first offending ticker/day.
  const cases: Array<[string, unknown, RegExp, number | undefined, number | undefined]> = [
    [
      '1e6 on one day (the issue: totalReturn null)',
      [
        [0, 1e6, 0],
        [0, 0, 0],
      ],
      /gross exposure on 2001-01-02 \(day 1\) is 1000000, over sandbox\.backtest\.max_gross_leverage \(1\); it passes the cap at weights\[0\]\[1\] \(ticker A\)/,
      0,
      1,
    ],
    [
      '-1e6 (the issue: a drawdown of 4.8e24)',
      [
        [-1e6, -1e6, -1e6],
        [0, 0, 0],
      ],
      /gross exposure on 2001-01-01 \(day 0\) is 1000000/,
      0,
      0,
    ],
    [
      'two legs that each fit but not together',
      [
        [0.5, 0.5, 0.5],
        [0, -0.75, 0],
      ],
      /day 1\) is 1\.25.*weights\[1\]\[1\] \(ticker B\) = -0\.75/,
      1,
      1,
    ],
    [
      'NaN (still refused, with day and ticker)',
      [
        [0, 0, 0],
        [0, Number.NaN, 0],
      ],
      /weights\[1\]\[1\] \(ticker B, 2001-01-02\) is NaN, not a finite number/,
      1,
      1,
    ],
    [
      'Infinity',
      [
        [Infinity, 0, 0],
        [0, 0, 0],
      ],
      /weights\[0\]\[0\] \(ticker A, 2001-01-01\) is Infinity, not a finite number/,
      0,
      0,
    ],
    [
      '-Infinity',
      [
        [0, 0, -Infinity],
        [0, 0, 0],
      ],
      /weights\[0\]\[2\] \(ticker A, 2001-01-03\) is -Infinity/,
      0,
      2,
    ],
    [
      'wrong shape: a day missing',
      [
        [0, 0, 0],
        [0, 0],
      ],
      /weights\[1\] \(ticker B\) has 2 element\(s\), not 3/,
      1,
      undefined,
    ],
    [
      'wrong shape: transposed (day-major)',
      [
        [0, 0],
        [0, 0],
        [0, 0],
      ],
      /found an array of 3 element\(s\); expected weights\[t\]\[d\]: an array of 2 array\(s\)/,
      undefined,
      undefined,
    ],
  ];
  it.each(cases)(
    'refuses %s, naming the first offending day and ticker',
    (_name, weights, message, tickerIndex, dayIndex) => {
      const error = refusal(weights);
      expect(error.message).toMatch(message);
      expect(error.code).toBe('SANDBOX_GATE_WEIGHTS_INVALID');
      expect(error.tickerIndex).toBe(tickerIndex);
      expect(error.dayIndex).toBe(dayIndex);
    },
  );

  it('computeBacktest refuses the same weights instead of returning metrics with nulls', () => {
    expect(() =>
      computeBacktest(data, [
        [0, 1e6, 0],
        [0, 0, 0],
      ]),
    ).toThrow(WeightsError);
  });

  it('accepts gross exposure of exactly the cap, also when equal weights add up to 1 plus a rounding residue', () => {
    const tickers = Array.from({ length: 37 }, (_, t) => `T${t}`);
    const wide: MarketData = { dates: ['2001-01-01', '2001-01-02'], tickers, close: tickers.map(() => [1, 2]) };
    const weights = tickers.map(() => [1 / 37, 1 / 37]);
    expect(weights.reduce((sum, row) => sum + (row[0] as number), 0)).not.toBe(1); // the residue is real
    expect(validateWeights(weights, wide)).toBe(weights);
    expect(
      validateWeights(
        [
          [1, -0.5, 0],
          [0, 0.5, 1],
        ],
        data,
      ),
    ).toBeDefined();
  });

  it('follows the configured cap: 2 allows 1.5 long and 0.5 short, 0.5 refuses 0.6', () => {
    expect(
      validateWeights(
        [
          [1.5, 0, 0],
          [-0.5, 0, 0],
        ],
        data,
        { maxGrossLeverage: 2 },
      ),
    ).toBeDefined();
    expect(
      refusal(
        [
          [0.6, 0, 0],
          [0, 0, 0],
        ],
        0.5,
      ).message,
    ).toMatch(/is 0\.6, over sandbox\.backtest\.max_gross_leverage \(0\.5\)/);
  });
});
