import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The input of a backtest: ISO dates, ticker names, closes ticker-major. */
export interface MarketInput {
  dates: string[];
  tickers: string[];
  close: number[][];
}

const SP500_CSV = fileURLToPath(new URL('../../data/sp500-2000.csv', import.meta.url));

/** The real S&P 500 daily series (5,104 days), one ticker. */
export function sp500(): MarketInput {
  const rows = readFileSync(SP500_CSV, 'utf8').trim().split('\n').slice(1);
  const dates: string[] = [];
  const closes: number[] = [];
  for (const row of rows) {
    const cells = row.split(',');
    dates.push(cells[0]!);
    closes.push(Number(cells[4]));
  }
  return { dates, tickers: ['SPX'], close: [closes] };
}

/**
 * Ten deterministic tickers over the same dates, each built from the S&P 500's real daily
 * returns, shifted in time, scaled and given a slow sinusoidal drift so they differ. The last
 * ticker is flat for its first 300 days, to catch divisions by a zero volatility.
 */
export function tenTickers(): MarketInput {
  const { dates, close } = sp500();
  const base = close[0]!;
  const returns = base.map((p, d) => (d === 0 ? 0 : p / base[d - 1]! - 1));
  const n = returns.length;
  const tickers = Array.from({ length: 10 }, (_, k) => `T${k}`);
  const rows = tickers.map((_, k) => {
    const row: number[] = [];
    let price = 50 + 10 * k;
    for (let d = 0; d < n; d++) {
      if (k === 9 && d < 300) {
        row.push(price);
        continue;
      }
      const r = returns[(d + 37 * k) % n]! * (0.6 + 0.1 * k) + 0.0003 * Math.sin(d / (15 + k));
      price *= 1 + r;
      row.push(price);
    }
    return row;
  });
  return { dates, tickers, close: rows };
}

/** The first `days` days of an input: strategies must not crash on short histories. */
export function truncate(input: MarketInput, days: number): MarketInput {
  return {
    dates: input.dates.slice(0, days),
    tickers: input.tickers,
    close: input.close.map((row) => row.slice(0, days)),
  };
}
