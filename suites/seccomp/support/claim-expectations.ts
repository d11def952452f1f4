import { expect } from 'vitest';
import type { ClaimCheck, ClaimOutcome } from '../../../harness/claims/claim.ts';
import { SECCOMP_DENIED_GROUPS } from '../../../harness/claims/seccomp-claims.ts';

/** What one check of a claim must show: passed or not, and its recorded errno (null: none). */
export interface CheckExpectation {
  passed: boolean;
  errno: string | null;
}

export interface ClaimExpectation {
  probe: CheckExpectation;
  control: CheckExpectation;
  /** Further assertions on the outcome (Seccomp modes, child fds...). */
  more?: (outcome: ClaimOutcome) => void;
}

const distinctErrnos = (names: string[], errnoOf: (name: string) => string) => [...new Set(names.map(errnoOf))].sort().join(',');

/** Newer than close_range (436), the newest syscall the profile names: ENOSYS from runc's stub. */
const RUNC_STUB_ENOSYS = new Set(['mount_setattr', 'pidfd_getfd', 'process_madvise', 'quotactl_fd']);
/** Named with an explicit ENOSYS rule. */
const EXPLICIT_ENOSYS = new Set(['clone3', 'io_uring_setup', 'io_uring_enter', 'io_uring_register']);
const errnoOnRunc = (name: string) => (RUNC_STUB_ENOSYS.has(name) || EXPLICIT_ENOSYS.has(name) ? 'ENOSYS' : 'EPERM');

/** The errno the static probe of a denied group reports: the distinct errnos of its syscalls. */
export function groupErrno(id: string): string {
  const group = SECCOMP_DENIED_GROUPS.find((g) => g.id === id)!;
  const names = [...group.names, ...(group.conditional ?? [])];
  return distinctErrnos(names, errnoOnRunc);
}

export function seccompOf(check: ClaimCheck, at: 'live' | 'top' = 'top'): { values: string[]; missing: number; threads: number } {
  const where = at === 'live' ? (check.observed.live as Record<string, unknown>) : check.observed;
  return where.Seccomp as { values: string[]; missing: number; threads: number };
}

/** Asserts every part of the expectation, naming the claim and the check in each message. */
export function expectOutcome(outcome: ClaimOutcome, expected: ClaimExpectation): void {
  for (const part of ['probe', 'control'] as const) {
    const check = outcome[part];
    expect(check.observed.errno ?? null, `${outcome.id} ${part} errno; observed ${JSON.stringify(check.observed).slice(0, 1500)}`).toBe(expected[part].errno);
    expect(check.passed, `${outcome.id} ${part} passed; expected "${check.expected}"; observed ${JSON.stringify(check.observed).slice(0, 1500)}`).toBe(expected[part].passed);
  }
  expect(outcome.functionality.observed.status, `${outcome.id} functionality status`).toBe('ok');
  expect(outcome.functionality.passed, `${outcome.id} functionality`).toBe(true);
  expected.more?.(outcome);
  expect(outcome.upheld).toBe(expected.probe.passed && expected.control.passed);
}
