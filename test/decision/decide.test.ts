import { describe, expect, it } from 'vitest';
import { decide } from '../../harness/decision/decide.ts';
import { parsePolicy } from '../../harness/decision/load-policy.ts';
import { resolvePointer } from '../../harness/results/validate-results.ts';
import {
  POLICY_TEXT,
  defaultPolicy,
  refute,
  sampleResults,
  setPolicyOverhead,
  setReliability,
  unmeasurable,
  withRunsc,
} from './support.ts';

const policy = defaultPolicy().policy;

describe('decide on the sample results', () => {
  it('reads percent.high of docker-pool over in-process on sp500 and finds document-only', () => {
    const results = sampleResults();
    const decision = decide(results, policy);
    expect(decision.outcome).toBe('document-only');
    expect(decision.gate).toEqual({ passed: true, failedBecause: [] });
    expect(decision.overhead.source).toBe('/perf/overheads/5/percent/high');
    expect(decision.rule).toMatch(/overhead\.bands\[2\] \(x >= 100%: document-only\)/);
    expect(decision.rule).toMatch(/-> document-only$/);
  });

  it('every input that points at one number carries that number', () => {
    const results = sampleResults();
    const decision = decide(results, policy);
    const pointed = decision.inputs.filter((input) => typeof resolvePointer(results, input.source) === 'number');
    expect(pointed.length).toBeGreaterThanOrEqual(7);
    for (const input of pointed) expect(input.value, input.name).toBe(resolvePointer(results, input.source));
  });

  it('is pure: it does not change its input and gives the same decision twice', () => {
    const results = sampleResults();
    const before = JSON.stringify(results);
    const first = decide(results, policy);
    expect(JSON.stringify(results)).toBe(before);
    expect(decide(results, policy)).toEqual(first);
  });
});

describe('overhead bands: each threshold gives exactly the policy decision', () => {
  it.each([
    { interval: [40, 45, 49.9], outcome: 'enable-by-default', band: 0 },
    { interval: [50, 50, 50], outcome: 'optional', band: 1 },
    { interval: [60, 75, 99.9], outcome: 'optional', band: 1 },
    { interval: [100, 100, 100], outcome: 'document-only', band: 2 },
    { interval: [100.1, 100.1, 100.1], outcome: 'document-only', band: 2 },
  ] as const)('$interval -> $outcome', ({ interval, outcome, band }) => {
    const [low, estimate, high] = interval;
    const decision = decide(setPolicyOverhead(sampleResults(), low, estimate, high), policy);
    expect(decision.outcome).toBe(outcome);
    expect(decision.overhead.bands.filter((b) => b.holdsStatistic).map((b) => b.index)).toEqual([band]);
    expect(decision.rule).toContain(`overhead.bands[${band}]`);
    expect(decision.gate.passed).toBe(true);
  });

  it('an interval reaching 50 straddles the threshold: inconclusive, rerun with more iterations', () => {
    const decision = decide(setPolicyOverhead(sampleResults(), 45, 48, 50), policy);
    expect(decision.outcome).toBe('inconclusive');
    expect(decision.overhead.straddled).toEqual([50]);
    expect(decision.findings.map((f) => f.id)).toEqual(['overhead-straddles-threshold']);
    expect(decision.rule).toMatch(/straddles the threshold 50/);
    expect(decision.rule).toMatch(/could be enable-by-default or optional/);
    expect(decision.rule).toMatch(/rerun with more iterations \(this run measured 20 per mode and workload\)/);
    // inconclusive is not in the default gate.failOn: the config is left as it was, the build is not red
    expect(decision.gate.passed).toBe(true);
  });

  it('an interval across 100 is inconclusive between optional and document-only', () => {
    const decision = decide(setPolicyOverhead(sampleResults(), 99, 99.5, 100.1), policy);
    expect(decision.outcome).toBe('inconclusive');
    expect(decision.rule).toMatch(/could be optional or document-only/);
  });

  it('with onStraddle use-statistic the upper end alone decides', () => {
    const lenient = parsePolicy(
      POLICY_TEXT.replace('onStraddle: inconclusive', 'onStraddle: use-statistic'),
      'lenient.yaml',
    ).policy;
    expect(decide(setPolicyOverhead(sampleResults(), 45, 48, 50), lenient).outcome).toBe('optional');
    expect(decide(setPolicyOverhead(sampleResults(), 45, 48, 49.9), lenient).outcome).toBe('enable-by-default');
  });

  it('the statistic the policy names is the one read', () => {
    const byEstimate = parsePolicy(
      POLICY_TEXT.replace('statistic: percent.high', 'statistic: percent.estimate').replace(
        'onStraddle: inconclusive',
        'onStraddle: use-statistic',
      ),
      'estimate.yaml',
    ).policy;
    const decision = decide(setPolicyOverhead(sampleResults(), 40, 49, 60), byEstimate);
    expect(decision.outcome).toBe('enable-by-default');
    expect(decision.overhead.value).toBe(49);
    expect(decision.overhead.source).toBe('/perf/overheads/5/percent/estimate');
  });
});

