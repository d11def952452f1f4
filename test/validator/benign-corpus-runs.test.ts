import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listCorpus } from '../../harness/sandbox/validator/corpus.ts';
import { sp500, tenTickers, truncate, type MarketInput } from './market-fixture.ts';

// The benign corpus is trusted code written for this project, so it is imported and run
// directly here: this checks the corpus itself (shape and finite weights), not the sandbox.
const benign = listCorpus('benign');
const calls = listCorpus('benign-calls');
const single = sp500();
const ten = tenTickers();

/** Calls a strategy with the clock and randomness made to throw, as the hardened runtime does. */
async function run(file: string, input: unknown): Promise<unknown> {
  const strategy = (await import(pathToFileURL(file).href)).default as (input: unknown) => unknown;
  const random = vi.spyOn(Math, 'random').mockImplementation(() => {
    throw new Error('Math.random is not available to strategies');
  });
  const now = vi.spyOn(Date, 'now').mockImplementation(() => {
    throw new Error('Date.now is not available to strategies');
  });
  try {
    return await strategy(input);
  } finally {
    random.mockRestore();
    now.mockRestore();
  }
}

function expectWeights(weights: unknown, input: MarketInput): void {
  expect(Array.isArray(weights)).toBe(true);
  const rows = weights as unknown[];
  expect(rows).toHaveLength(input.tickers.length);
  rows.forEach((row, t) => {
    expect(Array.isArray(row), `row ${t} is an array`).toBe(true);
    const values = row as unknown[];
    expect(values).toHaveLength(input.dates.length);
    const bad = values.findIndex((w) => typeof w !== 'number' || !Number.isFinite(w) || Math.abs(w) > 2);
    expect(bad, `ticker ${t}: weight at day ${bad} is ${String(values[bad])}`).toBe(-1);
  });
}

beforeAll(() => {
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterAll(() => {
  vi.restoreAllMocks();
});

describe('benign strategy corpus', () => {
  it('has at least 28 strategies', () => {
    expect(benign.length).toBeGreaterThanOrEqual(28);
  });

  describe.each(benign.map((entry) => [entry.id, entry.file] as const))('%s', (_id, file) => {
    // data/SOURCE.md says 5,104 days; the file holds one more row. Either way: the full series.
    it('returns finite weights for the full daily S&P 500 series', async () => {
      expect(single.dates.length).toBeGreaterThanOrEqual(5104);
      expectWeights(await run(file, single), single);
    });

    it('returns finite weights for ten tickers', async () => {
      expectWeights(await run(file, ten), ten);
    });

    it('returns finite weights for a 5-day history', async () => {
      const short = truncate(ten, 5);
      expectWeights(await run(file, short), short);
    });

    it('is deterministic', async () => {
      const input = truncate(ten, 600);
      expect(JSON.stringify(await run(file, input))).toBe(JSON.stringify(await run(file, input)));
    });
  });
});

describe('benign plain-call corpus', () => {
  it('has 3 plain-call strategies', () => {
    expect(calls).toHaveLength(3);
  });

  it.each(calls.map((entry) => [entry.id, entry.file] as const))(
    '%s returns a JSON value for { x: 1 }',
    async (_id, file) => {
      const value = await run(file, { x: 1 });
      expect(value).not.toBeUndefined();
      expect(JSON.parse(JSON.stringify(value))).toEqual(value);
    },
  );
});
