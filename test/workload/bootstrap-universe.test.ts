import { describe, expect, it } from 'vitest';
import { bootstrapUniverse, logReturns } from '../../harness/workload/bootstrap-universe.ts';
import { businessDays } from '../../harness/workload/business-days.ts';
import { loadSp500 } from '../../harness/workload/market-data.ts';

/** Index of the value of `sorted` nearest to `x`. */
function nearestIndex(sorted: number[], x: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if ((sorted[middle] as number) <= x) low = middle;
    else high = middle;
  }
  return Math.abs((sorted[low] as number) - x) <= Math.abs((sorted[high] as number) - x) ? low : high;
}

describe('businessDays', () => {
  it('lists weekdays only, from the start date', () => {
    expect(businessDays('2000-01-03', 7)).toEqual([
      '2000-01-03',
      '2000-01-04',
      '2000-01-05',
      '2000-01-06',
      '2000-01-07',
      '2000-01-10',
      '2000-01-11',
    ]);
  });
  it('moves a weekend start to the Monday', () => {
    expect(businessDays('2000-01-01', 2)).toEqual(['2000-01-03', '2000-01-04']);
  });
  it('rejects a bad start or count', () => {
    expect(() => businessDays('03/01/2000', 2)).toThrow(/YYYY-MM-DD/);
    expect(() => businessDays('2000-01-03', -1)).toThrow(/non-negative integer/);
  });
});

describe('bootstrapUniverse', () => {
  it('has the requested shape, starts every ticker at 100 and continues weekdays from 2000-01-03', async () => {
    const data = bootstrapUniverse(await loadSp500(), { tickers: 12, days: 300, seed: 1 });
    expect(data.tickers).toHaveLength(12);
    expect(data.tickers[0]).toBe('BS01');
    expect(new Set(data.tickers).size).toBe(12);
    expect(data.dates).toEqual(businessDays('2000-01-03', 300));
    expect(data.close).toHaveLength(12);
    for (const series of data.close) {
      expect(series).toHaveLength(300);
      expect(series[0]).toBe(100);
      for (const price of series) expect(Number.isFinite(price) && price > 0).toBe(true);
    }
  });

  it('gives identical output for the same seed and different output for another', async () => {
    const base = await loadSp500();
    const one = bootstrapUniverse(base, { tickers: 5, days: 1000, seed: 42 });
    const again = bootstrapUniverse(base, { tickers: 5, days: 1000, seed: 42 });
    const other = bootstrapUniverse(base, { tickers: 5, days: 1000, seed: 43 });
    expect(again).toEqual(one);
    expect(other.close).not.toEqual(one.close);
    expect(other.close[0]?.[999]).not.toBe(one.close[0]?.[999]);
  });

  it('draws every daily log return from the real ones, in blocks of about 20 days', async () => {
    const base = await loadSp500();
    const real = logReturns(base.close[0] as number[], 'SPX');
    const sorted = [...real].sort((x, y) => x - y);
    const data = bootstrapUniverse(base, { tickers: 4, days: 2000, seed: 9 });
    let continued = 0;
    let pairs = 0;
    for (const series of data.close) {
      const synthetic = logReturns(series, 'synthetic');
      for (const r of synthetic) {
        expect(Math.abs((sorted[nearestIndex(sorted, r)] as number) - r)).toBeLessThan(1e-12);
      }
      // How often the next synthetic return is the real return that followed the current one.
      for (let d = 0; d + 1 < synthetic.length; d++) {
        const at = real.findIndex((x) => Math.abs(x - (synthetic[d] as number)) < 1e-12);
        pairs++;
        if (at >= 0 && Math.abs((real[(at + 1) % real.length] as number) - (synthetic[d + 1] as number)) < 1e-12)
          continued++;
      }
    }
    // Stationary bootstrap with mean block 20: a block continues with probability 1 - 1/20.
    expect(continued / pairs).toBeGreaterThan(0.92);
    expect(continued / pairs).toBeLessThan(0.98);
  });

  it('bootstraps several base tickers, each synthetic ticker from one of them', () => {
    const base = {
      dates: ['2000-01-03', '2000-01-04', '2000-01-05'],
      tickers: ['UP', 'DOWN'],
      close: [
        [1, 2, 4],
        [4, 2, 1],
      ],
    };
    const data = bootstrapUniverse(base, { tickers: 4, days: 50, seed: 3 });
    const up = Math.log(2);
    for (let t = 0; t < 4; t++) {
      for (const r of logReturns(data.close[t] as number[], 'x')) {
        expect(r).toBeCloseTo(t % 2 === 0 ? up : -up, 12);
      }
    }
  });

  it('rejects impossible sizes', async () => {
    const base = await loadSp500();
    expect(() => bootstrapUniverse(base, { tickers: 0, days: 10, seed: 1 })).toThrow(
      /tickers must be a positive integer/,
    );
    expect(() => bootstrapUniverse(base, { tickers: 1, days: 1.5, seed: 1 })).toThrow(
      /days must be a positive integer/,
    );
    expect(() => bootstrapUniverse(base, { tickers: 1, days: 10, seed: 1, meanBlockDays: 0 })).toThrow(/meanBlockDays/);
  });
});
