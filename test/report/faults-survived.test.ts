import { describe, expect, it } from 'vitest';
import { renderAll } from '../../harness/report/render-report.ts';
import type { Results } from '../../harness/results/results-types.ts';
import { defaultPolicy, sampleResults } from '../decision/support.ts';

const policy = defaultPolicy();

/** The sample results with two fault tests recorded in the integration phase: one survived, one not. */
function withFaults(): Results {
  const results = sampleResults();
  const phase = results.phases.find((p) => p.name === 'integration') ?? results.phases[0]!;
  const evidence = (fault: string, degraded: boolean, left: number) => ({
    faultSurvived: {
      fault,
      status: 'ok',
      degraded,
      fallbackReason: degraded ? 'engine-timeout: no answer within 3 s' : null,
      attempts: 2,
      elapsedMs: 6_420,
      boundMs: 33_000,
      containersLeft: left,
    },
  });
  phase.tests.push(
    {
      ...phase.tests[0]!,
      id: 'engine-faults > (a) never answers',
      status: 'passed',
      evidence: evidence('never-answer', true, 0),
    },
    {
      ...phase.tests[0]!,
      id: 'engine-faults > (f) disappears',
      status: 'failed',
      error: 'leak',
      evidence: evidence('vanish-mid-job', true, 1),
    },
  );
  return results;
}

function faultsSection(report: string): string {
  const start = report.indexOf('### Faults survived');
  expect(start).toBeGreaterThan(0);
  return report.slice(start, report.indexOf('\n## ', start));
}

describe('the "faults survived" rows of the reliability section', () => {
  it('one row per recorded fault, with its verdict, fallback, attempts, time against its bound and leaks', () => {
    const section = faultsSection(renderAll(withFaults(), policy, sampleResults().configSource!.text).report);
    expect(section).toContain('| never-answer | yes | ok | yes (engine-timeout) | 2 | 6.4 | 33 | 0 |');
    // A failed fault test is never shown as survived.
    expect(section).toContain('| vanish-mid-job | **no** | ok | yes (engine-timeout) | 2 | 6.4 | 33 | 1 |');
  });

  it('says so when no fault was injected, rather than an empty table', () => {
    const section = faultsSection(renderAll(sampleResults(), policy, sampleResults().configSource!.text).report);
    expect(section).toContain('no engine fault was injected in this run');
    expect(section).not.toContain('| Fault |');
  });
});

describe('the soak trend rows', () => {
  const slope = (value: number, half: number) => ({
    slope: value,
    lower: value - half,
    upper: value + half,
    confidence: 0.95,
    points: 20,
  });

  it('a heap slope whose interval holds 0 does not grow; one wholly above 0 grows', () => {
    const results = sampleResults();
    results.perf!.soak = {
      ...results.perf!.soak!,
      mix: { call: 600, backtest: 300 },
      heapSlopeBytesPerExecution: slope(12, 40),
      rssSlopeBytesPerExecution: slope(2048, 512),
      handlesSlopePerExecution: slope(0, 0.001),
    };
    const report = renderAll(results, policy, results.configSource!.text).report;
    const start = report.indexOf('### Soak: the harness');
    const section = report.slice(start, report.indexOf('\n## ', start));
    expect(section).toContain('Mix: 600 call, 300 backtest.');
    expect(section).toContain(
      '| heap (after a full GC), per execution | 12 B | [-28 B, 52 B] (95%, 20 samples) | does not grow |',
    );
    expect(section).toContain('| RSS, per execution | 2.00 KiB | [1.50 KiB, 2.50 KiB] (95%, 20 samples) | **grows** |');
    // The growing one is a risk; the flat ones are not.
    expect(report).toContain("Soak: the harness's RSS grows with executions");
    expect(report).not.toContain("Soak: the harness's heap grows");
  });
});
