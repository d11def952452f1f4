import { DEFAULT_SANDBOX_CONFIG } from '../config/default-config.ts';
import { keyPathOf } from '../config/config-keys.ts';
import type { BacktestMetrics } from '../sandbox/execution-result.ts';
import type { MarketData } from './market-data.ts';
import { WeightsError } from './weights-error.ts';

/** Trading days per year, used to annualize every metric. */
export const TRADING_DAYS_PER_YEAR = 252;
const ROUNDING_RESIDUE = 1e-12;
/**
 * Relative slack on the gross-exposure cap: 37 equal weights of 1/37 add up to 1 plus a few
 * ulps (about 4e-16), which must not count as leverage. 1e-9 is far above any such residue
 * and far below any leverage a strategy would gain from it.
 */
const GROSS_TOLERANCE = 1e-9;

/** Limits on what weights may do, applied before anything is scored. */
export interface WeightLimits {
  /**
   * Largest gross exposure allowed on any day: `sum_t |w[t][d]|` (longs plus shorts, as a
   * fraction of equity). 1 is fully invested without leverage; `Infinity` turns the check off.
   * @default 1 (sandbox.backtest.max_gross_leverage)
   */
  maxGrossLeverage?: number;
}

/** The default of `sandbox.backtest.max_gross_leverage` (1: long-only research, no leverage). */
export const DEFAULT_MAX_GROSS_LEVERAGE = DEFAULT_SANDBOX_CONFIG.backtest.maxGrossLeverage;

/**
 * Checks that untrusted `weights` have the shape of `data`: an array of `tickers.length`
 * arrays (one per ticker, in order), each of `dates.length` finite numbers, and that no day's
 * gross exposure `sum_t |w[t][d]|` is over `limits.maxGrossLeverage` (every day is checked,
 * the last one included). Negative weights (shorts) are fine within the cap. Returns them typed.
 *
 * Why a cap: without one, weights of 1e6 earn an equity that crosses 0 (totalReturn `null`
 * after JSON) and -1e6 a drawdown of 4.8e24 (issue 16); a score must never be made of those.
 *
 * @throws WeightsError naming the expected shape and the first ticker/day that does not fit.
 */
export function validateWeights(weights: unknown, data: MarketData, limits: WeightLimits = {}): number[][] {
  const tickerCount = data.tickers.length;
  const dayCount = data.dates.length;
  const expected =
    `expected weights[t][d]: an array of ${tickerCount} array(s) (one per ticker: ${describeTickers(data.tickers)}), ` +
    `each of ${dayCount} finite numbers (one per date, ${data.dates[0] ?? '-'} to ${data.dates[dayCount - 1] ?? '-'})`;
  if (!Array.isArray(weights)) {
    throw new WeightsError(`invalid weights: found ${describe(weights)}; ${expected}`);
  }
  if (weights.length !== tickerCount) {
    throw new WeightsError(`invalid weights: found an array of ${weights.length} element(s); ${expected}`);
  }
  for (let t = 0; t < tickerCount; t++) {
    const row: unknown = weights[t];
    const ticker = data.tickers[t];
    if (!Array.isArray(row)) {
      throw new WeightsError(
        `invalid weights: weights[${t}] (ticker ${ticker}) is ${describe(row)}, not an array; ${expected}`,
        { tickerIndex: t },
      );
    }
    if (row.length !== dayCount) {
      throw new WeightsError(
        `invalid weights: weights[${t}] (ticker ${ticker}) has ${row.length} element(s), not ${dayCount}; ${expected}`,
        { tickerIndex: t },
      );
    }
    for (let d = 0; d < dayCount; d++) {
      const weight: unknown = row[d];
      if (typeof weight !== 'number' || !Number.isFinite(weight)) {
        throw new WeightsError(
          `invalid weights: weights[${t}][${d}] (ticker ${ticker}, ${data.dates[d]}) is ${describe(weight)}, not a finite number; ${expected}`,
          { tickerIndex: t, dayIndex: d },
        );
      }
    }
  }
  checkGrossExposure(weights as number[][], data, limits.maxGrossLeverage ?? DEFAULT_MAX_GROSS_LEVERAGE);
  return weights as number[][];
}

/**
 * Throws for the first day (then the first ticker, in order) at which the running sum of
 * `|w[t][d]|` passes the cap: that ticker is the one that took the day over it.
 */
