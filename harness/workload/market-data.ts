import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packagePath } from '../package-root.ts';
import { MarketDataError } from './market-data-error.ts';

/**
 * Daily closing prices of a universe, ticker-major: `close[t][d]` is the close of
 * `tickers[t]` on `dates[d]` (ISO `YYYY-MM-DD`). This is exactly what a strategy receives.
 */
export type MarketData = { dates: string[]; tickers: string[]; close: number[][] };

/** The ticker name of the real S&P 500 series. */
export const SP500_TICKER = 'SPX';

const SP500_URL = pathToFileURL(packagePath('data/sp500-2000.csv'));
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

let sp500: Promise<MarketData> | undefined;

/**
 * The real S&P 500 daily close, 2000-01-03 to 2020-04-17 (5,105 rows; data/SOURCE.md says 5,104, one less than the file holds),
 * as a one-ticker universe named `SPX`. Read and validated on the first call only (never at
 * import time), then cached; a failed read is not cached, so a later call tries again.
 * Callers share the cached object: treat it as read-only.
 */
export function loadSp500(): Promise<MarketData> {
  sp500 ??= readSp500().catch((error: unknown) => {
    sp500 = undefined;
    throw error;
  });
  return sp500;
}

async function readSp500(): Promise<MarketData> {
  const file = fileURLToPath(SP500_URL);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new MarketDataError(file, 0, 'cannot read the market data file', { cause: error });
  }
  return parseCloseCsv(text, { file, ticker: SP500_TICKER });
}

/**
 * Parses a CSV with a header that has `date` and `close` columns (other columns are
 * ignored) into a one-ticker universe. Validates every row: an ISO date, strictly after the
 * previous row's, and a close that is a finite number greater than 0.
 *
 * @throws MarketDataError naming `file` and the 1-based line of the first bad row.
 */
export function parseCloseCsv(text: string, options: { file: string; ticker: string }): MarketData {
  const { file, ticker } = options;
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();

  const header = (lines[0] ?? '').split(',').map((name) => name.trim().toLowerCase());
  const dateColumn = header.indexOf('date');
  const closeColumn = header.indexOf('close');
  if (dateColumn < 0 || closeColumn < 0) {
    throw new MarketDataError(
      file,
      1,
      `expected a header with "date" and "close" columns, found ${JSON.stringify(lines[0] ?? '')}`,
    );
  }

  const dates: string[] = [];
  const closes: number[] = [];
  for (let index = 1; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = lines[index] ?? '';
    const fields = line.split(',');
    if (fields.length !== header.length) {
      throw new MarketDataError(
        file,
        lineNumber,
        `expected ${header.length} comma-separated fields, found ${fields.length}: ${JSON.stringify(line)}`,
      );
    }
    const date = (fields[dateColumn] ?? '').trim();
    if (!ISO_DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
      throw new MarketDataError(file, lineNumber, `expected a date as YYYY-MM-DD, found ${JSON.stringify(date)}`);
    }
    const previous = dates[dates.length - 1];
    if (previous !== undefined && date <= previous) {
      throw new MarketDataError(file, lineNumber, `dates must be strictly increasing, found ${date} after ${previous}`);
    }
    const closeText = (fields[closeColumn] ?? '').trim();
    const close = closeText === '' ? Number.NaN : Number(closeText);
    if (!Number.isFinite(close) || close <= 0) {
      throw new MarketDataError(
        file,
        lineNumber,
        `expected a close that is a finite number > 0, found ${JSON.stringify(closeText)}`,
      );
    }
    dates.push(date);
    closes.push(close);
  }
  if (dates.length === 0) {
    throw new MarketDataError(file, 0, 'the file has a header but no rows');
  }
  return { dates, tickers: [ticker], close: [closes] };
}
