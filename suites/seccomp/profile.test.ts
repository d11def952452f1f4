// The profile itself, read statically: what every live claim in this suite stands on.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CLONE_NEW_MASK,
  SECCOMP_DENIED_GROUPS,
  allowedSyscallNames,
  cloneRulesCheckFlags,
  highestNamedSyscall,
  personalityOnlyDefaults,
  syscallVerdict,
  type SeccompProfileJson,
} from '../../harness/claims/seccomp-claims.ts';
import { REPO_ROOT } from '../../harness/sandbox/docker/image.ts';
import { loadSeccompProfile } from '../../harness/sandbox/docker/seccomp-profile.ts';
import '../support/task-meta.ts';
import { DOCKER_DEFAULT_PROFILE } from './support/docker-default-profile.ts';

const PROFILE_PATH = path.join(REPO_ROOT, 'seccomp/sandbox-node.json');
const readProfile = (): SeccompProfileJson => JSON.parse(readFileSync(PROFILE_PATH, 'utf8')) as SeccompProfileJson;
const withRules = (profile: SeccompProfileJson, ...extra: SeccompProfileJson['syscalls']): SeccompProfileJson => ({
  ...profile,
  syscalls: [...profile.syscalls, ...extra],
});

describe('seccomp/sandbox-node.json', () => {
  it('parses, loads as the config loads it, and denies by default with EPERM', async ({ task }) => {
    const profile = readProfile();
    const loaded = await loadSeccompProfile('seccomp/sandbox-node.json');
    expect(loaded).not.toBe('unconfined');
    expect(profile.defaultAction).toBe('SCMP_ACT_ERRNO');
    expect(profile.defaultErrnoRet).toBe(1);
    expect(profile.architectures).toEqual(['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
    for (const rule of profile.syscalls) {
      // TRACE for clone3 only (ENOSYS with no tracer; see build-profile.mjs).
      expect(
        ['SCMP_ACT_ALLOW', 'SCMP_ACT_ERRNO', ...(rule.names.join() === 'clone3' ? ['SCMP_ACT_TRACE'] : [])],
        `${rule.names.join(',')}: action`,
      ).toContain(rule.action);
      expect(rule.names.length, `a rule with no names: ${rule.comment}`).toBeGreaterThan(0);
      expect(rule.comment, `${rule.names.join(',')}: every rule says why`).toMatch(/\w/);
    }
    task.meta.evidence = {
      profilePath: 'seccomp/sandbox-node.json',
      sha256: loaded === 'unconfined' ? null : loaded.sha256,
      rules: profile.syscalls.length,
    };
  });

  it('is what seccomp/build-profile.mjs generates (the profile and its control variant are not edited by hand)', () => {
    // Exit 1 and a message naming the stale file when they differ.
    expect(() =>
      execFileSync(process.execPath, [path.join(REPO_ROOT, 'seccomp/build-profile.mjs'), '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });

  it('names no syscall both allowed and denied', () => {
    const profile = readProfile();
    const allowed = new Set(allowedSyscallNames(profile));
    const deniedToo = profile.syscalls
      .filter((rule) => rule.action !== 'SCMP_ACT_ALLOW' && rule.action !== 'SCMP_ACT_LOG')
      .flatMap((rule) => rule.names)
      .filter((name) => allowed.has(name));
    expect(deniedToo).toEqual([]);
  });

  it('answers clone3 and io_uring_* with ENOSYS, so glibc and libuv fall back (clone3 by TRACE, which runsc honours too)', ({
    task,
  }) => {
    const profile = readProfile();
    const names = ['clone3', 'io_uring_setup', 'io_uring_enter', 'io_uring_register'];
    const verdicts = Object.fromEntries(names.map((name) => [name, syscallVerdict(profile, name)]));
    for (const name of names.slice(1)) {
      expect(verdicts[name], name).toEqual({
        allowed: 'never',
        action: 'SCMP_ACT_ERRNO',
        errno: 'ENOSYS',
        by: 'explicit rule',
      });
      expect(profile.syscalls.find((r) => r.names.includes(name))!.errnoRet, name).toBe(38);
    }
    expect(verdicts.clone3).toEqual({
      allowed: 'never',
      action: 'SCMP_ACT_TRACE',
      errno: 'ENOSYS',
      by: 'explicit rule',
    });
    // runsc ignores a rule's errnoRet: its io_uring answer is EPERM, its clone3 answer stays ENOSYS.
    expect(syscallVerdict(profile, 'io_uring_setup', 'runsc').errno).toBe('EPERM');
    expect(syscallVerdict(profile, 'clone3', 'runsc').errno).toBe('ENOSYS');
    task.meta.evidence = { verdicts };
  });

  it('allows clone only with every CLONE_NEW* bit clear', ({ task }) => {
    const profile = readProfile();
    const cloneRules = profile.syscalls.filter(
      (rule) => rule.action === 'SCMP_ACT_ALLOW' && rule.names.includes('clone'),
    );
    expect(cloneRules).toHaveLength(1);
    expect(cloneRules[0]!.args).toEqual([{ index: 0, value: CLONE_NEW_MASK, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }]);
    expect(cloneRulesCheckFlags(profile).holds).toBe(true);
    expect(syscallVerdict(profile, 'clone')).toEqual({
      allowed: 'with-arguments',
      action: 'SCMP_ACT_ERRNO',
      errno: 'EPERM',
      by: 'default action',
    });
    // The check can fail: an unconditional clone, or a mask that leaves CLONE_NEWUSER out.
    expect(cloneRulesCheckFlags(withRules(profile, { names: ['clone'], action: 'SCMP_ACT_ALLOW' })).holds).toBe(false);
    const CLONE_NEWUSER = 0x10000000;
    const weakMask = {
      names: ['clone'],
      action: 'SCMP_ACT_ALLOW',
      args: [{ index: 0, value: CLONE_NEW_MASK & ~CLONE_NEWUSER, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
    };
    expect(cloneRulesCheckFlags(withRules(profile, weakMask)).holds).toBe(false);
    task.meta.evidence = { cloneRules };
  });

  it('allows personality only for PER_LINUX, PER_LINUX32 and the query', () => {
    const profile = readProfile();
    expect(personalityOnlyDefaults(profile)).toMatchObject({
      holds: true,
      observed: { allowedValues: [0, 8, 4294967295] },
    });
    const UNAME26 = 0x0020000;
    expect(
      personalityOnlyDefaults(
        withRules(profile, {
          names: ['personality'],
          action: 'SCMP_ACT_ALLOW',
          args: [{ index: 0, value: UNAME26, op: 'SCMP_CMP_EQ' }],
        }),
      ).holds,
    ).toBe(false);
  });

  it('allows no syscall of any denied group, and says which errno each one gets', ({ task }) => {
    const profile = readProfile();
    const verdicts: Record<string, Record<string, unknown>> = {};
    for (const group of SECCOMP_DENIED_GROUPS) {
      verdicts[group.id] = {};
      for (const name of group.names) {
        const verdict = syscallVerdict(profile, name);
        verdicts[group.id]![name] = verdict;
        expect(verdict.allowed, `${group.id}: ${name}`).toBe('never');
        expect(['EPERM', 'ENOSYS'], `${group.id}: ${name}`).toContain(verdict.errno);
      }
    }
    // Named syscalls get their rule's errno; unnamed ones newer than the newest named one (here
    // close_range, 436) get ENOSYS from runc's stub, older ones the default EPERM.
    expect(highestNamedSyscall(profile)).toBe(436);
    expect(syscallVerdict(profile, 'mount')).toEqual({
      allowed: 'never',
      action: 'SCMP_ACT_ERRNO',
      errno: 'EPERM',
      by: 'explicit rule',
    });
    expect(syscallVerdict(profile, 'mount_setattr')).toEqual({
      allowed: 'never',
      action: 'SCMP_ACT_ERRNO',
      errno: 'ENOSYS',
      by: 'runc ENOSYS stub',
    });
    expect(syscallVerdict(profile, 'mount_setattr', 'runsc')).toEqual({
      allowed: 'never',
      action: 'SCMP_ACT_ERRNO',
      errno: 'EPERM',
      by: 'default action',
    });
    expect(syscallVerdict(profile, 'chdir')).toEqual({
      allowed: 'never',
      action: 'SCMP_ACT_ERRNO',
      errno: 'EPERM',
      by: 'default action',
    });
    // The static check can fail: a profile that allows mount.
    expect(syscallVerdict(withRules(profile, { names: ['mount'], action: 'SCMP_ACT_ALLOW' }), 'mount').allowed).toBe(
      'always',
    );
    task.meta.evidence = { verdicts };
  });

  it('allows far fewer syscalls than Docker’s default profile (count recorded)', ({ task }) => {
    const profile = readProfile();
    const allowed = allowedSyscallNames(profile);
    const conditional = profile.syscalls
      .filter((rule) => rule.action === 'SCMP_ACT_ALLOW' && rule.args?.length)
      .flatMap((rule) => rule.names);
    expect(allowed.length).toBeGreaterThan(50);
    expect(allowed.length).toBeLessThan(DOCKER_DEFAULT_PROFILE.allowNamesAmd64NoCaps / 2);
    // What the workload must have: the traced core (scripts/trace-syscalls.sh).
    for (const name of [
      'execve',
      'mmap',
      'futex',
      'epoll_pwait',
      'openat',
      'read',
      'write',
      'rt_sigreturn',
      'exit_group',
    ])
      expect(allowed).toContain(name);
    task.meta.evidence = {
      allowedNames: allowed.length,
      allowedWithArgumentRules: [...new Set(conditional)].sort(),
      allowed,
      dockerDefault: DOCKER_DEFAULT_PROFILE,
    };
  });
});
