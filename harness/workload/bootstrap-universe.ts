import { businessDays } from './business-days.ts';
import type { MarketData } from './market-data.ts';
import { createPrng } from './prng.ts';

export interface BootstrapUniverseOptions {
  /** Number of synthetic tickers. */
  tickers: number;
  /** Number of trading days (prices) per ticker; there are `days - 1` returns. */
  days: number;
  /** PRNG seed: the same seed (and base) gives an identical universe. */
  seed: number;
  /**
   * Mean block length of the stationary bootstrap, in trading days.
   * @default 20
   */
  meanBlockDays?: number;
}

/** First date of every bootstrapped universe (a Monday, the first trading day of 2000). */
export const BOOTSTRAP_START_DATE = '2000-01-03';
/** Every synthetic ticker starts at this price. */
export const BOOTSTRAP_START_PRICE = 100;
const DEFAULT_MEAN_BLOCK_DAYS = 20;

/**
 * Builds a larger universe from the real daily log returns of `base`, by the stationary
 * bootstrap of Politis and Romano (1994): each synthetic ticker walks through the returns of
 * one base ticker (`t mod base.tickers.length`), and before each day it jumps to a uniformly
 * random day with probability `1 / meanBlockDays`, otherwise it takes the next day
 * (wrapping around at the end). Blocks of geometric length keep the volatility clustering
 * of the real series that an i.i.d. resample would destroy.
 *
 * Every daily log return of the result is one of the base's real returns; every ticker
 * starts at 100 on 2000-01-03 and the dates continue on weekdays. Tickers are drawn
 * independently of each other, so the synthetic universe has no cross-sectional correlation.
 * Deterministic: it uses only the seeded PRNG of `prng.ts`.
 */
export function bootstrapUniverse(base: MarketData, options: BootstrapUniverseOptions): MarketData {
  const { tickers: tickerCount, days, seed } = options;
  const meanBlockDays = options.meanBlockDays ?? DEFAULT_MEAN_BLOCK_DAYS;
  if (!Number.isInteger(tickerCount) || tickerCount < 1) {
    throw new RangeError(`bootstrapUniverse: tickers must be a positive integer, received ${String(tickerCount)}`);
  }
  if (!Number.isInteger(days) || days < 1) {
    throw new RangeError(`bootstrapUniverse: days must be a positive integer, received ${String(days)}`);
  }
  if (!(meanBlockDays >= 1)) {
    throw new RangeError(`bootstrapUniverse: meanBlockDays must be >= 1, received ${String(meanBlockDays)}`);
  }
  const baseReturns = base.close.map((series, t) => logReturns(series, base.tickers[t] ?? String(t)));

  const prng = createPrng(seed);
  const jumpProbability = 1 / meanBlockDays;
  const width = String(tickerCount).length;
  const tickers: string[] = [];
  const close: number[][] = [];
  for (let t = 0; t < tickerCount; t++) {
    const returns = baseReturns[t % baseReturns.length] as number[];
    const series = new Array<number>(days);
    let price = BOOTSTRAP_START_PRICE;
    series[0] = price;
    let source = prng.nextInt(returns.length);
    for (let d = 1; d < days; d++) {
      if (d > 1) {
        source = prng.next() < jumpProbability ? prng.nextInt(returns.length) : (source + 1) % returns.length;
      }
      price *= Math.exp(returns[source] as number);
      series[d] = price;
    }
    tickers.push(`BS${String(t + 1).padStart(width, '0')}`);
    close.push(series);
  }
  return { dates: businessDays(BOOTSTRAP_START_DATE, days), tickers, close };
}

/** Daily log returns `ln(close[d+1] / close[d])` of one series. */
export function logReturns(series: readonly number[], ticker: string): number[] {
  if (series.length < 2) {
    throw new RangeError(
      `bootstrapUniverse: ticker ${ticker} needs at least 2 closes to have a return, found ${series.length}`,
    );
  }
  const returns = new Array<number>(series.length - 1);
  for (let d = 0; d + 1 < series.length; d++) {
    returns[d] = Math.log((series[d + 1] as number) / (series[d] as number));
  }
  return returns;
}
