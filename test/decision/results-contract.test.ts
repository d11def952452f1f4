import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachDecision, storedPolicy } from '../../harness/decision/attach-decision.ts';
import { ConfigError } from '../../harness/errors.ts';
import type { Results } from '../../harness/results/results-types.ts';
import { readResults, validateResults } from '../../harness/results/validate-results.ts';
import { FIXTURE_FILE, defaultPolicy, sampleResults } from './support.ts';

function rejection(edit: (results: any) => void): ConfigError {
  const results = sampleResults();
  edit(results);
  try {
    validateResults(results, 'run/results.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected the results to be rejected');
}

describe('results.json: the schema', () => {
  it('accepts the sample fixture, which says it is test data', async () => {
    const results = await readResults(FIXTURE_FILE);
    expect(results.schemaVersion).toBe(1);
    expect(results._comment).toMatch(/TEST DATA/);
  });

  it('names the file, the JSON pointer, what was expected and what was found', () => {
    const error = rejection((r) => (r.phases[0].tests[2].status = 'ok'));
    expect(error.message).toBe(
      'run/results.json: /phases/0/tests/2/status: expected one of "passed", "failed", "skipped", found "ok"',
    );
    expect(error.keyPath).toBe('/phases/0/tests/2/status');
  });

  it('a missing required key, an unknown key, a wrong type', () => {
    expect(rejection((r) => delete r.runId).message).toBe(
      'run/results.json: /runId: expected a value (the key is required), found nothing',
    );
    expect(rejection((r) => (r.verdict = 'enable')).message).toBe(
      'run/results.json: /verdict: expected no such key (schemas/results.schema.json does not allow it), found "enable"',
    );
    expect(rejection((r) => (r.reliability.executions = '1732')).keyPath).toBe('/reliability/executions');
    expect(rejection((r) => (r.projections[0].projection = false)).keyPath).toBe('/projections/0/projection');
  });

  it('unreadable files and invalid JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'results-'));
    await expect(readResults(join(dir, 'none.json'))).rejects.toThrow(
      /none\.json: \(root\): expected a readable results\.json/,
    );
    await writeFile(join(dir, 'bad.json'), '{"schemaVersion": 1,');
    await expect(readResults(join(dir, 'bad.json'))).rejects.toThrow(
      /bad\.json: \(root\): expected valid JSON, found "a syntax error/,
    );
  });
});

