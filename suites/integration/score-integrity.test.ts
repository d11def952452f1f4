// Issue 16: a strategy that peeks at the future or sizes absurdly gets no score. Through the
// real engine (SandboxExecutionWrapper in Docker, the shipped config): every look-ahead file of
// the corpus is flagged, no causal one (causal/ and the whole benign corpus) is, on the real
// S&P 500 series and on a bootstrapped universe; levered and non-finite weights are refused
// with the day and ticker named; the claim score-integrity is upheld with its control. The
// rates go to results.json (task.meta.evidence.scoreIntegrity) and into the report.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { PACKAGE_ROOT } from '../../harness/package-root.ts';
import { createClaimContext } from '../../harness/claims/claim-context.ts';
import { runClaim } from '../../harness/claims/run-claims.ts';
import { scoreIntegrityClaim } from '../../harness/claims/score-integrity.ts';
import type { SandboxConfig } from '../../harness/config/sandbox-config.ts';
import { listIntegrityCorpus, type IntegrityStrategy } from '../../harness/integrity/integrity-corpus.ts';
import { scoreIntegrityRates, type ScoreIntegrityRow } from '../../harness/integrity/score-integrity-evidence.ts';
import { SandboxExecutionWrapper } from '../../harness/sandbox/wrapper.ts';
import { bootstrapUniverse } from '../../harness/workload/bootstrap-universe.ts';
import { loadSp500, type MarketData } from '../../harness/workload/market-data.ts';
import { runSandboxGate } from '../support/sandbox-gate-cli.ts';
import { dockerTest, runscTest } from '../support/docker-test.ts';
import { recordClaim } from '../support/record-claim.ts';
import { shippedConfig } from '../support/shipped-config.ts';

/** 12 tickers x 1,260 days (five years) bootstrapped from the real returns: cheap, and cross-sectional. */
const UNIVERSE = { tickers: 12, days: 1260, seed: 16_001_260 };
const corpus = listIntegrityCorpus();
const FIXED_SEED = 16_000_016;
const REPO = PACKAGE_ROOT;

/** `sandbox-gate ARGS` as a user runs it; resolves with the exit code and both streams. */

