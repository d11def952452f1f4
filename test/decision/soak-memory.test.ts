// The soak's memory rule (harness/decision/check-soak-memory.ts) on synthetic results: the heap
// trend is computed with the harness's own slopeInterval from samples drawn around a chosen
// slope, as runSoak samples a real soak (every 25 executions from the end of a 300-execution
// warm-up to 1,000, ~150 KB of noise between samples after a full GC).
import { describe, expect, it } from 'vitest';
import { slopeInterval } from '../../harness/bench/statistics/trend.ts';
import { decide } from '../../harness/decision/decide.ts';
import { parsePolicy } from '../../harness/decision/load-policy.ts';
import type { Results, SlopeRecord } from '../../harness/results/results-types.ts';
import { createPrng } from '../../harness/workload/prng.ts';
import { POLICY_TEXT, defaultPolicy, sampleResults, setPolicyOverhead } from './support.ts';

const policy = defaultPolicy().policy;
const MAX = policy.requirements.maxSoakHeapSlopeBytesPerExecution!;

/** Heap samples of a soak whose heap grows by `bytesPerExecution`, with seeded noise (sd ~ `noiseBytes`). */
function heapTrend(
  bytesPerExecution: number,
  { from = 300, to = 1000, every = 25, noiseBytes = 150_000, seed = 13 } = {},
): SlopeRecord {
  const prng = createPrng(seed);
  const points: [number, number][] = [];
  for (let x = from; x <= to; x += every)
    points.push([x, 21_000_000 + bytesPerExecution * x + noiseBytes * Math.sqrt(12) * (prng.next() - 0.5)]);
  return slopeInterval(points)!;
}

/** Results that enable by default on everything but the soak, with this soak trend and these handle counts. */
function withSoak(
  slope: SlopeRecord | undefined,
  handles: { before?: number; after?: number } = { before: 4, after: 4 },
): Results {
  const results = setPolicyOverhead(sampleResults(), 20, 25, 30);
  const soak = results.perf!.soak!;
  if (slope) soak.heapSlopeBytesPerExecution = slope;
  else delete soak.heapSlopeBytesPerExecution;
  soak.handlesBefore = handles.before;
  soak.handlesAfter = handles.after;
  if (handles.before === undefined) delete soak.handlesBefore;
  if (handles.after === undefined) delete soak.handlesAfter;
  return results;
}

const soakFindings = (results: Results) =>
  decide(results, policy).findings.filter((f) => f.id.startsWith('soak-') || f.id === 'evidence-missing');

