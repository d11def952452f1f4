import { describe, expect, it } from 'vitest';
import { decide } from '../../harness/decision/decide.ts';
import { parsePolicy } from '../../harness/decision/load-policy.ts';
import { resolvePointer } from '../../harness/results/validate-results.ts';
import { POLICY_TEXT, defaultPolicy, sampleResults, setPolicyOverhead, setReliability } from './support.ts';

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
    const lenient = parsePolicy(POLICY_TEXT.replace('onStraddle: inconclusive', 'onStraddle: use-statistic'), 'lenient.yaml').policy;
    expect(decide(setPolicyOverhead(sampleResults(), 45, 48, 50), lenient).outcome).toBe('optional');
    expect(decide(setPolicyOverhead(sampleResults(), 45, 48, 49.9), lenient).outcome).toBe('enable-by-default');
  });

  it('the statistic the policy names is the one read', () => {
    const byEstimate = parsePolicy(
      POLICY_TEXT.replace('statistic: percent.high', 'statistic: percent.estimate').replace('onStraddle: inconclusive', 'onStraddle: use-statistic'),
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

  it('fallback rate 0.09 is under 0.10; 0.10 is not and gives do-not-enable with a red gate', () => {
    expect(decide(setReliability(enabling(), 100, 0, 9), policy).outcome).toBe('enable-by-default');
    const decision = decide(setReliability(enabling(), 100, 0, 10), policy);
    expect(decision.outcome).toBe('do-not-enable');
    expect(decision.gate.passed).toBe(false);
    expect(decision.gate.failedBecause[0]).toMatch(/^fallback-rate-exceeded: fallback rate 0\.1 \(10 of 100 executions fell back\) is not below requirements\.maxFallbackRate 0\.1$/);
    expect(decision.rule).toMatch(/requirements not met \(fallback-rate-exceeded: 1\) give requirements\.onUnmet do-not-enable/);
    expect(decision.requirements.find((r) => r.id === 'requirements.maxFallbackRate')!.met).toBe(false);
  });

  it('success rate 0.949 is below 0.95; 0.95 meets it', () => {
    expect(decide(setReliability(enabling(), 1000, 50, 0), policy).outcome).toBe('enable-by-default');
    const decision = decide(setReliability(enabling(), 1000, 51, 0), policy);
    expect(decision.outcome).toBe('do-not-enable');
    expect(decision.gate.failedBecause).toEqual([
      'success-rate-below-minimum: success rate 0.949 (949 of 1000 executions ok) is below requirements.minSuccessRate 0.95',
      'the outcome do-not-enable is listed in gate.failOn',
    ]);
  });

  it('one claim not upheld gives do-not-enable, a red gate, and names the claim and what its probe saw', () => {
    const results = enabling();
    const claim = results.claims.find((c) => c.id === 'rootfs-read-only')!;
    claim.probe = { passed: false, expected: 'write /etc/probe fails with EROFS', observed: { errno: 0, written: 4 } };
    claim.upheld = false;
    const decision = decide(results, policy);
    expect(decision.outcome).toBe('do-not-enable');
    expect(decision.gate.passed).toBe(false);
    const reason = decision.gate.failedBecause.find((r) => r.startsWith('claim-not-upheld'));
    expect(reason).toBe(
      'claim-not-upheld: claim rootfs-read-only (layer 2, runtime runc) is not upheld: probe failed (expected write /etc/probe fails with EROFS; ' +
        'observed {"errno":0,"written":4}); tests: lifecycle/claims.test.ts > claim rootfs-read-only holds on runc',
    );
    expect(decision.findings.find((f) => f.id === 'claim-not-upheld')!.source).toBe(`/claims/${results.claims.indexOf(claim)}`);
  });

  it('a claim not upheld under another runtime than the configured one is reported, not gated on', () => {
    const results = enabling();
    const claim = results.claims.find((c) => c.id === 'rootfs-read-only')!;
    results.claims.push({ ...structuredClone(claim), runtime: 'runsc', upheld: false, probe: { passed: false, expected: 'EROFS', observed: { errno: 'EACCES' } } });
    expect(results.config.docker.runtime).toBe('runc');
    expect(decide(results, policy).outcome).toBe('enable-by-default');
    results.config.docker.runtime = 'runsc';
    const underRunsc = decide(results, policy);
    expect(underRunsc.outcome).toBe('do-not-enable');
    expect(underRunsc.gate.failedBecause.some((r) => r.startsWith('claim-not-upheld: claim rootfs-read-only (layer 2, runtime runsc)'))).toBe(true);
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
    expect(decision.gate.failedBecause[0]).toBe(`functional-test-failed: test ${test.id} (phase limits, ${test.file}) failed: AssertionError: expected oom, received ok`);
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
  it('perf phase not run: inconclusive, the overhead value is null, and the gate passes', () => {
    const results = sampleResults();
    delete results.perf;
    results.phases = results.phases.filter((phase) => phase.name !== 'perf');
    const decision = decide(results, policy);
    expect(decision.outcome).toBe('inconclusive');
    expect(decision.overhead.value).toBeNull();
    expect(decision.findings.map((f) => f.id)).toEqual(['phase-not-run', 'not-measured']);
    expect(decision.rule).toMatch(/run the missing phases \(perf\)/);
    expect(decision.gate.passed).toBe(true);
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
    expect(decision.gate.failedBecause).toEqual(['evidence-missing: phase seccomp ran but skipped every one of its 5 tests']);
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
    results.claims[0]!.control.passed = false;
    results.claims[0]!.upheld = false;
    const decision = decide(results, policy);
    expect(decision.outcome).toBe('do-not-enable');
    expect(decision.rule).toMatch(/the overhead was not measured, which cannot change this -> do-not-enable$/);
  });

  it('no executions counted: reliability unknown, so an enabling overhead is not enough', () => {
    const results = setPolicyOverhead(sampleResults(), 20, 25, 30);
    results.reliability = { ...results.reliability, executions: 0, failures: 0, fallbacks: 0, fallbackRate: null, successRate: null, byStatus: {} };
    const decision = decide(results, policy);
    expect(decision.outcome).toBe('inconclusive');
    expect(decision.rule).toMatch(/could be enable-by-default or do-not-enable/);
  });
});

describe('gate.failOn is the policy', () => {
  it('listing inconclusive makes a straddling run fail the gate', () => {
    const strict = parsePolicy(POLICY_TEXT.replace('    - do-not-enable\n', '    - do-not-enable\n    - inconclusive\n'), 'strict.yaml').policy;
    const decision = decide(setPolicyOverhead(sampleResults(), 45, 48, 55), strict);
    expect(decision.outcome).toBe('inconclusive');
    expect(decision.gate.failedBecause).toEqual(['the outcome inconclusive is listed in gate.failOn']);
  });

  it('removing claim-not-upheld from failOn keeps the outcome do-not-enable but names only the outcome', () => {
    const lax = parsePolicy(POLICY_TEXT.replace('    - claim-not-upheld\n', ''), 'lax.yaml').policy;
    const results = sampleResults();
    results.claims[0]!.functionality.passed = false;
    results.claims[0]!.upheld = false;
    const decision = decide(results, lax);
    expect(decision.outcome).toBe('do-not-enable');
    expect(decision.gate.failedBecause).toEqual(['the outcome do-not-enable is listed in gate.failOn']);
  });
});
