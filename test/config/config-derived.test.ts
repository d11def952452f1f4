// What other folders read from the key table: the report's config rows and the key an engine's
// refusal names.
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, keyPathOf } from '../../harness/config/config-keys.ts';
import { configRows } from '../../harness/config/config-rows.ts';
import { keyRefusedByEngine } from '../../harness/config/engine-refusal.ts';
import { DEFAULT_SANDBOX_CONFIG, type SandboxConfig } from '../../harness/config/sandbox-config.ts';

describe('values derived from the config key table', () => {
  it("the report's rows: one per key, in the file's terms", () => {
    const rows = Object.fromEntries(configRows(DEFAULT_SANDBOX_CONFIG).map((row) => [row.name, row.value]));
    expect(Object.keys(rows)).toHaveLength(CONFIG_KEYS.length);
    expect(rows).toMatchObject({
      'sandbox.enabled': 'true',
      'docker.memory_limit': '2g',
      'docker.timeout_seconds': '300',
      'docker.cap_add': '[]',
      'pool.idle_seconds': '300',
      'backtest.lookahead.perturbations': '["truncate","far-below","far-above"]',
      // The package's profile as the shipped file writes it, not this machine's absolute path.
      'docker.seccomp_profile': '../seccomp/sandbox-node.json',
    });
    const unlimited: SandboxConfig = {
      ...DEFAULT_SANDBOX_CONFIG,
      docker: { ...DEFAULT_SANDBOX_CONFIG.docker, memoryBytes: 0 },
    };
    expect(configRows(unlimited).find((row) => row.name === 'docker.memory_limit')!.value).toBe('none');
  });

  it('control: a profile outside the package is shown as the absolute path it is', () => {
    const elsewhere: SandboxConfig = {
      ...DEFAULT_SANDBOX_CONFIG,
      docker: { ...DEFAULT_SANDBOX_CONFIG.docker, seccompProfile: '/etc/profiles/p.json' },
    };
    expect(configRows(elsewhere).find((row) => row.name === 'docker.seccomp_profile')!.value).toBe(
      '/etc/profiles/p.json',
    );
  });

  it('a run made in another folder shows the profile as its config file wrote it, not resolved there', () => {
    const elsewhere: SandboxConfig = {
      ...DEFAULT_SANDBOX_CONFIG,
      docker: { ...DEFAULT_SANDBOX_CONFIG.docker, seccompProfile: '/tmp/some-clone/seccomp/sandbox-node.json' },
    };
    const text = 'sandbox:\n  docker:\n    seccomp_profile: ../seccomp/sandbox-node.json   # relative\n';
    const row = (fileText?: string) =>
      configRows(elsewhere, fileText).find((candidate) => candidate.name === 'docker.seccomp_profile')!.value;
    expect(row(text)).toBe('../seccomp/sandbox-node.json');
    // Control: without the file's text, the path the code held.
    expect(row()).toBe('/tmp/some-clone/seccomp/sandbox-node.json');
    // Only path keys read the text: other values are the effective ones.
    expect(
      configRows(DEFAULT_SANDBOX_CONFIG, 'sandbox:\n  docker:\n    memory_limit: 4g\n').find(
        (r) => r.name === 'docker.memory_limit',
      )!.value,
    ).toBe('2g');
  });

  it('a results file written before a key existed shows it as not recorded', () => {
    const old = structuredClone(DEFAULT_SANDBOX_CONFIG) as unknown as { docker: Record<string, unknown> };
    delete old.docker.user;
    expect(configRows(old).find((row) => row.name === 'docker.user')!.value).toBe('not recorded');
  });

  it.each([
    ['Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available', 'sandbox.docker.cpu_count', 0.5],
    ['Minimum memory limit allowed is 6MB', 'sandbox.docker.memory_limit', '2g'],
    ['unknown or invalid runtime name: kata', 'sandbox.docker.runtime', 'runc'],
    [
      'Decoding seccomp profile failed: invalid character',
      'sandbox.docker.seccomp_profile',
      '../seccomp/sandbox-node.json',
    ],
    ['invalid tmpfs option ["size=1"]', 'sandbox.docker.tmpfs_size', '64m'],
  ])('an engine refusal "%s" names %s and its value in the file\'s terms', (message, keyPath, value) => {
    expect(keyRefusedByEngine(message, DEFAULT_SANDBOX_CONFIG)).toEqual({ keyPath, value });
  });

  it('control: a refusal naming no key names none', () => {
    expect(keyRefusedByEngine('invalid reference format', DEFAULT_SANDBOX_CONFIG)).toBeUndefined();
  });

  it('keyPathOf gives the YAML name of a property', () => {
    expect([keyPathOf('docker.capAdd'), keyPathOf('backtest.lookahead.seed')]).toEqual([
      'sandbox.docker.cap_add',
      'sandbox.backtest.lookahead.seed',
    ]);
  });
});
