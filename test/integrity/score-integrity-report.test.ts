import { describe, expect, it } from 'vitest';
import { scoreIntegrityRates } from '../../harness/integrity/score-integrity-evidence.ts';
import { renderAll } from '../../harness/report/render-report.ts';
import type { Results } from '../../harness/results/results-types.ts';
import { defaultPolicy, sampleResults } from '../decision/support.ts';
import { section } from '../report/markdown.ts';

const policy = defaultPolicy();
const settings = {
  seed: 16_000_016,
  cuts: 2,
  perturbations: ['truncate', 'far-below', 'far-above'],
  universe: { tickers: 12, days: 1260, seed: 1 },
};

/** The sample results with the two score-integrity records a real run writes into tests[].evidence. */
function withEvidence(): Results {
  const results = sampleResults();
  const rows = [
    { id: 'lookahead/a', kind: 'lookahead' as const, dataset: 'sp500', status: 'lookahead', flagged: true },
    { id: 'lookahead/b', kind: 'lookahead' as const, dataset: 'sp500', status: 'ok', flagged: false },
    {
      id: 'lookahead/late',
      kind: 'lookahead' as const,
      dataset: 'sp500',
      status: 'ok',
      flagged: false,
      blindSpot: true,
    },
    {
      id: 'causal/c',
      kind: 'causal' as const,
      dataset: 'sp500',
      status: 'ok',
      flagged: false,
      extraEvaluations: 6,
      extraEvaluationMs: 30,
      fullEvaluationMs: 10,
    },
    { id: 'causal/d', kind: 'causal' as const, dataset: 'sp500', status: 'lookahead', flagged: true },
  ];
  const summary = (meanMs: number) => ({
    n: 3,
    meanMs,
    sdMs: 1,
    p50Ms: meanMs,
    p95Ms: meanMs,
    p99Ms: meanMs,
    minMs: meanMs,
    maxMs: meanMs,
  });
  const phase = results.phases[0]!;
  phase.tests.push(
    {
      id: 'integration:rates',
      title: 'rates',
      file: 'suites/integration/score-integrity.test.ts',
      status: 'passed',
      durationMs: 1,
      evidence: { scoreIntegrity: scoreIntegrityRates(rows, settings) },
    },
    {
      id: 'perf:cost',
      title: 'cost',
      file: 'suites/perf/lookahead-cost.test.ts',
      status: 'passed',
      durationMs: 1,
      evidence: {
        lookaheadCost: {
          workload: 'universe-1s',
          strategy: 'HEAVY_MOMENTUM',
          iterations: 3,
          offMs: summary(2000),
          onMs: summary(9000),
          overhead: { overheadPct: 350, lowPct: 300, highPct: 400, resamples: 2000, seed: 1, confidence: 0.95 },
          extraEvaluations: [6, 6, 6],
          fullEvaluationMs: summary(1500),
          extraEvaluationMs: summary(6500),
          failures: [],
        },
      },
    },
  );
  phase.passed += 2;
  return results;
}

describe('the report section Score integrity', () => {
  it('prints the rates per dataset, the misses, the false flags, the blind spots and the cost, citing the tests', () => {
    // Prose lines are wrapped at 400 characters: read the section with its line breaks folded.
    const rendered = renderAll(withEvidence(), policy, sampleResults().configSource!.text);
    const text = section(rendered.report, '## Score integrity').replace(/(?<=[^|\n])\n(?=[^|\n])/g, ' ');
    expect(text).toContain(
      '| S&P 500 (real) | 1 of 2 (50.00%) | 1 of 2 (50.00%) | `lookahead/b` | `causal/d` | `lookahead/late` not flagged |',
    );
    // The test ids are in evidence.md, linked from the section.
    expect(text).toContain('([tests](evidence.md#score-integrity-tests))');
    expect(text).toContain('[test](evidence.md#score-integrity-tests))');
    expect(rendered.evidence).toContain('<a id="score-integrity-tests"></a>');
    expect(rendered.evidence).toContain('- Catch rates and false flags: `integration:rates`');
    expect(rendered.evidence).toContain('- Cost of the check: `perf:cost`');
    expect(text).toMatch(
      /6 extra evaluations per execution; mean wall time 2000\.0 ms without the check, 9000\.0 ms with it: 350\.0% \[300\.0%, 400\.0%\] \(95% bootstrap interval\)/,
    );
    expect(text).toMatch(
      /cannot see look-ahead that only matters after the last cut, a data-dependent trigger the data never meets/,
    );
  });

  it('says so when neither record is in the run, instead of claiming a rate', () => {
    const text = section(
      renderAll(sampleResults(), policy, sampleResults().configSource!.text).report,
      '## Score integrity',
    );
    expect(text).toContain('The score-integrity corpus did not run in this run: no catch rate is claimed.');
    expect(text).toContain('The cost of the check was not measured in this run.');
  });
});
