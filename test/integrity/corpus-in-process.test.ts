// The score-integrity corpus through the runner's look-ahead code, with the strategies run in
// this process (fast, no engine): every look-ahead file flagged, no causal twin flagged, the
// blind spots exactly where the docs say. suites/integration/score-integrity.test.ts runs the
// same corpus (and the benign one) through the real engine.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_CONFIG } from '../../harness/config/sandbox-config.ts';
import { scoreInProcess } from '../../harness/integrity/check-in-process.ts';
import { chooseCutDays } from '../../harness/integrity/cut-days.ts';
import { listIntegrityCorpus } from '../../harness/integrity/integrity-corpus.ts';
import { bootstrapUniverse } from '../../harness/workload/bootstrap-universe.ts';
import { loadSp500, type MarketData } from '../../harness/workload/market-data.ts';

const SEED = 16_000_016;
/** The shipped settings with a fixed seed: the blind-spot cases depend on where the cuts fall. */
const backtest = {
  ...DEFAULT_SANDBOX_CONFIG.backtest,
  lookahead: { ...DEFAULT_SANDBOX_CONFIG.backtest.lookahead, seed: SEED },
};
const corpus = listIntegrityCorpus().filter((s) => !s.id.startsWith('benign/'));
const datasets: Record<string, MarketData> = {};

beforeAll(async () => {
  datasets.sp500 = await loadSp500();
  datasets.universe = bootstrapUniverse(datasets.sp500, { tickers: 8, days: 800, seed: 16 });
});

describe.each(['sp500', 'universe'])('score integrity in-process on %s', (name) => {
  it.each(corpus.filter((s) => s.kind === 'lookahead' && !s.blindSpot).map((s) => [s.id, s] as const))(
    '%s is flagged lookahead',
    async (_id, strategy) => {
      const result = await scoreInProcess(strategy.code, datasets[name]!, backtest);
      expect(result.status, result.message).toBe('lookahead');
      expect(result.backtest).toBeUndefined();
      expect(result.message).toMatch(
        /^look-ahead at cut day \d+ \(\d{4}-\d\d-\d\d, .*\): the weight of \S+ on \d{4}-\d\d-\d\d \(day \d+\) changed from/,
      );
    },
  );

  it.each(corpus.filter((s) => s.kind === 'causal').map((s) => [s.id, s] as const))(
    '%s is not flagged',
    async (_id, strategy) => {
      const result = await scoreInProcess(strategy.code, datasets[name]!, backtest);
      expect(result.status, result.message).toBe('ok');
      expect(result.lookahead).toMatchObject({ verdict: 'causal', extraEvaluations: 6 });
    },
  );
});

describe('what the check cannot see (the limits the README states)', () => {
  const late = corpus.find((s) => s.id === 'lookahead/late-peek-blind-spot')!;

  it('a peek that only starts after the last cut passes; a seed that puts a cut there catches it', async () => {
    const sp500 = datasets.sp500!;
    expect(chooseCutDays(sp500.dates.length, 2, SEED).every((day) => day < 5000)).toBe(true);
    expect((await scoreInProcess(late.code, sp500, backtest)).status).toBe('ok');
    // The first seed whose two cuts include one at day 5,000 or later: the same strategy is caught.
    const seed = Array.from({ length: 200 }, (_, i) => i).find((s) =>
      chooseCutDays(sp500.dates.length, 2, s).some((day) => day >= 5000),
    )!;
    expect(seed).toBeDefined();
    const reaching = { ...backtest, lookahead: { ...backtest.lookahead, seed } };
    expect((await scoreInProcess(late.code, sp500, reaching)).status).toBe('lookahead');
  });

  it('a peek behind a trigger the data never meets passes on both series', async () => {
    const rare = corpus.find((s) => s.id === 'lookahead/rare-trigger-blind-spot')!;
    for (const data of Object.values(datasets))
      expect((await scoreInProcess(rare.code, data, backtest)).status).toBe('ok');
    // The same rule with its trigger met (a 40% one-day fall placed on the cut day) is caught.
    const crashed = structuredClone(datasets.sp500!);
    const cut = chooseCutDays(crashed.dates.length, 1, SEED)[0]!;
    crashed.close[0]![cut] = crashed.close[0]![cut - 1]! * 0.6;
    const oneCut = { ...backtest, lookahead: { ...backtest.lookahead, cuts: 1 } };
    const result = await scoreInProcess(rare.code, crashed, oneCut);
    expect(result.status).toBe('lookahead');
    expect(result.lookahead?.cuts[0]?.changed?.day).toBe(cut);
  });
});

describe('non-determinism', () => {
  it("Math.random (usable only outside SES: the runner's Compartment throws on it) is flagged nondeterministic, not lookahead", async () => {
    const code =
      'export default ({ tickers, close }) => tickers.map((_, t) => close[t].map(() => Math.random() / tickers.length));';
    const result = await scoreInProcess(code, datasets.universe!, backtest);
    expect(result.status).toBe('nondeterministic');
    expect(result.lookahead?.repeat?.changed).toMatchObject({ day: 0, date: '2000-01-03', ticker: 'BS1' });
  });
});

describe('a deliberate evasion: code that recomputes the cut days of a fixed seed', () => {
  it('passes with the fixed seed it recomputes and is caught with seed: random (the shipped default) (lookahead/evasion/cut-day-avoiding.js)', async () => {
    const { readFileSync } = await import('node:fs');
    const code = readFileSync('suites/fixtures/strategies/lookahead/evasion/cut-day-avoiding.js', 'utf8');
    expect((await scoreInProcess(code, datasets.sp500!, backtest)).status).toBe('ok');
    const random = { ...backtest, lookahead: { ...backtest.lookahead, seed: 'random' as const } };
    const result = await scoreInProcess(code, datasets.sp500!, random);
    expect(result.status).toBe('lookahead');
    expect(result.lookahead?.seed).not.toBe(SEED);
  });
});