describe('requirements', () => {
  const enabling = () => setPolicyOverhead(sampleResults(), 20, 25, 30);

  it('0 fallbacks of 10 no longer meets maxFallbackRate 0.10: the 95% upper bound is 0.278; 0 of 100 meets it', () => {
    const ten = decide(setReliability(enabling(), 10, 0, 0), policy);
    expect(ten.outcome).toBe('do-not-enable');
    expect(ten.gate.passed).toBe(false);
    expect(ten.gate.failedBecause[0]).toBe(
      'fallback-rate-exceeded: fallback rate 0 (0 of 10 executions fell back), 95% interval 0 to 0.2775: the upper bound is not below requirements.maxFallbackRate 0.1',
    );
    expect(ten.requirements.find((r) => r.id === 'requirements.maxFallbackRate')!.met).toBe(false);
    const hundred = decide(setReliability(enabling(), 100, 0, 0), policy);
    expect(hundred.outcome).toBe('enable-by-default');
    expect(hundred.gate.passed).toBe(true);
    expect(hundred.inputs.find((i) => i.name.startsWith('fallback rate, upper bound'))!.value).toBeCloseTo(0.036993, 6);
    expect(hundred.inputs.find((i) => i.name.startsWith('success rate, lower bound'))!.value).toBeCloseTo(0.963007, 6);
  });

  it('a perfect run needs 35 executions for the fallback bound and 73 for the success bound', () => {
    const fallbackOnly = parsePolicy(
      POLICY_TEXT.replace('minSuccessRate: 0.95', 'minSuccessRate: 0'),
      'fallback-only.yaml',
    ).policy;
    expect(decide(setReliability(enabling(), 34, 0, 0), fallbackOnly).outcome).toBe('do-not-enable');
    expect(decide(setReliability(enabling(), 35, 0, 0), fallbackOnly).outcome).toBe('enable-by-default');
    expect(decide(setReliability(enabling(), 72, 0, 0), policy).findings.map((f) => f.id)).toEqual([
      'success-rate-below-minimum',
    ]);
    expect(decide(setReliability(enabling(), 73, 0, 0), policy).outcome).toBe('enable-by-default');
  });

  it('the confidence is policy data: at 90% fewer executions suffice', () => {
    const ninety = parsePolicy(
      POLICY_TEXT.replace('rateConfidence: 0.95', 'rateConfidence: 0.90'),
      'ninety.yaml',
    ).policy;
    expect(decide(setReliability(enabling(), 60, 0, 0), policy).outcome).toBe('do-not-enable');
    expect(decide(setReliability(enabling(), 60, 0, 0), ninety).outcome).toBe('enable-by-default');
  });

  it('a fallback that returned ok is not a success: 40 degraded of 1000 fail minSuccessRate (0.96, lower bound 0.946)', () => {
    const decision = decide(setReliability(enabling(), 1000, 0, 40, 40), policy);
    expect(decision.outcome).toBe('do-not-enable');
    expect(decision.findings.map((f) => f.id)).toEqual(['success-rate-below-minimum']);
    expect(decision.findings[0]!.message).toMatch(
      /^success rate 0\.96 \(960 of 1000 executions ok and not degraded\), 95% interval 0\.946\d* to 0\.97\d*: the lower bound is below/,
    );
  });

  it('a high failure count fails on the lower bound: 51 of 1000 not ok', () => {
    const decision = decide(setReliability(enabling(), 1000, 51, 0), policy);
    expect(decision.outcome).toBe('do-not-enable');
    expect(decision.gate.failedBecause[0]).toMatch(
      /^success-rate-below-minimum: success rate 0\.949 \(949 of 1000 executions ok and not degraded\)/,
    );
  });

  it('one claim refuted gives do-not-enable, a red gate, and names the claim and what its probe saw', () => {
    const results = enabling();
    const claim = results.claims.find((c) => c.id === 'rootfs-read-only')!;
    refute(claim, { passed: false, expected: 'write /etc/probe fails with EROFS', observed: { errno: 0, written: 4 } });
    const decision = decide(results, policy);
    expect(decision.outcome).toBe('do-not-enable');
    expect(decision.gate.passed).toBe(false);
    const reason = decision.gate.failedBecause.find((r) => r.startsWith('claim-refuted'));
    expect(reason).toBe(
      'claim-refuted: claim rootfs-read-only (layer 2, runtime runc) is refuted: the probe got through (probe: expected write /etc/probe fails with EROFS; ' +
        'observed {"errno":0,"written":4}); tests: lifecycle/claims.test.ts > claim rootfs-read-only holds on runc',
    );
    expect(decision.findings.find((f) => f.id === 'claim-refuted')!.source).toBe(
      `/claims/${results.claims.indexOf(claim)}`,
    );
  });

  it('a claim refuted under another runtime than the configured one is reported, not gated on', () => {
    const results = withRunsc(enabling());
    const onRunsc = results.claims.find((c) => c.id === 'rootfs-read-only' && c.runtime === 'runsc')!;
    refute(onRunsc, { passed: false, expected: 'EROFS', observed: { errno: 'EACCES' } });
    expect(results.config.docker.runtime).toBe('runc');
    const underRunc = decide(results, policy);
    expect(underRunc.outcome).toBe('enable-by-default');
    expect(underRunc.rule).toContain(
      'every claim upheld on the configured runtime runc (34 of 34) (other runtimes reported per runtime, not gated: runsc 33 of 34 upheld)',
    );
    results.config.docker.runtime = 'runsc';
    const underRunsc = decide(results, policy);
    expect(underRunsc.outcome).toBe('do-not-enable');
    expect(
      underRunsc.gate.failedBecause.some((r) =>
        r.startsWith('claim-refuted: claim rootfs-read-only (layer 2, runtime runsc)'),
      ),
    ).toBe(true);
  });

  it('an unmeasurable claim on the configured runtime is inconclusive and fails the gate; elsewhere it is only reported', () => {
    const results = enabling();
    const claim = results.claims.find((c) => c.id === 'no-new-privileges')!;
    unmeasurable(claim, 'gVisor has no NoNewPrivs line in /proc');
    const decision = decide(results, policy);
    expect(decision.outcome).toBe('inconclusive');
    expect(decision.rule).toMatch(
      /could be enable-by-default or do-not-enable.*accept each in requirements.acceptedUnmeasurable with the reason$/,
    );
    expect(decision.gate.failedBecause[0]).toMatch(
      /^claim-unmeasurable: claim no-new-privileges \(layer 2, runtime runc\) is unmeasurable: control could not be made: gVisor has no NoNewPrivs line/,
    );
    expect(decision.requirements.find((r) => r.id === 'requirements.allClaimsUpheld')).toMatchObject({
      met: null,
      actual: '33 of 34 upheld on runc; unmeasurable: no-new-privileges',
    });

    const other = withRunsc(enabling());
    unmeasurable(
      other.claims.find((c) => c.id === 'no-new-privileges' && c.runtime === 'runsc')!,
      'gVisor has no NoNewPrivs line in /proc',
    );
    expect(decide(other, policy).outcome).toBe('enable-by-default');
  });

  it('an unmeasurable claim the policy accepts, with its reason, decides nothing and the reason is printed', () => {
    const accepting = parsePolicy(
      POLICY_TEXT.replace(
        '  acceptedUnmeasurable: []',
        '  acceptedUnmeasurable:\n    - claim: no-new-privileges\n      runtime: runc\n      reason: the flag is also enforced by the runner itself',
      ),
      'accepting.yaml',
    ).policy;
    const results = enabling();
    unmeasurable(
      results.claims.find((c) => c.id === 'no-new-privileges')!,
      'no NoNewPrivs line',
    );
    const decision = decide(results, accepting);
    expect(decision.outcome).toBe('enable-by-default');
    expect(decision.gate.passed).toBe(true);
    expect(decision.acceptedUnmeasurable).toEqual([
      { claim: 'no-new-privileges', runtime: 'runc', reason: 'the flag is also enforced by the runner itself' },
    ]);
    expect(decision.requirements.find((r) => r.id === 'requirements.allClaimsUpheld')!.actual).toContain(
      'unmeasurable, accepted by the policy: no-new-privileges (the flag is also enforced by the runner itself)',
    );
    // Accepted on another runtime is not accepted here.
    const elsewhere = parsePolicy(
      POLICY_TEXT.replace(
        '  acceptedUnmeasurable: []',
        '  acceptedUnmeasurable:\n    - claim: no-new-privileges\n      runtime: runsc\n      reason: gVisor has no NoNewPrivs line',
      ),
      'x.yaml',
    ).policy;
    expect(decide(results, elsewhere).outcome).toBe('inconclusive');
  });

  it('one failed test gives do-not-enable and a red gate naming the test and its error', () => {
    const results = enabling();
    const test = results.phases[1]!.tests[0]!;
    test.status = 'failed';
    test.error = 'AssertionError: expected oom, received ok\n    at suites/limits/memory.test.ts:41:7';
    results.phases[1]!.passed -= 1;
    results.phases[1]!.failed += 1;
    const decision = decide(results, policy);
    expect(decision.outcome).toBe('do-not-enable');
    expect(decision.gate.failedBecause[0]).toBe(
      `functional-test-failed: test ${test.id} (phase limits, ${test.file}) failed: AssertionError: expected oom, received ok`,
    );
    expect(decision.findings[0]!.source).toBe('/phases/1/tests/0');
  });

  it('a leaked container gives do-not-enable', () => {
    const results = enabling();
    results.reliability.leakedContainers = 1;
    const decision = decide(results, policy);
    expect(decision.outcome).toBe('do-not-enable');
    expect(decision.findings.map((f) => f.id)).toEqual(['containers-leaked']);
  });
});

