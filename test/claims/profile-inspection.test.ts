// Profile inspection (harness/claims/seccomp/profile-inspection.ts): what a profile file says,
// honouring the default action, every action and argument rules. Issue 11 found the old verdict
// reporting kexec_load, bpf, mount, ptrace and unshare as denied under an allow-all profile.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SECCOMP_DENIED_GROUPS } from '../../harness/claims/seccomp-claims.ts';
import {
  actionRuns,
  inspectProfile,
  syscallVerdict,
  type SeccompProfileJson,
} from '../../harness/claims/seccomp/profile-inspection.ts';

const ours = JSON.parse(
  readFileSync(new URL('../../seccomp/sandbox-node.json', import.meta.url), 'utf8'),
) as SeccompProfileJson;
const deniedNames = SECCOMP_DENIED_GROUPS.flatMap((group) => group.names);
const conditionalNames = SECCOMP_DENIED_GROUPS.flatMap((group) => group.conditional ?? []);
const inspect = (profile: SeccompProfileJson) => inspectProfile(profile, deniedNames, conditionalNames);

describe('profile inspection', () => {
  it('passes our profile: every denied group name denied, clone and personality only under argument rules', () => {
    const inspection = inspect(ours);
    expect(inspection.allowedAnyway).toEqual([]);
    expect(inspection.passed).toBe(true);
  });

  it('fails an allow-all profile: the default action lets every unnamed syscall run', () => {
    const inspection = inspect({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [] });
    expect(inspection.passed).toBe(false);
    for (const name of ['kexec_load', 'bpf', 'mount', 'ptrace', 'unshare'])
      expect(inspection.allowedAnyway).toContain(name);
    expect(syscallVerdict({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [] }, 'kexec_load')).toEqual({
      allowed: 'always',
      action: 'SCMP_ACT_ALLOW',
      errno: null,
      by: 'default action',
    });
  });

  it('fails a LOG-everything profile: logged syscalls still run', () => {
    const logAll: SeccompProfileJson = { defaultAction: 'SCMP_ACT_LOG', syscalls: [] };
    const inspection = inspect(logAll);
    expect(inspection.passed).toBe(false);
    expect(inspection.allowedAnyway.sort()).toEqual([...deniedNames, ...conditionalNames].sort());
    // Our profile with every denial turned into LOG fails as well.
    const ourLogged = {
      ...ours,
      syscalls: ours.syscalls.map((rule) =>
        rule.action === 'SCMP_ACT_ALLOW' ? rule : { ...rule, action: 'SCMP_ACT_LOG' },
      ),
    };
    expect(inspect(ourLogged).passed).toBe(false);
  });

  it('classifies every action: ALLOW, LOG and NOTIFY run; ERRNO, KILL*, TRAP and TRACE deny', () => {
    for (const action of ['SCMP_ACT_ALLOW', 'SCMP_ACT_LOG', 'SCMP_ACT_NOTIFY'])
      expect(actionRuns(action), action).toBe(true);
    for (const action of [
      'SCMP_ACT_ERRNO',
      'SCMP_ACT_KILL',
      'SCMP_ACT_KILL_THREAD',
      'SCMP_ACT_KILL_PROCESS',
      'SCMP_ACT_TRAP',
      'SCMP_ACT_TRACE',
    ])
      expect(actionRuns(action), action).toBe(false);
    // An action the inspection does not know is never taken for a denial.
    expect(actionRuns('SCMP_ACT_SOMETHING_NEW')).toBe(true);
    const base: SeccompProfileJson = { defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 1, syscalls: [] };
    const verdictUnder = (action: string, errnoRet?: number) =>
      syscallVerdict({ ...base, syscalls: [{ names: ['mount'], action, errnoRet }] }, 'mount');
    expect(verdictUnder('SCMP_ACT_KILL_PROCESS')).toMatchObject({ allowed: 'never', errno: null });
    expect(verdictUnder('SCMP_ACT_TRAP')).toMatchObject({ allowed: 'never', errno: null });
    expect(verdictUnder('SCMP_ACT_TRACE')).toMatchObject({ allowed: 'never', errno: 'ENOSYS' });
    expect(verdictUnder('SCMP_ACT_ERRNO', 13)).toMatchObject({ allowed: 'never', errno: 'EACCES' });
    expect(verdictUnder('SCMP_ACT_NOTIFY')).toMatchObject({ allowed: 'always' });
    expect(verdictUnder('SCMP_ACT_LOG')).toMatchObject({ allowed: 'always' });
  });

  it('honours argument rules: a conditional allow under a denying default, a conditional deny under an allowing default', () => {
    const cloneOnlyThreads: SeccompProfileJson = {
      defaultAction: 'SCMP_ACT_ERRNO',
      syscalls: [
        {
          names: ['clone'],
          action: 'SCMP_ACT_ALLOW',
          args: [{ index: 0, value: 2114060288, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
        },
      ],
    };
    expect(syscallVerdict(cloneOnlyThreads, 'clone')).toMatchObject({ allowed: 'with-arguments', errno: 'EPERM' });
    expect(inspectProfile(cloneOnlyThreads, [], ['clone']).passed).toBe(true);
    // Denied only for one flag value, allowed for every other: it runs, so a denied name fails.
    const mountDeniedForOneValue: SeccompProfileJson = {
      defaultAction: 'SCMP_ACT_ALLOW',
      syscalls: [{ names: ['mount'], action: 'SCMP_ACT_ERRNO', args: [{ index: 3, value: 1, op: 'SCMP_CMP_EQ' }] }],
    };
    expect(syscallVerdict(mountDeniedForOneValue, 'mount')).toMatchObject({ allowed: 'with-arguments' });
    expect(inspectProfile(mountDeniedForOneValue, ['mount']).passed).toBe(false);
    // An unconditional allow wins over argument rules.
    expect(
      inspectProfile(
        {
          ...cloneOnlyThreads,
          syscalls: [...cloneOnlyThreads.syscalls, { names: ['clone'], action: 'SCMP_ACT_ALLOW' }],
        },
        [],
        ['clone'],
      ).passed,
    ).toBe(false);
  });

  it("models runc's ENOSYS stub for unnamed syscalls newer than the profile, and runsc's EPERM for every ERRNO rule", () => {
    expect(syscallVerdict(ours, 'quotactl_fd', 'runc')).toMatchObject({ errno: 'ENOSYS', by: 'runc ENOSYS stub' });
    expect(syscallVerdict(ours, 'quotactl_fd', 'runsc')).toMatchObject({ errno: 'EPERM', by: 'default action' });
    expect(syscallVerdict(ours, 'io_uring_setup', 'runsc')).toMatchObject({ errno: 'EPERM', by: 'explicit rule' });
  });
});
