import { describe, expect, it } from 'vitest';
import { renderAll } from '../../harness/report/render-report.ts';
import { compactResults, expandCompact } from '../fixtures/report/compact-results.ts';
import { defaultPolicy, refute, sampleResults } from '../decision/support.ts';

const render = (results: ReturnType<typeof sampleResults>) =>
  renderAll(results, defaultPolicy(), results.configSource!.text).report;

describe('the compact report fixture keeps everything the report reads', () => {
  it('renders the same decision-report.md byte for byte as the full results, and validates', () => {
    const full = sampleResults();
    const compact = compactResults(full);
    expect(compact.source).toContain(full.runId);
    const dropped = compact.results.phases.reduce((sum, phase) => sum + phase.tests.length, 0);
    expect(dropped).toBeLessThan(full.phases.reduce((sum, phase) => sum + phase.tests.length, 0));
    expect(render(expandCompact(compact, 'compact.json'))).toBe(render(full));
  });

  it('keeps a failed test and a refuted claim whole: the report prints both', () => {
    const full = sampleResults();
    const test = full.phases[0]!.tests.find((candidate) => candidate.status === 'passed')!;
    test.status = 'failed';
    test.error = 'AssertionError: expected 1 to be 2';
    full.phases[0]!.passed -= 1;
    full.phases[0]!.failed += 1;
    const claim = full.claims.find((candidate) => candidate.runtime === 'runc')!;
    refute(claim, { passed: false, expected: claim.probe.expected, observed: { errno: 'none' } });
    const compact = compactResults(full);
    expect(compact.results.phases[0]!.tests.find((candidate) => candidate.id === test.id)?.error).toBe(test.error);
    expect(render(expandCompact(compact, 'compact.json'))).toBe(render(full));
  });
});
