// The same seccomp claims under gVisor (runsc), asserting what holds there.
//
// scripts/docker-engine.sh registers runsc with --oci-seccomp, so gVisor enforces our profile
// inside the sandbox (Seccomp 2 on every thread; gVisor's /proc shows no Seccomp_filters and no
// NoNewPrivs line). Two differences from runc are measured, not assumed:
// - runsc answers every SCMP_ACT_ERRNO rule with EPERM, whatever its errnoRet (so clone3 is a
//   TRACE rule: ENOSYS with no tracer, on both runtimes), and has no ENOSYS stub above the newest
//   named syscall;
// - gVisor's own kernel lacks many of these syscalls (ENOSYS) and refuses some itself (EPERM):
//   where its answer equals the filter's, the control cannot attribute the block and the claim is
//   unmeasurable (clone3 in the namespaces group: ENOSYS both ways; clock_settime: EPERM both
//   ways; io_uring: gVisor has none, so the control shows no ring). No claim is refuted.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../harness/config/load-config.ts';
import type { ClaimOutcome } from '../../harness/claims/claim.ts';
import { createClaimContext } from '../../harness/claims/claim-context.ts';
import { runClaim } from '../../harness/claims/run-claims.ts';
import { SECCOMP_DENIED_GROUPS, seccompClaims } from '../../harness/claims/seccomp-claims.ts';
import { runscTest } from '../support/docker-test.ts';
import { recordClaim } from '../support/record-claim.ts';
import { expectOutcome, groupExpectation, seccompOf, type ClaimExpectation } from './support/claim-expectations.ts';

interface RunscExpectation extends ClaimExpectation {
  /** In words, for the evidence: what differs from runc. */
  differs: string;
}

const groupOnRunsc = (id: string, differs: string): [string, RunscExpectation] => [
  `seccomp-denies-${id}`,
  { ...groupExpectation(id, 'runsc'), differs },
];

const RUNSC_EXPECTATIONS: Record<string, RunscExpectation> = {
  'seccomp-applied-all-threads': {
    probe: { passed: true, errno: null },
    control: { passed: true, errno: null },
    differs: 'gVisor’s /proc shows Seccomp 2 but no Seccomp_filters and no NoNewPrivs line',
    more: (outcome: ClaimOutcome) => {
      expect(seccompOf(outcome.probe).values).toEqual(['2']);
      expect(seccompOf(outcome.control).values).toEqual(['0']);
      const noNewPrivs = outcome.probe.observed.NoNewPrivs as { missing: number; threads: number };
      expect(noNewPrivs.missing).toBe(noNewPrivs.threads);
    },
  },
  'seccomp-denies-symlink': {
    probe: { passed: true, errno: 'EPERM' },
    control: { passed: true, errno: 'EROFS' },
    differs: 'none',
  },
  'seccomp-denies-inotify': {
    probe: { passed: true, errno: 'EPERM' },
    control: { passed: true, errno: null },
    differs: 'none',
  },
  'seccomp-denies-setuid': {
    probe: { passed: true, errno: 'EPERM' },
    control: { passed: true, errno: null },
    differs: 'none',
  },
  'seccomp-denies-bind-listen': {
    probe: { passed: true, errno: 'EPERM' },
    control: { passed: true, errno: null },
    differs: 'none',
  },
  'seccomp-io-uring-enosys': {
    probe: { passed: true, errno: 'EPERM' },
    control: { passed: false, errno: null },
    differs:
      'io_uring_* get EPERM (runsc ignores errnoRet); gVisor implements no io_uring, so the control shows no ring either: unmeasurable',
    more: (outcome) => {
      expect(outcome.probe.observed.child).toMatchObject({ ok: true, readOk: true, ioUringFds: 0, seccomp: '2' });
      expect(outcome.control.observed.child).toMatchObject({ ok: true, readOk: true, ioUringFds: 0, seccomp: '0' });
    },
  },
  'seccomp-clone3-enosys': {
    probe: { passed: true, errno: 'ENOSYS' },
    control: { passed: true, errno: 'EPERM' },
    differs:
      'none: TRACE gives ENOSYS on runsc too; with the clone3-EPERM variant node aborts at its first thread, as on runc',
    more: (outcome) => {
      expect(outcome.probe.observed.worker).toMatchObject({ ok: true, value: 42, seccompModes: ['2'] });
      expect((outcome.control.observed.run as { status: string }).status).toBe('error');
    },
  },
  ...Object.fromEntries(
    SECCOMP_DENIED_GROUPS.map((group) =>
      groupOnRunsc(
        group.id,
        group.id === 'namespaces'
          ? 'clone3 gets ENOSYS with and without the filter (gVisor lacks clone3): unmeasurable'
          : group.id === 'clock-set'
            ? 'gVisor refuses clock_settime itself (EPERM) with and without the filter: unmeasurable'
            : 'the filter answers EPERM to every call (no ENOSYS stub); gVisor answers the control itself',
      ),
    ),
  ),
};

const loaded = await loadConfig();
const config = { ...loaded.sandbox, docker: { ...loaded.sandbox.docker, runtime: 'runsc' } };

describe('seccomp claims on runsc (gVisor)', () => {
  runscTest('runs on an engine whose runsc enforces the OCI seccomp profile (--oci-seccomp)', async ({ engine }) => {
    const info = (await engine.docker.info()) as { Runtimes?: Record<string, { runtimeArgs?: string[] }> };
    const args = info.Runtimes?.runsc?.runtimeArgs ?? [];
    expect(
      args,
      'runsc is registered without --oci-seccomp: apply the engine config with `sudo SANDBOX_GATE_RELOAD_ENGINE=1 scripts/docker-engine.sh`',
    ).toContain('--oci-seccomp');
  });

  it('has an expectation for every claim, and no other', () => {
    expect(Object.keys(RUNSC_EXPECTATIONS).sort()).toEqual(seccompClaims.map((claim) => claim.id).sort());
  });

  for (const claim of seccompClaims) {
    runscTest(`${claim.id}: what holds under runsc`, async ({ task, engine }) => {
      const outcome = await runClaim(claim, createClaimContext(config, engine.docker), 'runsc');
      const expected = RUNSC_EXPECTATIONS[claim.id]!;
      recordClaim(task.meta, outcome, { runtime: 'runsc', state: outcome.state, differsFromRunc: expected.differs });
      expectOutcome(outcome, expected);
      expect(outcome.state, 'no seccomp claim is refuted on runsc').not.toBe('refuted');
    });
  }
});