describe('the soak heap rule', () => {
  it('a flat heap over 1,000 executions passes: its upper bound is under the threshold', () => {
    const flat = heapTrend(0);
    expect(flat.upper).toBeLessThan(MAX);
    const decision = decide(withSoak(flat), policy);
    expect(decision.outcome).toBe('enable-by-default');
    expect(decision.gate.passed).toBe(true);
    const row = decision.requirements.find((r) => r.id === 'requirements.maxSoakHeapSlopeBytesPerExecution')!;
    expect(row).toMatchObject({ met: true, target: `<= ${MAX}`, source: '/perf/soak/heapSlopeBytesPerExecution' });
    expect(row.actual).toMatch(/B\/exec, 95% interval -?\d+ to \d+ \(29 samples\) over 1000 executions/);
  });

  it('a heap growing 4 KiB per execution is refused: do-not-enable and a red gate', () => {
    const growing = heapTrend(4096);
    expect(growing.lower).toBeGreaterThan(MAX);
    const decision = decide(withSoak(growing), policy);
    expect(decision.outcome).toBe('do-not-enable');
    expect(decision.findings.map((f) => f.id)).toEqual(['soak-heap-grows']);
    expect(decision.gate.passed).toBe(false);
    expect(decision.gate.failedBecause[0]).toMatch(
      /^soak-heap-grows: .*above requirements\.maxSoakHeapSlopeBytesPerExecution 1024 B\/exec/,
    );
  });

  it('sneak: a leak whose estimate is under the threshold but whose upper bound is not is still refused', () => {
    // 900 B/exec with 3x the noise: the estimate alone would pass.
    const slope = heapTrend(900, { noiseBytes: 450_000, seed: 7 });
    expect(slope.slope).toBeLessThan(MAX);
    expect(slope.upper).toBeGreaterThan(MAX);
    expect(soakFindings(withSoak(slope)).map((f) => f.id)).toEqual(['soak-heap-grows']);
  });

  it('sneak: a soak too short to show a flat heap (50 executions, 3 samples) is refused, not passed', () => {
    const short = heapTrend(0, { from: 10, to: 50, every: 20 });
    expect(short.points).toBe(3);
    expect(short.upper).toBeGreaterThan(MAX);
    expect(soakFindings(withSoak(short)).map((f) => f.id)).toEqual(['soak-heap-grows']);
  });

  it('the bound is inclusive: an upper bound of exactly the threshold meets it, one byte more does not', () => {
    const at = { slope: 0, lower: -MAX, upper: MAX, confidence: 0.95, points: 29 };
    expect(soakFindings(withSoak(at))).toEqual([]);
    expect(soakFindings(withSoak({ ...at, upper: MAX + 1 })).map((f) => f.id)).toEqual(['soak-heap-grows']);
  });

  it('sneak: a soak with no trend recorded is missing evidence, never a pass', () => {
    const decision = decide(withSoak(undefined), policy);
    expect(decision.outcome).toBe('inconclusive');
    expect(decision.findings).toEqual([
      expect.objectContaining({ id: 'evidence-missing', source: '/perf/soak/heapSlopeBytesPerExecution' }),
    ]);
    expect(decision.gate.passed).toBe(false);
  });

  it('sneak: a perf record without a soak (--soak 0) is missing evidence for both soak rules', () => {
    const results = withSoak(heapTrend(0));
    delete results.perf!.soak;
    expect(soakFindings(results).map((f) => [f.id, f.source])).toEqual([
      ['evidence-missing', '/perf/soak'],
      ['evidence-missing', '/perf'],
    ]);
  });

  it('a policy stored before the rule (no keys) does not check the soak, as it did not then', () => {
    const old = parsePolicy(
      POLICY_TEXT.replace(/^ {2}maxSoakHeapSlopeBytesPerExecution:.*\n/m, '').replace(
        /^ {2}maxSoakHandleGrowth:.*\n/m,
        '',
      ),
      'old.yaml',
    ).policy;
    expect(old.requirements.maxSoakHeapSlopeBytesPerExecution).toBeNull();
    const decision = decide(withSoak(heapTrend(4096), { before: 4, after: 9 }), old);
    expect(decision.findings).toEqual([]);
    expect(decision.requirements.map((r) => r.id)).not.toContain('requirements.maxSoakHeapSlopeBytesPerExecution');
  });
});

describe('the soak handle rule', () => {
  it('handles back to their count before the soak pass', () => {
    const decision = decide(withSoak(heapTrend(0), { before: 4, after: 4 }), policy);
    expect(decision.requirements.find((r) => r.id === 'requirements.maxSoakHandleGrowth')).toMatchObject({
      met: true,
      actual: '4 before, 4 after close',
    });
  });

  it('sneak: one handle left open after close (a socket, a timer) is refused', () => {
    const decision = decide(withSoak(heapTrend(0), { before: 4, after: 5 }), policy);
    expect(decision.outcome).toBe('do-not-enable');
    expect(decision.findings.map((f) => [f.id, f.source])).toEqual([['soak-handles-left', '/perf/soak/handlesAfter']]);
    expect(decision.findings[0]!.message).toMatch(
      /4 before, 5 after close: 1 more than before the wrapper was created/,
    );
  });

  it('sneak: handle counts not recorded are missing evidence, never 0', () => {
    expect(soakFindings(withSoak(heapTrend(0), {})).map((f) => [f.id, f.source])).toEqual([
      ['evidence-missing', '/perf/soak'],
    ]);
  });
});