describe('missing data is never replaced by a number', () => {
  it('perf phase not run: inconclusive, the overhead value is null, and phase-not-run fails the gate', () => {
    const results = sampleResults();
    delete results.perf;
    results.phases = results.phases.filter((phase) => phase.name !== 'perf');
    const decision = decide(results, policy);
    expect(decision.outcome).toBe('inconclusive');
    expect(decision.overhead.value).toBeNull();
    expect(decision.findings.map((f) => f.id)).toEqual(['phase-not-run', 'not-measured']);
    expect(decision.rule).toMatch(/run the missing phases \(perf\)/);
    expect(decision.gate.failedBecause).toEqual([expect.stringMatching(/^phase-not-run: phase perf did not run/)]);
    // A policy for development may let a partial run pass: that is data, not code.
    const partialOk = parsePolicy(POLICY_TEXT.replace('    - phase-not-run\n', ''), 'dev.yaml').policy;
    expect(decide(results, partialOk).gate.passed).toBe(true);
  });

  it('perf phase ran but recorded no overhead for the policy: evidence-missing fails the gate', () => {
    const results = sampleResults();
    results.perf!.overheads = results.perf!.overheads.filter((o) => o.workload !== 'sp500');
    const decision = decide(results, policy);
    expect(decision.outcome).toBe('inconclusive');
    expect(decision.reasons).toEqual([
      'overhead of docker-pool over in-process on sp500 not measured: no row of /perf/overheads has mode docker-pool, workload sp500 and baselineMode in-process',
    ]);
    expect(decision.gate.passed).toBe(false);
    expect(decision.gate.failedBecause[0]).toMatch(/^evidence-missing: /);
  });

  it('a phase whose every test was skipped is missing evidence, not a pass', () => {
    const results = setPolicyOverhead(sampleResults(), 20, 25, 30);
    const seccomp = results.phases.find((phase) => phase.name === 'seccomp')!;
    for (const test of seccomp.tests) test.status = 'skipped';
    const decision = decide(results, policy);
    expect(decision.outcome).toBe('inconclusive');
    expect(decision.gate.failedBecause).toEqual([
      `evidence-missing: phase seccomp ran but skipped every one of its ${seccomp.tests.length} tests`,
    ]);
  });

  it('a complete run with no claims is not "every claim upheld"', () => {
    const results = setPolicyOverhead(sampleResults(), 20, 25, 30);
    results.claims = [];
    const decision = decide(results, policy);
    expect(decision.outcome).toBe('inconclusive');
    expect(decision.requirements.find((r) => r.id === 'requirements.allClaimsUpheld')!.met).toBeNull();
    expect(decision.gate.failedBecause[0]).toMatch(/^evidence-missing: no security claim was recorded/);
  });

  it('a failed claim decides even when perf is missing: do-not-enable, not inconclusive', () => {
    const results = sampleResults();
    delete results.perf;
    results.phases = results.phases.filter((phase) => phase.name !== 'perf');
    refute(results.claims[0]!, { ...results.claims[0]!.probe, passed: false });
    const decision = decide(results, policy);
    expect(decision.outcome).toBe('do-not-enable');
    expect(decision.rule).toMatch(/the overhead was not measured, which cannot change this -> do-not-enable$/);
  });

  it('no executions counted: reliability unknown, so an enabling overhead is not enough', () => {
    const results = setPolicyOverhead(sampleResults(), 20, 25, 30);
    results.reliability = {
      ...results.reliability,
      executions: 0,
      failures: 0,
      fallbacks: 0,
      fallbackRate: null,
      successRate: null,
      byStatus: {},
    };
    const decision = decide(results, policy);
    expect(decision.outcome).toBe('inconclusive');
    expect(decision.rule).toMatch(/could be enable-by-default or do-not-enable/);
  });
});

describe('gate.failOn is the policy', () => {
  it('listing inconclusive makes a straddling run fail the gate', () => {
    const strict = parsePolicy(
      POLICY_TEXT.replace('    - do-not-enable\n', '    - do-not-enable\n    - inconclusive\n'),
      'strict.yaml',
    ).policy;
    const decision = decide(setPolicyOverhead(sampleResults(), 45, 48, 55), strict);
    expect(decision.outcome).toBe('inconclusive');
    expect(decision.gate.failedBecause).toEqual(['the outcome inconclusive is listed in gate.failOn']);
  });

  it('removing claim-refuted from failOn keeps the outcome do-not-enable but names only the outcome', () => {
    const lax = parsePolicy(POLICY_TEXT.replace('    - claim-refuted\n', ''), 'lax.yaml').policy;
    const results = sampleResults();
    refute(results.claims[0]!, results.claims[0]!.probe, { ...results.claims[0]!.functionality, passed: false });
    const decision = decide(results, lax);
    expect(decision.outcome).toBe('do-not-enable');
    expect(decision.gate.failedBecause).toEqual(['the outcome do-not-enable is listed in gate.failOn']);
  });
});
