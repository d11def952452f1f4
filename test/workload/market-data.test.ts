import { describe, expect, it } from 'vitest';
import { loadSp500, parseCloseCsv } from '../../harness/workload/market-data.ts';
import { MarketDataError } from '../../harness/workload/market-data-error.ts';

const HEADER = 'date,open,high,low,close,adjclose,volume';
const row = (date: string, close: string) => `${date},1,1,1,${close},${close},100`;
const parse = (lines: string[]) => parseCloseCsv(lines.join('\n'), { file: 'prices.csv', ticker: 'X' });

describe('loadSp500', () => {
  it('loads the real S&P 500 series as one ticker SPX', async () => {
    const data = await loadSp500();
    expect(data.tickers).toEqual(['SPX']);
    expect(data.dates).toHaveLength(5105);
    expect(data.close).toHaveLength(1);
    expect(data.close[0]).toHaveLength(5105);
    expect(data.dates[0]).toBe('2000-01-03');
    expect(data.dates[5104]).toBe('2020-04-17');
    expect(data.close[0]?.[0]).toBe(1455.219971);
    expect(data.close[0]?.[5104]).toBe(2874.560059);
  });

  it('reads once and caches the parsed result', async () => {
    const first = loadSp500();
    const second = loadSp500();
    expect(second).toBe(first);
    expect(await second).toBe(await first);
  });
});

describe('parseCloseCsv', () => {
  it('parses the date and close columns, with or without a trailing newline and CRLF', () => {
    const data = parseCloseCsv(`${HEADER}\r\n${row('2001-01-02', '10.5')}\r\n${row('2001-01-03', '11')}\r\n`, {
      file: 'x.csv',
      ticker: 'ABC',
    });
    expect(data).toEqual({ dates: ['2001-01-02', '2001-01-03'], tickers: ['ABC'], close: [[10.5, 11]] });
  });

  const cases: Array<[string, string[], RegExp]> = [
    [
      'a row with a missing field',
      [HEADER, row('2001-01-02', '1'), '2001-01-03,1,1,1,2,2'],
      /^prices\.csv:3: expected 7 comma-separated fields, found 6/,
    ],
    [
      'a malformed date',
      [HEADER, row('2001-1-02', '1')],
      /^prices\.csv:2: expected a date as YYYY-MM-DD, found "2001-1-02"/,
    ],
    ['an impossible date', [HEADER, row('2001-13-40', '1')], /^prices\.csv:2: expected a date/],
    [
      'a repeated date',
      [HEADER, row('2001-01-02', '1'), row('2001-01-02', '2')],
      /^prices\.csv:3: dates must be strictly increasing, found 2001-01-02 after 2001-01-02/,
    ],
    [
      'a date going back',
      [HEADER, row('2001-01-03', '1'), row('2001-01-02', '2')],
      /^prices\.csv:3: dates must be strictly increasing/,
    ],
    [
      'a zero close',
      [HEADER, row('2001-01-02', '0')],
      /^prices\.csv:2: expected a close that is a finite number > 0, found "0"/,
    ],
    ['a negative close', [HEADER, row('2001-01-02', '-3')], /^prices\.csv:2: expected a close/],
    ['a non-numeric close', [HEADER, row('2001-01-02', 'null')], /^prices\.csv:2: expected a close .* found "null"/],
    ['an empty close', [HEADER, row('2001-01-02', '')], /^prices\.csv:2: expected a close .* found ""/],
    ['an infinite close', [HEADER, row('2001-01-02', 'Infinity')], /^prices\.csv:2: expected a close/],
    [
      'a header without close',
      ['date,open', '2001-01-02,1'],
      /^prices\.csv:1: expected a header with "date" and "close"/,
    ],
    ['no rows', [HEADER], /^prices\.csv: the file has a header but no rows/],
  ];
  it.each(cases)('rejects %s, naming file and line', (_name, lines, message) => {
    let caught: unknown;
    try {
      parse(lines);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MarketDataError);
    expect((caught as MarketDataError).code).toBe('SANDBOX_GATE_MARKET_DATA_INVALID');
    expect((caught as MarketDataError).message).toMatch(message);
  });
});
