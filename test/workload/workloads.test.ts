import { describe, expect, it } from 'vitest';
import { UsageError } from '../../harness/errors.ts';
import { loadSp500 } from '../../harness/workload/market-data.ts';
import { UNIVERSE_SIZES, buildWorkload, gateWorkloads, workloadNames } from '../../harness/workload/workloads.ts';

describe('workloads', () => {
  it('names the four workloads', () => {
    expect(workloadNames).toEqual(['trivial', 'sp500', 'universe-1s', 'universe-5s']);
  });

  it("the gate measures every workload but universe-5s, unless the policy gates on it (the decision reads the policy's workload)", () => {
    expect(gateWorkloads('universe-1s')).toEqual(['trivial', 'sp500', 'universe-1s']);
    expect(gateWorkloads('universe-5s')).toEqual(['trivial', 'sp500', 'universe-1s', 'universe-5s']);
  });

  it('trivial is a plain call with a JSON input and no market data', async () => {
    const workload = await buildWorkload('trivial');
    expect(workload).toMatchObject({ name: 'trivial', kind: 'call', input: { x: 1 } });
    expect(workload.data).toBeUndefined();
  });

  it('sp500 is the real series', async () => {
    const workload = await buildWorkload('sp500');
    expect(workload.kind).toBe('backtest');
    expect(workload.data).toBe(await loadSp500());
    expect(workload.description).toContain('2000-01-03 to 2020-04-17');
  });

  it.each(['universe-1s', 'universe-5s'] as const)(
    '%s has its documented size and is the same on every build',
    async (name) => {
      const first = await buildWorkload(name);
      const second = await buildWorkload(name);
      const size = UNIVERSE_SIZES[name];
      expect(first.kind).toBe('backtest');
      expect(first.data?.tickers).toHaveLength(size.tickers);
      expect(first.data?.dates).toHaveLength(size.days);
      expect(first.data?.close.every((series) => series.length === size.days)).toBe(true);
      expect(second.data).toEqual(first.data);
      expect(first.description).toContain('HEAVY_MOMENTUM');
    },
  );

  it('universe-5s is about five times the work of universe-1s', () => {
    const work = (size: { tickers: number; days: number }) => size.tickers * (size.days - 250);
    expect(work(UNIVERSE_SIZES['universe-5s']) / work(UNIVERSE_SIZES['universe-1s'])).toBeCloseTo(5, 0);
  });

  it('rejects an unknown name, listing the known ones', async () => {
    await expect(buildWorkload('universe-10s')).rejects.toThrow(UsageError);
    await expect(buildWorkload('universe-10s')).rejects.toThrow(
      /expected one of trivial, sp500, universe-1s, universe-5s/,
    );
  });
});
