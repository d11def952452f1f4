import { describe, expect, it } from 'vitest';
import { decide } from '../../harness/decision/decide.ts';
import { parsePolicy } from '../../harness/decision/load-policy.ts';
import { POLICY_TEXT, SHIPPED_POLICY_TEXT, defaultPolicy, sampleResults, setPolicyOverhead } from './support.ts';

const policy = defaultPolicy().policy;

describe('the comparison the policy gates on (issue 12)', () => {
  it('the shipped policy gates on equal CPU and names a calibration drift limit', () => {
    const shipped = parsePolicy(SHIPPED_POLICY_TEXT, 'config/decision-policy.yaml').policy.overhead;
    expect(shipped).toMatchObject({ comparison: 'equal-cpu', maxCalibrationDrift: 0.25 });
    // A policy stored by an earlier run has neither key: it gated on the configured quota, with no noise check.
    const earlier = parsePolicy(
      SHIPPED_POLICY_TEXT.replace(/^ {2}comparison: equal-cpu\n/m, '').replace(/^ {2}maxCalibrationDrift: .*\n/m, ''),
      'p.yaml',
    ).policy.overhead;
    expect(earlier).toMatchObject({ comparison: 'configured-quota', maxCalibrationDrift: null });
    expect(() =>
      parsePolicy(SHIPPED_POLICY_TEXT.replace('comparison: equal-cpu', 'comparison: whatever'), 'p.yaml'),
    ).toThrow(/overhead\.comparison/);
  });

  it('an enabling overhead measured at the configured quota cannot pass as an equal-CPU figure', () => {
    const results = setPolicyOverhead(sampleResults(), 10, 20, 30);
    expect(decide(results, policy).outcome).toBe('enable-by-default');
    results.perf!.cpu = { comparison: 'configured-quota', containerCpuCount: 0.5, configuredCpuCount: 0.5, cores: 2 };
    const decision = decide(results, policy);
    expect(decision.outcome).toBe('inconclusive');
    expect(decision.overhead.value).toBeNull();
    expect(decision.reasons.join('\n')).toMatch(
      /gates on the equal-cpu comparison .* but the run measured configured-quota \(containers at cpu_count 0\.5 of 2 cores\)/,
    );
  });

  it('a run that does not say how its CPU was given counts as measured at the quota', () => {
    const results = setPolicyOverhead(sampleResults(), 10, 20, 30);
    delete results.perf!.cpu;
    expect(decide(results, policy).outcome).toBe('inconclusive');
    const quotaPolicy = parsePolicy(
      POLICY_TEXT.replace('comparison: equal-cpu', 'comparison: configured-quota'),
      'p.yaml',
    ).policy;
    expect(decide(results, quotaPolicy).outcome).toBe('enable-by-default');
  });
});

describe('a run whose calibration drifted is noisy: inconclusive, never a band', () => {
  it('a clear enabling overhead on a drifted run is inconclusive, with the drift and load in the reason', () => {
    const results = setPolicyOverhead(sampleResults(), 10, 20, 30);
    results.perf!.calibration!.drift = 0.31;
    const decision = decide(results, policy);
    expect(decision.outcome).toBe('inconclusive');
    const finding = decision.findings.find((f) => f.id === 'measurement-noisy')!;
    expect(finding).toMatchObject({ outcome: 'inconclusive', source: '/perf/calibration/drift' });
    expect(finding.message).toMatch(
      /moved by 31\.0% .* load average 0\.40 0\.30 0\.20 before, 1\.10 0\.70 0\.40 after\), more than overhead\.maxCalibrationDrift 25%/,
    );
    expect(decision.rule).toMatch(/rerun the measurements on a quieter machine/);
    expect(decision.gate.passed).toBe(true);
  });

  it('at the limit it is not noisy', () => {
    const results = setPolicyOverhead(sampleResults(), 10, 20, 30);
    results.perf!.calibration!.drift = 0.25;
    expect(decide(results, policy).outcome).toBe('enable-by-default');
  });

  it('a failed claim still decides do-not-enable on a noisy run', () => {
    const results = setPolicyOverhead(sampleResults(), 10, 20, 30);
    results.perf!.calibration!.drift = 0.5;
    const claim = results.claims.find((c) => c.runtime === results.config.docker.runtime)!;
    claim.state = 'refuted';
    claim.upheld = false;
    claim.probe.passed = false;
    expect(decide(results, policy).outcome).toBe('do-not-enable');
  });
});
