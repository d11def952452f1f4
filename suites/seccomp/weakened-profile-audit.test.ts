// A weakened profile, audited: `sandbox-gate audit`'s runAudit with the shipped config whose
// seccomp_profile names (1) an allow-all profile and (2) our profile with every denial turned into
// SCMP_ACT_LOG (default LOG too): each is still a filter (Seccomp 2), but lets every call run. Every
// seccomp denial claim must then be refuted, with the prober's calls reaching the kernel (its
// EINVAL/EFAULT/... instead of the filter's EPERM), and the audit must fail. Issue 11 found the old
// static claims upheld under an allow-all profile.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { parseDocument } from 'yaml';
import { runAudit } from '../../harness/audit/run-audit.ts';
import { SECCOMP_DENIED_GROUPS, seccompClaims } from '../../harness/claims/seccomp-claims.ts';
import type { SeccompProfileJson } from '../../harness/claims/seccomp/profile-inspection.ts';
import { loadConfig } from '../../harness/config/load-config.ts';
import { dockerTest } from '../support/docker-test.ts';
import { CONFIG_FILE } from '../support/shipped-config.ts';
import { KERNEL_ANSWERS } from './support/raw-syscall-expectations.ts';

const ours = JSON.parse(await readFile('seccomp/sandbox-node.json', 'utf8')) as SeccompProfileJson;
const WEAK_PROFILES: Record<string, SeccompProfileJson> = {
  'allow-all': { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [] },
  'log-denials': {
    ...ours,
    defaultAction: 'SCMP_ACT_LOG',
    defaultErrnoRet: undefined,
    syscalls: ours.syscalls.map((rule) =>
      rule.action === 'SCMP_ACT_ALLOW'
        ? rule
        : { names: rule.names, action: 'SCMP_ACT_LOG', comment: `weakened: ${rule.comment}` },
    ),
  },
};

/** The claims about the filter's denials: all but the one that says a filter is installed (it still is). */
const denialClaims = seccompClaims.filter((claim) => claim.id !== 'seccomp-applied-all-threads');

describe('sandbox-gate audit with a weakened seccomp profile refutes the denial claims', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sandbox-gate-weak-seccomp-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const [name, profile] of Object.entries(WEAK_PROFILES)) {
    dockerTest(
      `${name}: every denial claim refuted, the prober's calls reach the kernel, the audit fails`,
      async ({ task, engine }) => {
        const profileFile = path.join(dir, `${name}.json`);
        await writeFile(profileFile, JSON.stringify(profile));
        const document = parseDocument(await readFile(CONFIG_FILE, 'utf8'));
        document.setIn(['sandbox', 'docker', 'seccomp_profile'], profileFile);
        document.setIn(['sandbox', 'docker', 'runtime'], 'runc');
        const configFile = path.join(dir, `${name}.yaml`);
        await writeFile(configFile, String(document));

        const report = await runAudit({
          config: await loadConfig(configFile),
          claims: seccompClaims,
          docker: engine.docker,
        });
        const states = Object.fromEntries(report.claims.map((claim) => [claim.id, claim.state]));
        task.meta.evidence = { profile: name, states, failing: report.failing.claims };

        expect(report.passed).toBe(false);
        for (const claim of denialClaims)
          expect(states[claim.id], `${claim.id}: ${report.claims.find((c) => c.id === claim.id)?.reason}`).toBe(
            'refuted',
          );
        expect(report.failing.claims.toSorted()).toEqual(denialClaims.map((claim) => claim.id).toSorted());
        // Still a filter: the weakened profile is installed, it just lets everything run.
        expect(states['seccomp-applied-all-threads']).toBe('upheld');
        for (const group of SECCOMP_DENIED_GROUPS) {
          const probe = report.claims.find((claim) => claim.id === `seccomp-denies-${group.id}`)!.probe.observed as {
            errnos: Record<string, string>;
            proberSeccomp: string;
            inspection: { passed: boolean };
          };
          expect(probe.proberSeccomp, group.id).toBe('2');
          expect(probe.inspection.passed, `${group.id}: profile inspection`).toBe(false);
          for (const [syscall, errno] of Object.entries(probe.errnos))
            expect(KERNEL_ANSWERS[syscall]!.runc, `${group.id}: ${syscall} got ${errno}`).toContain(errno);
        }
      },
    );
  }
});
