// Every seccomp claim on runc: probe (hardened), control (seccomp=unconfined, or the clone3
// variant), functionality (the benign strategy), each asserted with the exact errno or status.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../harness/config/load-config.ts';
import type { ClaimOutcome } from '../../harness/claims/claim.ts';
import { createClaimContext } from '../../harness/claims/claim-context.ts';
import { runClaim } from '../../harness/claims/run-claims.ts';
import { SECCOMP_DENIED_GROUPS, seccompClaims } from '../../harness/claims/seccomp-claims.ts';
import { dockerTest } from '../support/docker-test.ts';
import { recordClaim } from '../support/record-claim.ts';
import { expectOutcome, groupExpectation, seccompOf, type ClaimExpectation } from './support/claim-expectations.ts';

const blocked = (errno: string | null): ClaimExpectation['probe'] => ({ passed: true, errno });
const through = (errno: string | null): ClaimExpectation['control'] => ({ passed: true, errno });

/** Every thread filtered in the probe's live check, none in the control. */
const filterOnThenOff = (outcome: ClaimOutcome, at: 'live' | 'top') => {
  expect(seccompOf(outcome.probe, at).values).toEqual(['2']);
  expect(seccompOf(outcome.probe, at).missing).toBe(0);
  expect(seccompOf(outcome.probe, at).threads).toBeGreaterThan(1);
  expect(seccompOf(outcome.control).values).toEqual(['0']);
};

it('declares every seccomp claim for every runtime (runsc enforces the profile with --oci-seccomp)', () => {
  for (const claim of seccompClaims) expect(claim.runtimes, claim.id).toBeUndefined();
});

const RUNC_EXPECTATIONS: Record<string, ClaimExpectation> = {
  'seccomp-applied-all-threads': {
    probe: blocked(null),
    control: through(null),
    more: (outcome) => {
      filterOnThenOff(outcome, 'top');
      // Recorded, not decided by this claim (the no-new-privileges claim decides it): runc shows it.
      expect((outcome.probe.observed.NoNewPrivs as { values: string[] }).values).toEqual(['1']);
      expect(outcome.probe.observed.profileSha256).toMatch(/^[0-9a-f]{64}$/);
    },
  },
  'seccomp-denies-symlink': { probe: blocked('EPERM'), control: through('EROFS') },
  'seccomp-denies-inotify': { probe: blocked('EPERM'), control: through(null) },
  'seccomp-denies-setuid': { probe: blocked('EPERM'), control: through(null) },
  'seccomp-denies-bind-listen': { probe: blocked('EPERM'), control: through(null) },
  'seccomp-io-uring-enosys': {
    probe: blocked('ENOSYS'),
    control: through(null),
    more: (outcome) => {
      expect(outcome.probe.observed.errnos).toEqual({
        io_uring_setup: 'ENOSYS',
        io_uring_enter: 'ENOSYS',
        io_uring_register: 'ENOSYS',
      });
      expect(outcome.probe.observed.child).toMatchObject({ ok: true, readOk: true, ioUringFds: 0, seccomp: '2' });
      expect(outcome.control.observed.child).toMatchObject({ ok: true, seccomp: '0' });
      expect((outcome.control.observed.child as { ioUringFds: number }).ioUringFds).toBeGreaterThan(0);
    },
  },
  'seccomp-clone3-enosys': {
    // The probe's errno is the prober's clone3 call; the control's is the variant profile's answer.
    probe: blocked('ENOSYS'),
    control: through('EPERM'),
    more: (outcome) => {
      expect(outcome.probe.observed.worker).toMatchObject({ ok: true, value: 42, seccompModes: ['2'] });
      expect((outcome.control.observed.run as { status: string }).status).toBe('error');
      expect(outcome.control.observed.stderr).toMatch(/uv_thread_create|pthread_create/);
    },
  },
  ...Object.fromEntries(
    SECCOMP_DENIED_GROUPS.map((group): [string, ClaimExpectation] => [
      `seccomp-denies-${group.id}`,
      groupExpectation(group.id, 'runc'),
    ]),
  ),
};

const loaded = await loadConfig();
const config = { ...loaded.sandbox, docker: { ...loaded.sandbox.docker, runtime: 'runc' } };

describe('seccomp claims on runc', () => {
  it('has an expectation for every claim, and no other', () => {
    expect(Object.keys(RUNC_EXPECTATIONS).sort()).toEqual(seccompClaims.map((claim) => claim.id).sort());
  });

  for (const claim of seccompClaims) {
    dockerTest(`${claim.id}: probe, control, functionality`, async ({ task, engine }) => {
      const outcome = await runClaim(claim, createClaimContext(config, engine.docker), 'runc');
      recordClaim(task.meta, outcome);
      expectOutcome(outcome, RUNC_EXPECTATIONS[claim.id]!);
    });
  }
});
