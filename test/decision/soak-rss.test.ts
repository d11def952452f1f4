// The soak's RSS rule (harness/decision/check-soak-memory.ts, requirements.maxSoakRssSlopeBytesPerExecution)
// on synthetic results. The shipped policy leaves it off (RSS still rises in steps over a soak:
// see the comment in config/decision-policy.yaml), so these tests switch it on with the line a
// maintainer would add, and check that it then refuses what it must and passes a flat run.
import { describe, expect, it } from 'vitest';
import { slopeInterval } from '../../harness/bench/statistics/trend.ts';
import { decide } from '../../harness/decision/decide.ts';
import { parsePolicy } from '../../harness/decision/load-policy.ts';
import type { Results, SlopeRecord } from '../../harness/results/results-types.ts';
import { createPrng } from '../../harness/workload/prng.ts';
import { POLICY_TEXT, defaultPolicy, sampleResults, setPolicyOverhead } from './support.ts';

const MAX = 16_384;
const withRule = parsePolicy(
  POLICY_TEXT.replace(
    /^( {2}maxSoakHeapSlopeBytesPerExecution:.*\n)/m,
    `$1  maxSoakRssSlopeBytesPerExecution: ${MAX}\n`,
  ).replace(/^( {4}- soak-heap-grows\n)/m, '$1    - soak-rss-grows\n'),
  'policy-with-rss-rule.yaml',
).policy;

/** RSS samples of a soak growing by `bytesPerExecution`, with seeded noise (sd ~ `noiseBytes`, ~1 MB as measured). */
function rssTrend(
  bytesPerExecution: number,
  { from = 300, to = 1000, every = 25, noiseBytes = 1_000_000, seed = 13 } = {},
): SlopeRecord {
  const prng = createPrng(seed);
  const points: [number, number][] = [];
  for (let x = from; x <= to; x += every)
    points.push([x, 130_000_000 + bytesPerExecution * x + noiseBytes * Math.sqrt(12) * (prng.next() - 0.5)]);
  return slopeInterval(points)!;
}

function withRss(slope: SlopeRecord | undefined): Results {
  const results = setPolicyOverhead(sampleResults(), 20, 25, 30);
  const soak = results.perf!.soak!;
  if (slope) soak.rssSlopeBytesPerExecution = slope;
  else delete soak.rssSlopeBytesPerExecution;
  return results;
}

const soakFindings = (results: Results) =>
  decide(results, withRule).findings.filter((f) => f.id.startsWith('soak-') || f.id === 'evidence-missing');

describe('the soak RSS rule', () => {
  it('the shipped policy does not check RSS (it is reported, not gated): no key, no row', () => {
    expect(defaultPolicy().policy.requirements.maxSoakRssSlopeBytesPerExecution).toBeNull();
    const decision = decide(withRss(rssTrend(100_000)), defaultPolicy().policy);
    expect(decision.findings).toEqual([]);
    expect(decision.requirements.map((r) => r.id)).not.toContain('requirements.maxSoakRssSlopeBytesPerExecution');
  });

  it('switched on, a flat RSS over 1,000 executions passes: its upper bound is under the threshold', () => {
    expect(withRule.requirements.maxSoakRssSlopeBytesPerExecution).toBe(MAX);
    expect(withRule.gate.failOn).toContain('soak-rss-grows');
    const flat = rssTrend(0);
    expect(flat.upper).toBeLessThan(MAX);
    const decision = decide(withRss(flat), withRule);
    expect(decision.gate.passed).toBe(true);
    const row = decision.requirements.find((r) => r.id === 'requirements.maxSoakRssSlopeBytesPerExecution')!;
    expect(row).toMatchObject({ met: true, target: `<= ${MAX}`, source: '/perf/soak/rssSlopeBytesPerExecution' });
    expect(row.actual).toMatch(/B\/exec, 95% interval -?\d+ to \d+ \(29 samples\) over 1000 executions/);
  });

  it('an RSS growing 30 KiB per execution (the soak before session 19) is refused: do-not-enable and a red gate', () => {
    const growing = rssTrend(30 * 1024);
    expect(growing.lower).toBeGreaterThan(MAX);
    const decision = decide(withRss(growing), withRule);
    expect(decision.outcome).toBe('do-not-enable');
    expect(decision.findings.map((f) => f.id)).toEqual(['soak-rss-grows']);
    expect(decision.gate.passed).toBe(false);
    expect(decision.gate.failedBecause[0]).toMatch(
      /^soak-rss-grows: the harness's RSS over the soak: .*above requirements\.maxSoakRssSlopeBytesPerExecution 16384 B\/exec/,
    );
  });

  it('sneak: a growth whose estimate is under the threshold but whose upper bound is not is still refused', () => {
    const slope = rssTrend(14_000, { noiseBytes: 3_000_000, seed: 7 });
    expect(slope.slope).toBeLessThan(MAX);
    expect(slope.upper).toBeGreaterThan(MAX);
    expect(soakFindings(withRss(slope)).map((f) => f.id)).toEqual(['soak-rss-grows']);
  });

  it('sneak: a soak too short to show RSS flat (50 executions, 3 samples) is refused, not passed', () => {
    const short = rssTrend(0, { from: 10, to: 50, every: 20, seed: 7 });
    expect(short.upper).toBeGreaterThan(MAX);
    expect(soakFindings(withRss(short)).map((f) => f.id)).toEqual(['soak-rss-grows']);
  });

  it('the bound is inclusive: an upper bound of exactly the threshold meets it, one byte more does not', () => {
    const at = { slope: 0, lower: -MAX, upper: MAX, confidence: 0.95, points: 29 };
    expect(soakFindings(withRss(at))).toEqual([]);
    expect(soakFindings(withRss({ ...at, upper: MAX + 1 })).map((f) => f.id)).toEqual(['soak-rss-grows']);
  });

  it('sneak: a soak with no RSS trend recorded is missing evidence, never a pass', () => {
    const decision = decide(withRss(undefined), withRule);
    expect(decision.outcome).toBe('inconclusive');
    expect(decision.findings).toEqual([
      expect.objectContaining({ id: 'evidence-missing', source: '/perf/soak/rssSlopeBytesPerExecution' }),
    ]);
    expect(decision.gate.passed).toBe(false);
  });
});
