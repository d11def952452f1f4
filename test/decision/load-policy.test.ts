import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { ConfigError } from '../../harness/errors.ts';
import { loadPolicy, parsePolicy } from '../../harness/decision/load-policy.ts';
import { DEFAULT_OUTCOME_CONFIG } from '../../harness/decision/policy-types.ts';
import { POLICY_FILE, POLICY_TEXT } from './support.ts';

/** The default policy with one key replaced (or deleted with `undefined`), through the yaml Document API. */
function variant(path: (string | number)[], value: unknown): string {
  const document = parseDocument(POLICY_TEXT);
  if (value === undefined) document.deleteIn(path);
  else document.setIn(path, value);
  return String(document);
}

function bands(rows: Record<string, unknown>[]): string {
  return variant(['overhead', 'bands'], rows);
}

function rejection(text: string, file = 'policy.yaml'): ConfigError {
  try {
    parsePolicy(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected the policy to be rejected');
}

describe('the default policy', () => {
  it('loads with the thresholds of Requirement 6', async () => {
    const { policy, file, sha256 } = await loadPolicy(POLICY_FILE);
    expect(file).toBe(POLICY_FILE);
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(policy.requirements).toMatchObject({
      allFunctionalTestsPass: true,
      allClaimsUpheld: true,
      maxFallbackRate: 0.1,
      minSuccessRate: 0.95,
      onUnmet: 'do-not-enable',
    });
    expect(policy.overhead).toMatchObject({
      workload: 'universe-1s',
      mode: 'docker-pool',
      baseline: 'in-process',
      statistic: 'percent.high',
      onStraddle: 'inconclusive',
    });
    expect(policy.overhead.bands).toEqual([
      { below: 50, outcome: 'enable-by-default' },
      { from: 50, below: 100, outcome: 'optional' },
      { from: 100, outcome: 'document-only' },
    ]);
    expect(policy.gate.failOn).toContain('functional-test-failed');
    expect(policy.gate.failOn).toEqual(
      expect.arrayContaining([
        'claim-refuted',
        'claim-unmeasurable',
        'evidence-missing',
        'phase-not-run',
        'benchmark-executions-failed',
      ]),
    );
    expect(policy.requirements).toMatchObject({
      rateConfidence: 0.95,
      maxFailedBenchmarkExecutions: 0,
      acceptedUnmeasurable: [],
    });
    expect(policy.evidence).toEqual({
      requiredPhases: ['unit', 'lifecycle', 'limits', 'seccomp', 'integration', 'perf'],
      claimRuntimes: ['runc', 'runsc'],
    });
    expect(policy.gate.failOn).not.toContain('inconclusive');
    expect(policy.gate.failOn).not.toContain('optional');
    expect(policy.gate.failOn).not.toContain('document-only');
  });
});

describe('a malformed policy names the file and the key', () => {
  it('a threshold of the wrong type', () => {
    const error = rejection(variant(['requirements', 'maxFallbackRate'], 'lots'), 'config/decision-policy.yaml');
    expect(error.message).toBe(
      'config/decision-policy.yaml: requirements.maxFallbackRate: expected a number >= 0 and <= 1, found "lots"',
    );
    expect(error.keyPath).toBe('requirements.maxFallbackRate');
    expect(error.code).toBe('SANDBOX_GATE_CONFIG_INVALID');
  });

  it('a missing threshold (the code has no default for it)', () => {
    expect(rejection(variant(['requirements', 'minSuccessRate'], undefined)).message).toBe(
      'policy.yaml: requirements.minSuccessRate: expected a number >= 0 and <= 1, found nothing',
    );
  });

  it('an unknown key', () => {
    expect(rejection(variant(['requirements', 'maxFallbackRatio'], 0.1)).message).toMatch(
      /^policy\.yaml: requirements\.maxFallbackRatio: expected no such key here \(did you mean maxFallbackRate\?\); known keys are /,
    );
  });

  it('an unknown outcome, statistic, phase or gate condition', () => {
    expect(rejection(variant(['requirements', 'onUnmet'], 'maybe')).keyPath).toBe('requirements.onUnmet');
    expect(rejection(variant(['overhead', 'statistic'], 'percent.p99')).keyPath).toBe('overhead.statistic');
    expect(rejection(variant(['evidence', 'requiredPhases'], ['lifecycle', 'security'])).keyPath).toBe(
      'evidence.requiredPhases[1]',
    );
    expect(rejection(variant(['gate', 'failOn'], ['claim-refuted', 'red'])).message).toMatch(
      /^policy\.yaml: gate\.failOn\[1\]: expected one of functional-test-failed, /,
    );
  });

  it('an accepted unmeasurable claim without a written reason, or with an unknown key', () => {
    const accept = (entry: unknown) => variant(['requirements', 'acceptedUnmeasurable'], [entry]);
    expect(rejection(accept({ claim: 'no-new-privileges', runtime: 'runsc' })).message).toMatch(
      /^policy\.yaml: requirements\.acceptedUnmeasurable\[0\]\.reason: expected the reason, in words \(at least 10 characters\)/,
    );
    expect(rejection(accept({ claim: 'no-new-privileges', runtime: 'runsc', reason: 'n/a' })).keyPath).toBe(
      'requirements.acceptedUnmeasurable[0].reason',
    );
    expect(
      rejection(accept({ claim: 'x', runtime: 'runsc', reason: 'gVisor has no such line', until: 'never' })).keyPath,
    ).toBe('requirements.acceptedUnmeasurable[0].until');
    expect(rejection(variant(['evidence', 'claimRuntimes'], ['runc', 'Run C'])).keyPath).toBe(
      'evidence.claimRuntimes[1]',
    );
    expect(rejection(variant(['requirements', 'rateConfidence'], 1)).keyPath).toBe('requirements.rateConfidence');
  });

  it('a version this code does not know', () => {
    expect(rejection(variant(['version'], 2)).message).toBe(
      'policy.yaml: version: expected 1 (the only policy version), found 2 (number)',
    );
  });

  it('a file that is not YAML, and a file that cannot be read', async () => {
    expect(rejection('overhead: [unclosed', 'broken.yaml').message).toMatch(
      /^broken\.yaml: \(root\): expected valid YAML, found "a syntax error: /,
    );
    const dir = await mkdtemp(join(tmpdir(), 'policy-'));
    await expect(loadPolicy(join(dir, 'absent.yaml'))).rejects.toThrow(
      /absent\.yaml: \(root\): expected a readable YAML file, found "an unreadable path \(ENOENT\)"/,
    );
    await writeFile(join(dir, 'list.yaml'), '- 1\n');
    await expect(loadPolicy(join(dir, 'list.yaml'))).rejects.toThrow(ConfigError);
  });
});

describe('bands that contradict each other are rejected, naming the rows', () => {
  it('overlapping bands', () => {
    const error = rejection(
      bands([
        { below: 50, outcome: 'enable-by-default' },
        { from: 50, below: 80, outcome: 'optional' },
        { from: 60, below: 100, outcome: 'optional' },
        { from: 100, outcome: 'document-only' },
      ]),
    );
    expect(error.keyPath).toBe('overhead.bands');
    expect(error.message).toContain('bands[1] and bands[2] overlap at 60..80');
  });

  it('a gap between bands', () => {
    expect(
      rejection(
        bands([
          { below: 50, outcome: 'enable-by-default' },
          { from: 60, outcome: 'optional' },
        ]),
      ).message,
    ).toContain('bands[0] and bands[1] leave a gap at 50..60');
  });

  it('unsorted bands', () => {
    expect(
      rejection(
        bands([
          { below: 50, outcome: 'enable-by-default' },
          { from: 100, outcome: 'document-only' },
          { from: 50, below: 100, outcome: 'optional' },
        ]),
      ).message,
    ).toContain('bands[2] (from 50) is listed after bands[1] (from 100): unsorted');
  });

  it('missing ranges at either end', () => {
    expect(
      rejection(
        bands([
          { from: 0, below: 50, outcome: 'enable-by-default' },
          { from: 50, outcome: 'optional' },
        ]),
      ).keyPath,
    ).toBe('overhead.bands[0].from');
    expect(
      rejection(
        bands([
          { below: 50, outcome: 'enable-by-default' },
          { from: 50, below: 100, outcome: 'optional' },
        ]),
      ).keyPath,
    ).toBe('overhead.bands[1].below');
    expect(
      rejection(
        bands([
          { below: 50, outcome: 'enable-by-default' },
          { below: 100, outcome: 'optional' },
          { from: 100, outcome: 'document-only' },
        ]),
      ).keyPath,
    ).toBe('overhead.bands[1].from');
  });

  it('an empty band, a band without an outcome, and no bands at all', () => {
    expect(
      rejection(
        bands([
          { below: 50, outcome: 'enable-by-default' },
          { from: 80, below: 60, outcome: 'optional' },
          { from: 60, outcome: 'document-only' },
        ]),
      ).message,
    ).toContain('overhead.bands[1]: expected from < below, found "from 80, below 60"');
    expect(rejection(bands([{ below: 50 }, { from: 50, outcome: 'optional' }])).keyPath).toBe(
      'overhead.bands[0].outcome',
    );
    expect(rejection(bands([])).keyPath).toBe('overhead.bands');
  });

  it('a single open band is a valid (if blunt) policy', () => {
    expect(parsePolicy(bands([{ outcome: 'optional' }]), 'p.yaml').policy.overhead.bands).toEqual([
      { outcome: 'optional' },
    ]);
  });
});

describe('outcomeConfig: what each outcome writes to sandbox.enabled', () => {
  it('the shipped policy maps every outcome, and a policy without the section (stored by an older run) gets the former mapping', () => {
    const shipped = parsePolicy(POLICY_TEXT, 'policy.yaml').policy.outcomeConfig;
    expect(shipped).toEqual(DEFAULT_OUTCOME_CONFIG);
    expect(parsePolicy(variant(['outcomeConfig'], undefined), 'policy.yaml').policy.outcomeConfig).toEqual(
      DEFAULT_OUTCOME_CONFIG,
    );
  });

  it('a changed mapping is read as written', () => {
    const text = variant(['outcomeConfig', 'optional', 'sandboxEnabled'], true);
    expect(parsePolicy(text, 'policy.yaml').policy.outcomeConfig.optional).toEqual({ sandboxEnabled: true });
  });

  it('a missing outcome, an unknown outcome or a value other than true, false or keep is rejected with its key', () => {
    expect(rejection(variant(['outcomeConfig', 'inconclusive'], undefined)).keyPath).toBe(
      'outcomeConfig.inconclusive.sandboxEnabled',
    );
    expect(rejection(variant(['outcomeConfig', 'maybe'], { sandboxEnabled: true })).keyPath).toBe(
      'outcomeConfig.maybe',
    );
    const wrong = rejection(variant(['outcomeConfig', 'document-only', 'sandboxEnabled'], 'off'));
    expect(wrong.message).toBe(
      'policy.yaml: outcomeConfig.document-only.sandboxEnabled: expected true, false or keep, found "off"',
    );
  });
});
