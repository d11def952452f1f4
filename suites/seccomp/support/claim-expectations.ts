import { expect } from 'vitest';
import type { ClaimCheck, ClaimOutcome } from '../../../harness/claims/claim.ts';
import { SECCOMP_DENIED_GROUPS } from '../../../harness/claims/seccomp-claims.ts';
import { KERNEL_ANSWERS, filterAnswer } from './raw-syscall-expectations.ts';

/** What one check of a claim must show: passed or not, and its recorded errno (null: none; 'per-syscall': checked in `more`). */
export interface CheckExpectation {
  passed: boolean;
  errno: string | null | 'per-syscall';
}

export interface ClaimExpectation {
  probe: CheckExpectation;
  control: CheckExpectation;
  /** Further assertions on the outcome (Seccomp modes, child fds...). */
  more?: (outcome: ClaimOutcome) => void;
}

/**
 * The expectation for a denied group's claim on a runtime: every call gets the filter's answer
 * in the probe (prober at Seccomp 2) and one of the kernel's named answers in the control
 * (Seccomp 0); the recorded `errno` is checked per syscall. `unmeasurable` lists the calls whose
 * kernel answer equals the filter's on that runtime: the control cannot attribute them.
 */
export function groupExpectation(id: string, runtime: 'runc' | 'runsc'): ClaimExpectation {
  const group = SECCOMP_DENIED_GROUPS.find((g) => g.id === id)!;
  const names = [...group.names, ...(group.conditional ?? [])];
  const indistinguishable = names.filter((name) =>
    KERNEL_ANSWERS[name]![runtime].every((answer) => answer === filterAnswer(name, runtime)),
  );
  return {
    probe: { passed: true, errno: 'per-syscall' },
    control: { passed: indistinguishable.length === 0, errno: 'per-syscall' },
    more: (outcome) => {
      const probe = outcome.probe.observed as {
        errnos: Record<string, string>;
        proberSeccomp: string;
        uid: number;
        inspection: { passed: boolean };
      };
      const control = outcome.control.observed as {
        errnos: Record<string, string>;
        proberSeccomp: string;
        indistinguishable: string[];
      };
      expect(probe.proberSeccomp).toBe('2');
      expect(control.proberSeccomp).toBe('0');
      expect(probe.uid).toBe(group.capabilities?.length ? 0 : 1000);
      expect(probe.inspection.passed, 'profile inspection').toBe(true);
      for (const name of names) {
        expect(probe.errnos[name], `${id} probe: ${name}`).toBe(filterAnswer(name, runtime));
        expect(KERNEL_ANSWERS[name]![runtime], `${id} control: ${name} got ${control.errnos[name]}`).toContain(
          control.errnos[name],
        );
      }
      expect(control.indistinguishable).toEqual(indistinguishable);
    },
  };
}

export function seccompOf(
  check: ClaimCheck,
  at: 'live' | 'top' = 'top',
): { values: string[]; missing: number; threads: number } {
  const where = at === 'live' ? (check.observed.live as Record<string, unknown>) : check.observed;
  return where.Seccomp as { values: string[]; missing: number; threads: number };
}

/** Asserts every part of the expectation, naming the claim and the check in each message. */
export function expectOutcome(outcome: ClaimOutcome, expected: ClaimExpectation): void {
  for (const part of ['probe', 'control'] as const) {
    const check = outcome[part];
    if (expected[part].errno !== 'per-syscall') {
      expect(
        check.observed.errno ?? null,
        `${outcome.id} ${part} errno; observed ${JSON.stringify(check.observed).slice(0, 1500)}`,
      ).toBe(expected[part].errno);
    }
    expect(
      check.passed,
      `${outcome.id} ${part} passed; expected "${check.expected}"; observed ${JSON.stringify(check.observed).slice(0, 1500)}`,
    ).toBe(expected[part].passed);
  }
  expect(outcome.functionality.observed.status, `${outcome.id} functionality status`).toBe('ok');
  expect(outcome.functionality.passed, `${outcome.id} functionality`).toBe(true);
  expected.more?.(outcome);
  expect(outcome.state, outcome.reason).toBe(
    !expected.probe.passed ? 'refuted' : expected.control.passed ? 'upheld' : 'unmeasurable',
  );
}
