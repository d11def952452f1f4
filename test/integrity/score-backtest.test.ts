import { describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_CONFIG, type SandboxConfig } from '../../harness/config/sandbox-config.ts';
import type { RunnerLookaheadReport } from '../../harness/integrity/lookahead-job.ts';
import { planLookahead, scoreBacktest } from '../../harness/integrity/score-backtest.ts';
import { emptyResult, type ExecutionResult } from '../../harness/sandbox/execution-result.ts';
import type { MarketData } from '../../harness/workload/market-data.ts';

const data: MarketData = {
  dates: ['2001-01-01', '2001-01-02', '2001-01-03', '2001-01-04'],
  tickers: ['A', 'B'],
  close: [
    [10, 11, 12, 13],
    [20, 19, 18, 17],
  ],
};
/** The shipped settings with a fixed seed, so the cut days are the same on every run. */
const backtest: SandboxConfig['backtest'] = {
  ...DEFAULT_SANDBOX_CONFIG.backtest,
  lookahead: { ...DEFAULT_SANDBOX_CONFIG.backtest.lookahead, seed: 16_000_016 },
};
const job = planLookahead(backtest, data)!;
const weights = [
  [0.5, 0.5, 0.5, 0.5],
  [0, 0, 0, 0],
];
const ok = (value: unknown): ExecutionResult => ({ ...emptyResult('docker'), status: 'ok', value });
const report = (patch: Partial<RunnerLookaheadReport> = {}): RunnerLookaheadReport => ({
  fullEvaluationMs: 5,
  checks: job.cuts.map((cut) => ({ ...cut, evaluationMs: 2 })),
  ...patch,
});

describe('planLookahead', () => {
  it('gives every cut day every configured perturbation, and nothing when the check is off', () => {
    expect(job.cuts.map((c) => c.perturbation)).toEqual([
      'truncate',
      'far-below',
      'far-above',
      'truncate',
      'far-below',
      'far-above',
    ]);
    const off: SandboxConfig['backtest'] = { ...backtest, lookahead: { ...backtest.lookahead, enabled: false } };
    expect(planLookahead(off, data)).toBeUndefined();
  });

  it('seed random draws a fresh seed per execution and records it; a fixed seed gives the same cuts every time', () => {
    const random: SandboxConfig['backtest'] = {
      ...backtest,
      lookahead: { ...backtest.lookahead, seed: 'random', cuts: 3 },
    };
    const long: MarketData = {
      dates: Array.from({ length: 5000 }, (_, d) => `d${d}`),
      tickers: ['A'],
      close: [new Array(5000).fill(1)],
    };
    const seeds = Array.from({ length: 5 }, () => planLookahead(random, long)!.seed);
    expect(new Set(seeds).size).toBeGreaterThan(1);
    for (const seed of seeds) expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32).toBe(true);
    expect(planLookahead(backtest, long)).toEqual(planLookahead(backtest, long));
    expect(planLookahead(backtest, long)!.seed).toBe(16_000_016);
  });
});

describe('scoreBacktest: the wrapper hook', () => {
  it('a causal run: ok, the weights as value, metrics, and the check with its cost', () => {
    const result = scoreBacktest(ok(weights), data, backtest, job, report());
    expect(result.status).toBe('ok');
    expect(result.value).toEqual(weights);
    expect(result.backtest?.days).toBe(3);
    expect(result.lookahead).toMatchObject({
      verdict: 'causal',
      seed: 16_000_016,
      extraEvaluations: 6,
      extraEvaluationMs: 12,
      fullEvaluationMs: 5,
    });
  });

  it('a change before the cut: status lookahead, no metrics, no value, the cut, day and ticker named', () => {
    const checks = [{ ...job.cuts[0]!, evaluationMs: 2, difference: { day: 1, ticker: 0, full: 0.5, perturbed: 0 } }];
    const result = scoreBacktest(ok(weights), data, backtest, job, report({ checks, repeat: { evaluationMs: 4 } }));
    expect(result.status).toBe('lookahead');
    expect(result.backtest).toBeUndefined();
    expect(result.value).toBeUndefined();
    const cut = job.cuts[0]!.day;
    expect(result.message).toBe(
      `look-ahead at cut day ${cut} (${data.dates[cut]}, the days after it removed): the weight of A on 2001-01-02 (day 1) changed from 0.5 to 0; ` +
        'a weight may depend only on data up to its own day, so no metrics',
    );
    expect(result.lookahead).toMatchObject({
      verdict: 'lookahead',
      extraEvaluations: 2,
      extraEvaluationMs: 6,
      cuts: [{ changed: { ticker: 'A', date: '2001-01-02' } }],
    });
  });

  it('a failure on a cut input is look-ahead too: the weights cannot be shown independent of later data', () => {
    const checks = [{ ...job.cuts[0]!, evaluationMs: 2, failure: 'the strategy threw: TypeError: x is undefined' }];
    const result = scoreBacktest(ok(weights), data, backtest, job, report({ checks, repeat: { evaluationMs: 4 } }));
    expect(result.status).toBe('lookahead');
    expect(result.message).toMatch(
      /the strategy failed on that input \(the strategy threw: TypeError: x is undefined\)/,
    );
  });

  it('different weights for the identical input: status nondeterministic, whatever the cut showed', () => {
    const checks = [{ ...job.cuts[0]!, evaluationMs: 2, difference: { day: 0, ticker: 1, full: 0, perturbed: 0.1 } }];
    const repeat = { evaluationMs: 4, difference: { day: 0, ticker: 1, full: 0, perturbed: 0.2 } };
    const result = scoreBacktest(ok(weights), data, backtest, job, report({ checks, repeat }));
    expect(result.status).toBe('nondeterministic');
    expect(result.backtest).toBeUndefined();
    expect(result.message).toMatch(
      /^non-deterministic: the identical input gave different weights \(the weight of B on 2001-01-01 \(day 0\) was 0 and then 0\.2\)/,
    );
  });

  it('invalid weights are an error before any look-ahead verdict, with the first offending day and ticker', () => {
    const result = scoreBacktest(
      ok([
        [1e6, 0, 0, 0],
        [0, 0, 0, 0],
      ]),
      data,
      backtest,
      job,
      report(),
    );
    expect(result).toMatchObject({ status: 'error', backtest: undefined, value: undefined });
    expect(result.message).toMatch(/gross exposure on 2001-01-01 \(day 0\) is 1000000.*weights\[0\]\[0\] \(ticker A\)/);
    expect(result.lookahead).toBeUndefined();
  });

  it('with the check off the value is the weights themselves', () => {
    expect(scoreBacktest(ok(weights), data, backtest, undefined, undefined)).toMatchObject({
      status: 'ok',
      value: weights,
      backtest: { days: 3 },
    });
  });
});

describe('the audit names the key the score-integrity claim is about', async () => {
  const { scoreIntegrityClaim } = await import('../../harness/claims/score-integrity.ts');
  it('sandbox.backtest.lookahead.enabled, declared with its relaxation', () => {
    expect(scoreIntegrityClaim.relaxation.configKey).toBe('sandbox.backtest.lookahead.enabled');
    expect(
      scoreIntegrityClaim.relaxation.configPatch!(structuredClone(DEFAULT_SANDBOX_CONFIG)).backtest.lookahead.enabled,
    ).toBe(false);
  });
});
