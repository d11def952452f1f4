/**
 * Reference strategies, as the ES module source text an LLM would hand us. They are benign
 * and realistic: the functionality checks and the benchmarks run them in every mode. They use
 * no `Math.random` and no `Date.now` (both throw in the hardened runtime) and no imports.
 */

/** A plain call: returns its JSON input unchanged. */
export const ECHO = `export default function strategy(input) {
  return input;
}
`;

/** Weight 1 every day, split equally across the tickers. O(tickers * days). */
export const BUY_AND_HOLD = `export default function strategy({ dates, tickers }) {
  const weight = 1 / tickers.length;
  return tickers.map(() => dates.map(() => weight));
}
`;

/**
 * The classic 50/200-day moving-average crossover, per ticker: hold the ticker's equal share
 * while its 50-day average close is above its 200-day average, cash otherwise (and during the
 * first 199 days). Running sums, so O(days) per ticker. Only closes up to day d decide the
 * weight of day d (held from the close of d), so there is no look-ahead.
 */
export const SMA_CROSSOVER = `const FAST_DAYS = 50;
const SLOW_DAYS = 200;

export default function strategy({ dates, tickers, close }) {
  const share = 1 / tickers.length;
  return tickers.map((_, t) => {
    const prices = close[t];
    const weights = new Array(dates.length).fill(0);
    let fastSum = 0;
    let slowSum = 0;
    for (let d = 0; d < prices.length; d++) {
      fastSum += prices[d];
      slowSum += prices[d];
      if (d >= FAST_DAYS) fastSum -= prices[d - FAST_DAYS];
      if (d >= SLOW_DAYS) slowSum -= prices[d - SLOW_DAYS];
      if (d >= SLOW_DAYS - 1 && fastSum / FAST_DAYS > slowSum / SLOW_DAYS) weights[d] = share;
    }
    return weights;
  });
}
`;

/**
 * A CPU-heavy but realistic trend-following ensemble, written the naive way LLM-written code
 * often is. For every ticker and every day after a 250-day warm-up:
 * - the annualized volatility of the last 60 daily log returns (naive loop);
 * - for each of 49 lookbacks (10, 15, ..., 250 days) an OLS regression of log price on time
 *   over that lookback, recomputed from scratch (naive, O(lookback)): its annualized slope
 *   times its R^2, per unit of volatility, squashed by tanh; the score is their mean.
 * Each day it holds every ticker with a positive score, inverse-volatility weighted, summing
 * to 1 (cash when none). Cost: about 6,400 inner iterations per ticker-day, so
 * O(tickers * days * sum of lookbacks); it sizes the `universe-1s` and `universe-5s` workloads
 * with a moderate amount of data.
 */
export const HEAVY_MOMENTUM = `const LOOKBACKS = [];
for (let days = 10; days <= 250; days += 5) LOOKBACKS.push(days);
const WARMUP_DAYS = 250;
const VOL_DAYS = 60;
const TRADING_DAYS_PER_YEAR = 252;

export default function strategy({ dates, tickers, close }) {
  const dayCount = dates.length;
  const logPrices = close.map((series) => series.map((price) => Math.log(price)));
  const scores = tickers.map(() => new Array(dayCount).fill(0));
  const vols = tickers.map(() => new Array(dayCount).fill(0));

  for (let t = 0; t < tickers.length; t++) {
    const y = logPrices[t];
    for (let d = WARMUP_DAYS; d < dayCount; d++) {
      let sum = 0;
      let sumSquares = 0;
      for (let i = d - VOL_DAYS + 1; i <= d; i++) {
        const r = y[i] - y[i - 1];
        sum += r;
        sumSquares += r * r;
      }
      const meanReturn = sum / VOL_DAYS;
      const variance = Math.max((sumSquares - VOL_DAYS * meanReturn * meanReturn) / (VOL_DAYS - 1), 0);
      const vol = Math.sqrt(variance * TRADING_DAYS_PER_YEAR);
      vols[t][d] = vol;

      let score = 0;
      for (const lookback of LOOKBACKS) {
        let sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
        const first = d - lookback + 1;
        for (let k = 0; k < lookback; k++) {
          const v = y[first + k];
          sx += k;
          sy += v;
          sxx += k * k;
          sxy += k * v;
          syy += v * v;
        }
        const covariance = sxy - (sx * sy) / lookback;
        const varianceX = sxx - (sx * sx) / lookback;
        const varianceY = syy - (sy * sy) / lookback;
        const slope = covariance / varianceX;
        const rSquared = varianceY > 0 ? (covariance * covariance) / (varianceX * varianceY) : 0;
        score += Math.tanh((slope * TRADING_DAYS_PER_YEAR * rSquared) / Math.max(vol, 1e-4));
      }
      scores[t][d] = score / LOOKBACKS.length;
    }
  }

  const weights = tickers.map(() => new Array(dayCount).fill(0));
  for (let d = WARMUP_DAYS; d < dayCount; d++) {
    let inverseVolSum = 0;
    for (let t = 0; t < tickers.length; t++) {
      if (scores[t][d] > 0 && vols[t][d] > 0) inverseVolSum += 1 / vols[t][d];
    }
    if (inverseVolSum === 0) continue;
    for (let t = 0; t < tickers.length; t++) {
      if (scores[t][d] > 0 && vols[t][d] > 0) weights[t][d] = 1 / vols[t][d] / inverseVolSum;
    }
  }
  return weights;
}
`;