describe('results.json: the arithmetic no figure can escape', () => {
  it('a summary that is not the summary of its samples', () => {
    const error = rejection((r) => (r.perf.modes[7].summary.meanMs = 95));
    expect(error.keyPath).toBe('/perf/modes/7/summary/meanMs');
    expect(error.message).toMatch(/expected [\d.]+, recomputed from samplesMs, found 95/);
  });

  it('an overhead that is not the difference of the means it names', () => {
    expect(rejection((r) => (r.perf.overheads[5].differenceMs.estimate = 1.9)).keyPath).toBe(
      '/perf/overheads/5/differenceMs/estimate',
    );
    expect(rejection((r) => (r.perf.overheads[5].percent.estimate = 55)).keyPath).toBe(
      '/perf/overheads/5/percent/estimate',
    );
    expect(rejection((r) => (r.perf.overheads[5].baselineMode = 'ast-only')).keyPath).toBe(
      '/perf/overheads/5/baselineMode',
    );
  });

  it('a percent overhead on a plain call (no realistic baseline to divide by)', () => {
    const error = rejection((r) => (r.perf.overheads[0].percent = { estimate: 100_000, low: 90_000, high: 110_000 }));
    expect(error.message).toContain(
      '/perf/overheads/0/percent: expected no percent overhead: trivial is not a backtest workload',
    );
  });

  it('successes and the success rate: a degraded ok is no success, and the rate follows from successes', () => {
    expect(rejection((r) => (r.reliability.successes = r.reliability.byStatus.ok + 1)).keyPath).toBe(
      '/reliability/successes',
    );
    // More ok executions not counted as successes than executions that fell back: a success was dropped.
    expect(rejection((r) => (r.reliability.successes -= 3)).message).toMatch(
      /\/reliability\/successes: expected at least 1727 \(ok executions 1729 minus fallbacks 2: a degraded ok is a fallback\)/,
    );
    // The old formula, (executions - failures) / executions, counts the 2 degraded ok executions.
    expect(
      rejection(
        (r) =>
          (r.reliability.successRate = (r.reliability.executions - r.reliability.failures) / r.reliability.executions),
      ).keyPath,
    ).toBe('/reliability/successRate');
  });

  it('a fallback rate that does not follow from the counts (0% while 2 fell back)', () => {
    const error = rejection((r) => (r.reliability.fallbackRate = 0));
    expect(error.keyPath).toBe('/reliability/fallbackRate');
  });

  it('counts that disagree: phase counts, byStatus, failures', () => {
    expect(rejection((r) => (r.phases[0].passed = 59)).message).toBe(
      'run/results.json: /phases/0/passed: expected 12, the number of tests with status passed, found 59 (number)',
    );
    expect(rejection((r) => (r.reliability.byStatus.ok -= 1)).keyPath).toBe('/reliability/byStatus');
    expect(rejection((r) => (r.reliability.failures = 0)).keyPath).toBe('/reliability/failures');
  });

  it('claims: state and upheld must follow from the three checks, a reason must say why, and the tests cited must exist', () => {
    expect(rejection((r) => (r.claims[0].probe.passed = false)).keyPath).toBe('/claims/0/state');
    expect(rejection((r) => (r.claims[0].upheld = false)).keyPath).toBe('/claims/0/upheld');
    expect(
      rejection((r) =>
        Object.assign(r.claims[0], { probe: { ...r.claims[0].probe, passed: false }, state: 'refuted', upheld: false }),
      ).keyPath,
    ).toBe('/claims/0/reason');
    expect(rejection((r) => (r.claims[0].control.unmeasurable = 'no listener')).keyPath).toBe('/claims/0/state');
    expect(rejection((r) => (r.claims[0].testIds = ['lifecycle/nowhere.test.ts > ghost'])).keyPath).toBe(
      '/claims/0/testIds/0',
    );
  });

  it('catch rates must follow from the matrix rows', () => {
    expect(rejection((r) => (r.layerMatrix.catchRates.layer1 = 0.95)).keyPath).toBe('/layerMatrix/catchRates/layer1');
  });

  it('duplicate test ids and a finish before the start', () => {
    expect(rejection((r) => (r.phases[1].tests[0].id = r.phases[0].tests[0].id)).keyPath).toBe('/phases/1/tests/0/id');
    expect(rejection((r) => (r.finishedAt = '2025-11-03T08:00:00Z')).keyPath).toBe('/finishedAt');
  });
});

describe('the stored decision', () => {
  it('validates against the schema and carries the policy it applied', () => {
    const policy = defaultPolicy();
    const stored = attachDecision(sampleResults(), policy);
    const roundTrip = validateResults(JSON.parse(JSON.stringify(stored)), 'stored.json') as Results;
    expect(roundTrip.decision!.outcome).toBe('document-only');
    expect(roundTrip.decision!.policy).toEqual({
      file: 'config/decision-policy.yaml',
      sha256: policy.sha256,
      text: policy.text,
    });
    const reread = storedPolicy(roundTrip, 'stored.json')!;
    expect(reread.file).toBe('config/decision-policy.yaml');
    expect(reread.policy).toEqual(policy.policy);
  });

  it('a stored policy whose text does not match its sha256 is rejected', () => {
    const stored = attachDecision(sampleResults(), defaultPolicy());
    stored.decision.policy.text = stored.decision.policy.text.replace('maxFallbackRate: 0.10', 'maxFallbackRate: 0.50');
    expect(() => storedPolicy(stored, 'stored.json')).toThrow(
      /stored\.json: \/decision\/policy\/sha256: expected [0-9a-f]{64}, the sha256 of \/decision\/policy\/text/,
    );
  });
});
