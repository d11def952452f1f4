// Each claim declares its relaxation once (Claim.relaxation). These tests hold the rest of the
// code to that declaration: the control really runs with it, the audit's config key is a real
// key of the shipped config, and results.json's `relaxes` is its description.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Claim } from '../../harness/claims/claim.ts';
import { allClaims } from '../../harness/claims/registry.ts';
import { runClaim } from '../../harness/claims/run-claims.ts';
import { seccompClaims } from '../../harness/claims/seccomp-claims.ts';
import { DEFAULT_SANDBOX_CONFIG, type SandboxConfig } from '../../harness/config/sandbox-config.ts';
import { REPO_ROOT } from '../../harness/sandbox/docker/image.ts';
import { fakeClaimContext } from './fake-claim-context.ts';

/** The config keys the audit points SARIF at, per claim: a copy on purpose, so a change shows here. */
const CONFIG_KEYS: Record<string, string> = {
  'network-none': 'sandbox.docker.network_mode',
  'rootfs-read-only': 'sandbox.docker.read_only_rootfs',
  'caps-dropped': 'sandbox.docker.cap_add',
  'non-root': 'sandbox.docker.user',
  'no-new-privileges': 'sandbox.docker.no_new_privileges',
  'no-docker-socket': 'sandbox.docker',
  'ses-no-ambient-authority': 'sandbox.docker',
  'memory-limit': 'sandbox.docker.memory_limit',
  'cpu-limit': 'sandbox.docker.cpu_count',
  'pids-limit': 'sandbox.docker.pids_limit',
  'tmpfs-size': 'sandbox.docker.tmpfs_size',
  'tmpfs-noexec': 'sandbox.docker.tmpfs_size',
  'output-cap': 'sandbox.output.max_stdout_bytes',
  'timeout-kills': 'sandbox.docker.timeout_seconds',
  'score-integrity': 'sandbox.backtest.lookahead.enabled',
};

/** The top-level keys of the config section whose values the patch changes, e.g. `docker.readOnlyRootfs`. */
function changedKeys(before: SandboxConfig, after: SandboxConfig): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const section of Object.keys(after) as Array<keyof SandboxConfig>) {
    const a = before[section] as unknown;
    const b = after[section] as unknown;
    if (typeof b !== 'object' || b === null) continue;
    for (const [key, value] of Object.entries(b)) {
      if (JSON.stringify((a as Record<string, unknown>)[key]) !== JSON.stringify(value))
        changed[`${section}.${key}`] = value;
    }
  }
  return changed;
}

function valueAt(config: SandboxConfig, dotted: string): unknown {
  const [section, key] = dotted.split('.') as [keyof SandboxConfig, string];
  return (config[section] as unknown as Record<string, unknown>)[key];
}

/**
 * no-new-privileges tries no_new_privileges: false alone first; it adds the declared seccomp
 * unconfined only when the profile stops such a container from starting (which a fake context,
 * answering ok, never does).
 */
const FIRST_RUN_RELAXES_ONLY: Record<string, string[]> = { 'no-new-privileges': ['docker.noNewPrivileges'] };

/** Claims whose control runs through the claim context (score-integrity runs backtests through a wrapper of its own). */
const throughContext = (claim: Claim) => claim.layer !== 'score';

describe('a claim declares its relaxation once', () => {
  const claims = allClaims();

  it('every config key is a key of the shipped config (or the section, for a protection no key turns off)', async () => {
    const shipped = parse(await readFile(path.join(REPO_ROOT, 'config/learning_system.yaml'), 'utf8')) as Record<
      string,
      unknown
    >;
    for (const claim of claims) {
      const key = claim.relaxation.configKey;
      let node: unknown = shipped;
      for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
      expect(node, `${claim.id}: ${key}`).toBeDefined();
      if (claim.id in CONFIG_KEYS) expect(key, claim.id).toBe(CONFIG_KEYS[claim.id]);
      else expect(key, claim.id).toBe('sandbox.docker.seccomp_profile');
    }
  });

  it('every seccomp claim relaxes the profile', () => {
    for (const claim of seccompClaims)
      expect(
        claim.relaxation.configPatch!(structuredClone(DEFAULT_SANDBOX_CONFIG)).docker.seccompProfile,
        claim.id,
      ).not.toBe(DEFAULT_SANDBOX_CONFIG.docker.seccompProfile);
  });

  for (const claim of claims.filter(throughContext)) {
    it(`${claim.id}: its control runs with the declared relaxation, and results.json records its description`, async () => {
      const { context, runs } = fakeClaimContext();
      const outcome = await runClaim(
        {
          ...claim,
          probe: async () => ({ passed: true, expected: '-', observed: {} }),
          functionality: async () => ({ passed: true, expected: '-', observed: {} }),
        },
        context,
        'runc',
      );
      expect(outcome.relaxes).toBe(claim.relaxation.description);
      expect(runs.length, `${claim.id}: the control made no run`).toBeGreaterThan(0);
      const first = runs[0]!;
      const declared = claim.relaxation.configPatch
        ? changedKeys(context.config, claim.relaxation.configPatch(structuredClone(context.config)))
        : {};
      const only = FIRST_RUN_RELAXES_ONLY[claim.id];
      for (const [key, value] of Object.entries(declared))
        if (!only || only.includes(key)) expect(valueAt(first.effective, key), `${claim.id}: ${key}`).toEqual(value);
      for (const [key, value] of Object.entries(claim.relaxation.relax ?? {})) {
        // The socket claim's control swaps /dev/null for a live dummy socket of its own.
        if (key === 'engineSocketFrom')
          expect(first.options?.relax?.engineSocketFrom, claim.id).toMatch(/docker\.sock$/);
        else
          expect(
            (first.options?.relax as Record<string, unknown> | undefined)?.[key],
            `${claim.id}: relax.${key}`,
          ).toEqual(value);
      }
      expect(
        Object.keys(declared).length + Object.keys(claim.relaxation.relax ?? {}).length,
        `${claim.id}: a relaxation that changes nothing`,
      ).toBeGreaterThan(0);
    });
  }
});
