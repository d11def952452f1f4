import { UsageError } from '../errors.ts';
import { bootstrapUniverse } from './bootstrap-universe.ts';
import { loadSp500, type MarketData } from './market-data.ts';

/** The named workloads every benchmark and functionality check draws from. */
export const workloadNames = ['trivial', 'sp500', 'universe-1s', 'universe-5s'] as const;
export type WorkloadName = (typeof workloadNames)[number];

/**
 * What the gate's `run` measures, besides the policy's own workload (gateWorkloads). universe-5s
 * stays in `bench`, which measures every workload: no part of the decision reads it (the shipped
 * policy's overhead and the quota's factor are on universe-1s), and at 5 rounds it took 221 s of
 * the run's 9.8 min of measurements (ce9824e, 2 cores).
 */
export const GATE_WORKLOADS: readonly WorkloadName[] = ['trivial', 'sp500', 'universe-1s'];

/** GATE_WORKLOADS plus the policy's overhead workload when it is another (a policy may gate on universe-5s), in workloadNames order. */
export function gateWorkloads(policyWorkload: string): WorkloadName[] {
  return workloadNames.filter((name) => GATE_WORKLOADS.includes(name) || name === policyWorkload);
}

export interface Workload {
  name: WorkloadName;
  description: string;
  /** `call`: the strategy gets `input`; `backtest`: it gets `data` and returns weights. */
  kind: 'call' | 'backtest';
  /** Market data of a backtest workload. */
  data?: MarketData;
  /** JSON input of a plain call. */
  input?: unknown;
}

/**
 * Sizes of the bootstrapped universes, chosen so that HEAVY_MOMENTUM (reference-strategies.ts)
 * run in-process (runInProcess, no sandbox) takes about 1 s and 5 s. Measured on the 2-core
 * development VM (Node 20.20.2), each in a fresh process, one warm-up run, then the median:
 *   universe-1s: 37 tickers x 2,520 days: 959 ms wall (idle machine, median of 5);
 *                970 to 1,009 ms of CPU in three later rounds with the machine busy (wall 1.2-1.6 s)
 *   universe-5s: 188 tickers x 2,520 days: 4,793 ms wall (idle machine, median of 5);
 *                4.69 to 5.05 s of CPU in three later rounds with the machine busy (wall 6.4-7.1 s)
 * As JSON the data is 1.75 MB and 8.8 MB. The cost is linear in tickers x (days - 250), about
 * 11 us per ticker-day; BUY_AND_HOLD and SMA_CROSSOVER take 1 to 5 ms on the same data.
 * Re-measure after changing the strategy or the machine; a benchmark reports what it
 * measured in its own run, never these numbers.
 */
export const UNIVERSE_SIZES = {
  'universe-1s': { tickers: 37, days: 2520, seed: 20_000_103 },
  'universe-5s': { tickers: 188, days: 2520, seed: 20_000_105 },
} as const;

/**
 * Builds a named workload. `sp500` is the real series (read on first use); the universes are
 * bootstrapped from it deterministically, so the same name always gives the same data.
 *
 * @throws UsageError for a name that is not one of `workloadNames`.
 */
export async function buildWorkload(name: string): Promise<Workload> {
  switch (name) {
    case 'trivial':
      return {
        name,
        kind: 'call',
        description: 'a plain call with a tiny JSON input: measures the fixed cost of one execution',
        input: { x: 1 },
      };
    case 'sp500': {
      const data = await loadSp500();
      return {
        name,
        kind: 'backtest',
        description: `a backtest on the real S&P 500 daily close, ${data.dates[0]} to ${data.dates[data.dates.length - 1]} (${data.dates.length} days, 1 ticker)`,
        data,
      };
    }
    case 'universe-1s':
    case 'universe-5s': {
      const size = UNIVERSE_SIZES[name];
      const data = bootstrapUniverse(await loadSp500(), size);
      return {
        name,
        kind: 'backtest',
        description:
          `a backtest on ${size.tickers} tickers x ${size.days} days bootstrapped from the real S&P 500 returns ` +
          `(seed ${size.seed}), sized so that HEAVY_MOMENTUM takes about ${name === 'universe-1s' ? 1 : 5} s in-process`,
        data,
      };
    }
    default:
      throw new UsageError(`unknown workload ${JSON.stringify(name)}; expected one of ${workloadNames.join(', ')}`);
  }
}
