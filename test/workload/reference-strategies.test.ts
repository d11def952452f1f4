import { describe, expect, it } from 'vitest';
import { validateWeights } from '../../harness/workload/backtest.ts';
import { bootstrapUniverse } from '../../harness/workload/bootstrap-universe.ts';
import { loadSp500 } from '../../harness/workload/market-data.ts';
import * as strategies from '../../harness/workload/reference-strategies.ts';
import { runInProcess } from '../../harness/workload/run-in-process.ts';

describe('runInProcess', () => {
  it('imports the source as a module and calls its default export', async () => {
    expect(await runInProcess(strategies.ECHO, { x: 1, list: [1, 2] })).toEqual({ x: 1, list: [1, 2] });
  });

  it('awaits an async default export', async () => {
    expect(await runInProcess('export default async function (n) { return n * 2; }', 21)).toBe(42);
  });

  it('rejects a module without a default-exported function', async () => {
    await expect(runInProcess('export const strategy = () => 1;', null)).rejects.toThrow(
      /default export must be a function, found undefined/,
    );
  });

  it('propagates what the strategy throws', async () => {
    await expect(runInProcess('export default function () { throw new RangeError("bad day"); }', null)).rejects.toThrow(
      'bad day',
    );
  });
});

describe('reference strategies', () => {
  it('use neither Math.random nor Date.now nor imports', () => {
    for (const [name, source] of Object.entries(strategies)) {
      expect(source, name).not.toMatch(/Math\.random|Date\.now|\bimport\b|\brequire\b/);
      expect(source, name).toMatch(/export default function/);
    }
  });

  it('BUY_AND_HOLD splits weight 1 equally across tickers, every day', async () => {
    const data = bootstrapUniverse(await loadSp500(), { tickers: 4, days: 30, seed: 5 });
    const weights = validateWeights(await runInProcess(strategies.BUY_AND_HOLD, data), data);
    for (const row of weights) for (const weight of row) expect(weight).toBe(0.25);
  });

  it('SMA_CROSSOVER stays in cash during the 199-day warm-up and holds equal shares after', async () => {
    const data = bootstrapUniverse(await loadSp500(), { tickers: 3, days: 600, seed: 11 });
    const weights = validateWeights(await runInProcess(strategies.SMA_CROSSOVER, data), data);
    for (const row of weights) {
      expect(row.slice(0, 199).every((w) => w === 0)).toBe(true);
      expect(row.every((w) => w === 0 || w === 1 / 3)).toBe(true);
    }
    expect(weights.flat().some((w) => w > 0)).toBe(true);
  });

  it('HEAVY_MOMENTUM returns long-only weights summing to 1 or 0 each day, cash during its warm-up', async () => {
    const data = bootstrapUniverse(await loadSp500(), { tickers: 3, days: 400, seed: 13 });
    const weights = validateWeights(await runInProcess(strategies.HEAVY_MOMENTUM, data), data);
    let investedDays = 0;
    for (let d = 0; d < 400; d++) {
      const day = weights.map((row) => row[d] as number);
      for (const w of day) expect(w).toBeGreaterThanOrEqual(0);
      const total = day.reduce((s, w) => s + w, 0);
      if (d < 250) expect(total).toBe(0);
      else if (total > 0) {
        expect(total).toBeCloseTo(1, 12);
        investedDays++;
      }
    }
    expect(investedDays).toBeGreaterThan(0);
  });

  it('HEAVY_MOMENTUM favours a steady uptrend over a downtrend', async () => {
    const days = 300;
    const dates = Array.from({ length: days }, (_, d) => `d${String(d).padStart(4, '0')}`);
    // Same volatility (alternating wiggle), opposite drifts.
    const up = dates.map((_, d) => 100 * Math.exp(0.001 * d + (d % 2 === 0 ? 0.01 : -0.01)));
    const down = dates.map((_, d) => 100 * Math.exp(-0.001 * d + (d % 2 === 0 ? 0.01 : -0.01)));
    const weights = (await runInProcess(strategies.HEAVY_MOMENTUM, {
      dates,
      tickers: ['UP', 'DOWN'],
      close: [up, down],
    })) as number[][];
    expect(weights[0]?.[299]).toBeCloseTo(1, 12);
    expect(weights[1]?.[299]).toBe(0);
  });
});