describe('score integrity through the real engine', () => {
  let config: SandboxConfig;
  let wrapper: SandboxExecutionWrapper;
  const datasets: Record<string, MarketData> = {};
  const rows: ScoreIntegrityRow[] = [];

  dockerTest.beforeAll(async ({ engine }) => {
    // The shipped seed is `random`; a fixed one here makes the blind-spot cases reproducible
    // (the corpus itself is caught for any seed: harness/integrity/README.md).
    config = await shippedConfig();
    config.backtest = { ...config.backtest, lookahead: { ...config.backtest.lookahead, seed: FIXED_SEED } };
    wrapper = await SandboxExecutionWrapper.create(config, { mode: 'docker', docker: engine.docker });
    datasets.sp500 = await loadSp500();
    datasets.universe = bootstrapUniverse(datasets.sp500, UNIVERSE);
  });
  afterAll(async () => {
    await wrapper?.close();
  });

  const run = async (strategy: IntegrityStrategy, dataset: string) => {
    const result = await wrapper.execute({ code: strategy.code, backtest: { data: datasets[dataset]! } });
    const row: ScoreIntegrityRow = {
      id: strategy.id,
      kind: strategy.kind,
      dataset,
      status: result.status,
      flagged: result.status === 'lookahead',
    };
    if (strategy.blindSpot) row.blindSpot = true;
    if (result.message) row.message = result.message;
    if (result.lookahead)
      Object.assign(row, {
        extraEvaluations: result.lookahead.extraEvaluations,
        extraEvaluationMs: result.lookahead.extraEvaluationMs,
        fullEvaluationMs: result.lookahead.fullEvaluationMs,
      });
    rows.push(row);
    return result;
  };

  for (const dataset of ['sp500', 'universe']) {
    describe(`on ${dataset === 'sp500' ? 'the real S&P 500 series' : `a bootstrapped universe (${UNIVERSE.tickers} tickers x ${UNIVERSE.days} days)`}`, () => {
      for (const strategy of corpus.filter((s) => s.kind === 'lookahead' && !s.blindSpot)) {
        dockerTest(`${strategy.id} (${strategy.peeks}) is flagged lookahead, with no metrics`, async ({ task }) => {
          const result = await run(strategy, dataset);
          task.meta.evidence = { status: result.status, message: result.message, lookahead: result.lookahead };
          expect(result.status, result.message).toBe('lookahead');
          expect(result.backtest).toBeUndefined();
          expect(result.message).toMatch(
            /^look-ahead at cut day \d+ \(\d{4}-\d\d-\d\d, .+\): the weight of \S+ on \d{4}-\d\d-\d\d \(day \d+\) changed from /,
          );
        });
      }
      for (const strategy of corpus.filter((s) => s.kind === 'causal')) {
        dockerTest(`${strategy.id} is not flagged`, async () => {
          const result = await run(strategy, dataset);
          expect(result.status, result.message).toBe('ok');
          expect(result.lookahead?.verdict).toBe('causal');
          expect(result.backtest).toBeDefined();
        });
      }
      for (const strategy of corpus.filter((s) => s.blindSpot)) {
        dockerTest(`${strategy.id} passes unseen, as the README says (${strategy.blindSpot})`, async () => {
          const result = await run(strategy, dataset);
          expect(result.status, result.message).toBe('ok');
        });
      }
    });
  }

  dockerTest('records the rates: look-ahead caught, causal falsely flagged, per dataset', ({ task }) => {
    const rates = scoreIntegrityRates(rows, {
      seed: config.backtest.lookahead.seed,
      cuts: config.backtest.lookahead.cuts,
      perturbations: config.backtest.lookahead.perturbations,
      universe: UNIVERSE,
    });
    task.meta.evidence = { scoreIntegrity: rates };
    for (const dataset of rates.datasets) {
      expect(dataset.lookahead.total).toBeGreaterThanOrEqual(10);
      expect(dataset.lookahead.caught).toBe(dataset.lookahead.total);
      expect(dataset.causal.total).toBeGreaterThanOrEqual(40);
      expect(dataset.causal.falselyFlagged).toBe(0);
    }
  });

  dockerTest.each([
    [
      '1e6',
      'tickers.map(() => dates.map(() => 1e6))',
      /gross exposure on 2000-01-03 \(day 0\) is 1000000, over sandbox\.backtest\.max_gross_leverage \(1\); it passes the cap at weights\[0\]\[0\] \(ticker SPX\)/,
    ],
    ['-1e6', 'tickers.map(() => dates.map(() => -1e6))', /gross exposure on 2000-01-03 \(day 0\) is 1000000/],
    [
      'NaN (null after JSON)',
      'tickers.map(() => dates.map((_, d) => (d === 7 ? NaN : 0.5)))',
      /weights\[0\]\[7\] \(ticker SPX, 2000-01-12\) is null, not a finite number/,
    ],
    [
      'Infinity (null after JSON)',
      'tickers.map(() => dates.map((_, d) => (d === 3 ? Infinity : 0)))',
      /weights\[0\]\[3\] \(ticker SPX, 2000-01-06\) is null, not a finite number/,
    ],
    [
      '1.5 on one day',
      'tickers.map(() => dates.map((_, d) => (d === 100 ? 1.5 : 1)))',
      /gross exposure on 2000-05-25 \(day 100\) is 1\.5/,
    ],
  ])(
    'weights of %s are refused in the sandbox: status error naming the day and ticker, no metrics',
    async (_name, body, message) => {
      const code = `export default function strategy({ dates, tickers }) { return ${body}; }`;
      const result = await wrapper.execute({ code, backtest: { data: datasets.sp500! } });
      expect(result.status).toBe('error');
      expect(result.backtest).toBeUndefined();
      expect(result.message).toMatch(message);
    },
  );

  dockerTest.each(['local', 'docker'])(
    "the issue's command: `exec lookahead/tomorrow-close.js --backtest --mode %s --json` gives status lookahead, no metrics, exit 1",
    async (mode) => {
      const file = path.join(REPO, 'suites/fixtures/strategies/lookahead/tomorrow-close.js');
      const run = await runSandboxGate(['exec', file, '--backtest', '--mode', mode, '--json']);
      expect(run.code, run.stderr).toBe(1);
      const result = JSON.parse(run.stdout) as {
        status: string;
        backtest?: unknown;
        message: string;
        lookahead: { verdict: string; seed: number };
      };
      expect(result).toMatchObject({
        status: 'lookahead',
        lookahead: { verdict: 'lookahead', seed: expect.any(Number) },
      });
      expect(result.backtest).toBeUndefined();
      expect(result.message).toMatch(/^look-ahead at cut day \d+ \(\d{4}-\d\d-\d\d, .+\): the weight of SPX on /);
    },
  );

  dockerTest.each([
    ['Math.random()', /the strategy threw: TypeError: secure mode %SharedMath%\.random\(\) throws/],
    ['Date.now()', /the strategy threw: TypeError: secure mode Calling %SharedDate%\.now\(\) throws/],
  ])(
    '%s inside a backtest throws in the Compartment (SES), so the runner need not seed or freeze it: status error',
    async (call, message) => {
      const code = `export default function strategy({ dates, tickers }) { const x = ${call}; return tickers.map(() => dates.map(() => (x > 0 ? 0.5 : 0))); }`;
      const result = await wrapper.execute({ code, backtest: { data: datasets.sp500! } });
      expect(result.status).toBe('error');
      expect(result.message).toMatch(message);
    },
  );

  dockerTest(
    'a deliberate evasion that recomputes the cut days of a fixed seed passes with that seed and is caught with the shipped seed: random',
    async ({ engine }) => {
      const code = readFileSync(
        path.join(REPO, 'suites/fixtures/strategies/lookahead/evasion/cut-day-avoiding.js'),
        'utf8',
      );
      const fixed = await wrapper.execute({ code, backtest: { data: datasets.sp500! } });
      expect(fixed.status, fixed.message).toBe('ok');
      await using shipped = await SandboxExecutionWrapper.create(await shippedConfig(), {
        mode: 'docker',
        docker: engine.docker,
      });
      const random = await shipped.execute({ code, backtest: { data: datasets.sp500! } });
      expect(random.status, random.message).toBe('lookahead');
      expect(random.lookahead?.seed).not.toBe(FIXED_SEED);
    },
  );

  // Issue 16, cost: the re-runs have their own deadline (sandbox.backtest.lookahead.budget_factor
  // x the full run's duration per input), not a share of timeout_seconds.
  describe("the check's own time budget", () => {
    /** Fixed CPU work whatever the input's length: every re-run costs as much as the full run (the worst case). */
    const slowCausal = (iterations: number) =>
      `export default function strategy({ tickers, close }) {
        let x = 0;
        for (let i = 0; i < ${iterations}; i++) x = (x * 1.0000001 + i) % 1e9;
        return tickers.map((_, t) => close[t].map((p, d) => (d > 20 && p > close[t][d - 20] ? 0.5 : 0) + (x < 0 ? 0.5 : 0)));
      }`;

    dockerTest(
      'a slow but causal strategy at about half its timeout (a shared deadline allowed 1/7) is neither timed out nor flagged, though its re-runs take longer than that timeout',
      async ({ task, engine }) => {
        const code = slowCausal(80_000_000);
        const unchecked = structuredClone(config);
        unchecked.backtest.lookahead.enabled = false;
        await using calibrate = await SandboxExecutionWrapper.create(unchecked, {
          mode: 'docker',
          docker: engine.docker,
        });
        const durations: number[] = [];
        for (let i = 0; i < 2; i++) {
          const result = await calibrate.execute({ code, backtest: { data: datasets.sp500! } });
          expect(result.status, result.message).toBe('ok');
          durations.push(result.durationMs);
        }
        // The strategy's own run takes about half its timeout: far past the 1/7 a deadline shared with
        // 6 re-runs allowed, with room for this shared host's noise (at 2/3, one of our two runs timed out, at load 15).
        const timeoutMs = Math.ceil(2 * Math.max(...durations));
        const near = structuredClone(config);
        near.docker.timeoutMs = timeoutMs;
        await using wrapper = await SandboxExecutionWrapper.create(near, { mode: 'docker', docker: engine.docker });
        const result = await wrapper.execute({ code, backtest: { data: datasets.sp500! } });
        task.meta.evidence = {
          calibrationMs: durations,
          timeoutMs,
          status: result.status,
          message: result.message,
          lookahead: result.lookahead,
        };
        expect(result.status, result.message).toBe('ok');
        expect(result.lookahead).toMatchObject({ verdict: 'causal', extraEvaluations: 6 });
        expect(result.backtest).toBeDefined();
        // Control: the re-runs together took longer than the strategy's whole timeout; sharing it, as
        // the check did before, would have killed this execution.
        expect(result.lookahead!.extraEvaluationMs).toBeGreaterThan(timeoutMs);
      },
    );

    dockerTest(
      "a strategy that stalls only on perturbed input (to outlast the check) is stopped at the check's budget and flagged, never scored",
      async () => {
        const code = `export default function strategy({ tickers, close }) {
        const first = close[0][0];
        if (close[0].some((p) => p > first * 50 || p < first / 50)) { for (;;) {} }
        return tickers.map((_, t) => close[t].map(() => 0.5));
      }`;
        const result = await wrapper.execute({ code, backtest: { data: datasets.sp500! } });
        expect(result.status, result.message).toBe('lookahead');
        expect(result.backtest).toBeUndefined();
        expect(result.message).toMatch(
          /^look-ahead at cut day \d+ \(\d{4}-\d\d-\d\d, one of its re-runs: truncate, far-below, far-above\): the strategy failed on that input \(the re-run did not finish within the check's own budget of [\d.]+ s \(5\.0 s \+ sandbox\.backtest\.lookahead\.budget_factor 3 x 3 input\(s\) x the full run's [\d.]+ s\)/,
        );
        // The full input alone is fine: the repeat ran and agreed, so this is look-ahead, not non-determinism.
        expect(result.lookahead?.repeat?.failure).toBeUndefined();
      },
    );
  });

  dockerTest(
    'the claim score-integrity: probe flagged, control inflated with the check off, reference strategies unflagged',
    async ({ task, engine }) => {
      const outcome = await runClaim(
        scoreIntegrityClaim,
        createClaimContext(config, engine.docker),
        config.docker.runtime,
      );
      recordClaim(task.meta, outcome);
      expect(outcome.probe.passed, JSON.stringify(outcome.probe)).toBe(true);
      expect(outcome.control.passed, JSON.stringify(outcome.control)).toBe(true);
      expect(outcome.functionality.passed, JSON.stringify(outcome.functionality)).toBe(true);
      expect(outcome.state).toBe('upheld');
      expect(outcome.probe.observed).toMatchObject({ status: 'lookahead', backtest: undefined });
      expect((outcome.control.observed.backtest as { sharpe: number }).sharpe).toBeGreaterThan(3);
    },
  );

  // Completeness (decision-policy.yaml, evidence.claimRuntimes) expects every claim on every
  // runtime the engine has: the look-ahead check runs inside the sandbox, so gVisor is measured too.
  runscTest('the claim score-integrity on runsc: recorded, never refuted', async ({ task, engine }) => {
    const outcome = await runClaim(scoreIntegrityClaim, createClaimContext(config, engine.docker), 'runsc');
    recordClaim(task.meta, outcome);
    expect(outcome.runtime).toBe('runsc');
    expect(outcome.state, outcome.reason).not.toBe('refuted');
  });
});
