// The same seccomp claims under gVisor (runsc), asserting what actually holds there.
//
// gVisor applies an OCI seccomp profile only when runsc runs with --oci-seccomp; this engine's
// runsc runtime is configured without it (scripts/docker-engine.sh: runtimeArgs
// ["--network=none"]). So under runsc the profile is not in force: /proc shows Seccomp 0 on
// every thread (and no NoNewPrivs line at all), and the syscalls the profile denies reach
// gVisor's own kernel (the Sentry), which answers them itself: symlink meets the read-only
// rootfs (EROFS), inotify, setuid(self) and listen work, and gVisor has no io_uring at all.
// None of the seccomp claims is upheld on runsc; each test records how its outcome differs
// from runc's, so the report can say so. Protection on runsc comes from the Sentry, which is
// a different claim.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../harness/config/load-config.ts';
import type { ClaimOutcome } from '../../harness/claims/claim.ts';
import { createClaimContext } from '../../harness/claims/claim-context.ts';
import { runClaim } from '../../harness/claims/run-claims.ts';
import { SECCOMP_DENIED_GROUPS, seccompClaims } from '../../harness/claims/seccomp-claims.ts';
import { requireEngine } from '../support/engine.ts';
import { expectOutcome, groupErrno, seccompOf, type ClaimExpectation } from './support/claim-expectations.ts';
import { recordClaim } from './support/evidence.ts';

const engine = await requireEngine();
const hasRunsc = engine.runtimes.includes('runsc');

/** The profile's filter is absent: Seccomp 0 on every thread, and gVisor's /proc has no NoNewPrivs line. */
const noFilter = (outcome: ClaimOutcome, at: 'live' | 'top') => {
  expect(seccompOf(outcome.probe, at).values).toEqual(['0']);
  expect(seccompOf(outcome.probe, at).missing).toBe(0);
};

interface RunscExpectation extends ClaimExpectation {
  /** In words, for the evidence: what differs from runc. */
  differs: string;
}

const RUNSC_EXPECTATIONS: Record<string, RunscExpectation> = {
  'seccomp-applied-all-threads': {
    probe: { passed: false, errno: null },
    control: { passed: true, errno: null },
    differs: 'Seccomp 0 on every thread (no filter) and no NoNewPrivs line in gVisor’s /proc/<pid>/task/<tid>/status',
    more: (outcome) => {
      noFilter(outcome, 'top');
      const noNewPrivs = outcome.probe.observed.NoNewPrivs as { missing: number; threads: number };
      expect(noNewPrivs.missing).toBe(noNewPrivs.threads);
    },
  },
  'seccomp-denies-symlink': {
    probe: { passed: false, errno: 'EROFS' },
    control: { passed: true, errno: 'EROFS' },
    differs: 'symlink meets the read-only rootfs (EROFS), as in the control: the filter did not answer',
  },
  'seccomp-denies-inotify': {
    probe: { passed: false, errno: null },
    control: { passed: true, errno: null },
    differs: 'fs.watch works: gVisor implements inotify and no filter denies it',
    more: (outcome) => expect(outcome.probe.observed.answer).toMatchObject({ ok: true }),
  },
  'seccomp-denies-setuid': {
    probe: { passed: false, errno: null },
    control: { passed: true, errno: null },
    differs: 'setuid(own uid) succeeds',
    more: (outcome) => expect(outcome.probe.observed.answer).toMatchObject({ ok: true }),
  },
  'seccomp-denies-bind-listen': {
    probe: { passed: false, errno: null },
    control: { passed: true, errno: null },
    differs: 'listening on 127.0.0.1 succeeds (gVisor’s own network stack, loopback only with --network=none)',
    more: (outcome) => expect(outcome.probe.observed.answer).toMatchObject({ ok: true }),
  },
  'seccomp-io-uring-enosys': {
    // The probe's errno is the profile's (static); live, the child shows Seccomp 0.
    probe: { passed: false, errno: 'ENOSYS' },
    control: { passed: false, errno: null },
    differs: 'no io_uring ring in either run: gVisor does not implement io_uring, so the control cannot show rings and the probe sees no filter (Seccomp 0)',
    more: (outcome) => {
      expect(outcome.probe.observed.child).toMatchObject({ ok: true, readOk: true, ioUringFds: 0, seccomp: '0' });
      expect(outcome.control.observed.child).toMatchObject({ ok: true, readOk: true, ioUringFds: 0, seccomp: '0' });
    },
  },
  'seccomp-clone3-enosys': {
    probe: { passed: false, errno: 'ENOSYS' },
    control: { passed: false, errno: 'EPERM' },
    differs: 'threads start in both runs, also with the clone3-EPERM variant: the profile is not applied, so the variant changes nothing',
    more: (outcome) => {
      expect(outcome.probe.observed.worker).toMatchObject({ ok: true, value: 42, seccompModes: ['0'] });
      expect((outcome.control.observed.run as { status: string }).status).toBe('ok');
    },
  },
  ...Object.fromEntries(
    SECCOMP_DENIED_GROUPS.map((group): [string, RunscExpectation] => [
      `seccomp-denies-${group.id}`,
      {
        // The static half holds (same profile file); the live half does not.
        probe: { passed: false, errno: groupErrno(group.id) },
        control: { passed: true, errno: null },
        differs: 'the profile allows none of these, but it is not in force (Seccomp 0): the syscalls reach gVisor’s Sentry instead',
        more: (outcome) => {
          noFilter(outcome, 'live');
          expect(outcome.probe.observed.allowedAnyway).toEqual([]);
        },
      },
    ]),
  ),
};

const loaded = await loadConfig();
const config = { ...loaded.sandbox, docker: { ...loaded.sandbox.docker, runtime: 'runsc' } };

describe.skipIf(!engine.available || !hasRunsc)('seccomp claims on runsc (gVisor)', () => {
  const context = createClaimContext(config, engine.docker);

  it('has an expectation for every claim, and no other', () => {
    expect(Object.keys(RUNSC_EXPECTATIONS).sort()).toEqual(seccompClaims.map((claim) => claim.id).sort());
  });

  it('declares every seccomp claim for runc only', () => {
    for (const claim of seccompClaims) expect(claim.runtimes, claim.id).toEqual(['runc']);
  });

  for (const claim of seccompClaims) {
    it(`${claim.id}: what holds under runsc`, async ({ task }) => {
      const outcome = await runClaim(claim, context, 'runsc');
      const expected = RUNSC_EXPECTATIONS[claim.id]!;
      recordClaim(task.meta, outcome, { runtime: 'runsc', upheldOnRunsc: outcome.upheld, differsFromRunc: expected.differs });
      expectOutcome(outcome, expected);
    });
  }
});