function checkGrossExposure(weights: number[][], data: MarketData, maxGrossLeverage: number): void {
  if (maxGrossLeverage === Number.POSITIVE_INFINITY) return;
  const allowed = maxGrossLeverage * (1 + GROSS_TOLERANCE);
  for (let d = 0; d < data.dates.length; d++) {
    let gross = 0;
    for (let t = 0; t < weights.length; t++) gross += Math.abs((weights[t] as number[])[d] as number);
    if (gross <= allowed) continue;
    let running = 0;
    let at = 0;
    for (let t = 0; t < weights.length; t++) {
      running += Math.abs((weights[t] as number[])[d] as number);
      if (running > allowed) {
        at = t;
        break;
      }
    }
    throw new WeightsError(
      `invalid weights: gross exposure on ${data.dates[d]} (day ${d}) is ${gross}, over ${keyPathOf('backtest.maxGrossLeverage')} ` +
        `(${maxGrossLeverage}); it passes the cap at weights[${at}][${d}] (ticker ${data.tickers[at]}) = ${(weights[at] as number[])[d]}. ` +
        'Scale the weights so that sum |w[t][d]| stays within the cap, or raise the cap for a levered strategy',
      { tickerIndex: at, dayIndex: d },
    );
  }
}

/**
 * Backtest metrics of target weights on closing prices. With D dates and T tickers:
 *
 * - Holding: `w[t][d]` is held from the close of day d to the close of day d+1; whatever is
 *   not invested is cash earning 0; shorts are allowed, gross exposure up to `limits`.
 * - Daily return, for d = 0..D-2: `r_d = sum_t w[t][d] * (close[t][d+1] / close[t][d] - 1)`.
 *   The last day's weights are never held through a return and do not count anywhere.
 * - `days` = D - 1, the number of daily returns.
 * - Equity: `e_0 = 1`, `e_{d+1} = e_d * (1 + r_d)`.
 * - `totalReturn` = `e_days - 1`.
 * - `cagr` = `e_days ^ (252 / days) - 1` (-1 when the equity ends at or below 0).
 * - `volatility` = sample standard deviation (n - 1) of the daily returns * sqrt(252);
 *   0 with fewer than 2 returns, and 0 when it is below 1e-12 * |mean| (constant returns,
 *   whose computed sd is a rounding residue).
 * - `sharpe` = mean(r) / sd(r) * sqrt(252), risk-free rate 0; 0 when sd is 0.
 * - `maxDrawdown` = max over k of `(max_{j<=k} e_j - e_k) / max_{j<=k} e_j`, a positive fraction
 *   (0.5 is a fall of 50% from a peak; the starting equity 1 counts as a peak).
 * - `turnover` = `(1 / days) * sum_{d=0..D-2} sum_t |w[t][d] - w[t][d-1]|` with `w[t][-1] = 0`:
 *   the average daily traded fraction of equity, so buying and holding 1 has turnover 1/days.
 *
 * @throws Error when there are fewer than 2 dates; WeightsError when the weights do not fit (validateWeights).
 */
export function computeBacktest(data: MarketData, weights: unknown, limits: WeightLimits = {}): BacktestMetrics {
  const w = validateWeights(weights, data, limits);
  const dayCount = data.dates.length;
  if (dayCount < 2) {
    throw new Error(`a backtest needs at least 2 dates to have one daily return, found ${dayCount}`);
  }
  const days = dayCount - 1;
  const returns = new Array<number>(days).fill(0);
  let traded = 0;
  for (let t = 0; t < data.tickers.length; t++) {
    const prices = data.close[t] as number[];
    const row = w[t] as number[];
    let previousWeight = 0;
    for (let d = 0; d < days; d++) {
      const weight = row[d] as number;
      returns[d] = (returns[d] as number) + weight * ((prices[d + 1] as number) / (prices[d] as number) - 1);
      traded += Math.abs(weight - previousWeight);
      previousWeight = weight;
    }
  }

  let equity = 1;
  let peak = 1;
  let maxDrawdown = 0;
  let sum = 0;
  for (const r of returns) {
    equity *= 1 + r;
    sum += r;
    if (equity > peak) peak = equity;
    const drawdown = (peak - equity) / peak;
    if (drawdown > maxDrawdown) maxDrawdown = drawdown;
  }
  const mean = sum / days;
  let squares = 0;
  for (const r of returns) squares += (r - mean) * (r - mean);
  let sd = days >= 2 ? Math.sqrt(squares / (days - 1)) : 0;
  // Constant returns leave a rounding residue (about 1e-18) instead of 0; it would turn the
  // Sharpe ratio into an absurd 1e15.
  if (sd <= ROUNDING_RESIDUE * Math.abs(mean)) sd = 0;

  return {
    totalReturn: equity - 1,
    cagr: equity > 0 ? equity ** (TRADING_DAYS_PER_YEAR / days) - 1 : -1,
    volatility: sd * Math.sqrt(TRADING_DAYS_PER_YEAR),
    sharpe: sd > 0 ? (mean / sd) * Math.sqrt(TRADING_DAYS_PER_YEAR) : 0,
    maxDrawdown,
    turnover: traded / days,
    days,
  };
}

function describeTickers(tickers: readonly string[]): string {
  return tickers.length <= 5 ? tickers.join(', ') : `${tickers.slice(0, 5).join(', ')}, ...`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length} element(s)`;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  return `of type ${typeof value}`;
}
