/**
 * Profile inspection: what a seccomp profile (Docker's JSON format) says about a syscall, read
 * from the file alone. An inspection is never a probe: it tells what the filter should answer;
 * the claims' probes (seccomp-claims.ts) make the real call and record what it did answer.
 *
 * Every action is classified by whether the syscall still runs:
 * - runs: SCMP_ACT_ALLOW, SCMP_ACT_LOG (allowed and logged), SCMP_ACT_NOTIFY (a user-space agent
 *   may let it run);
 * - denied: SCMP_ACT_ERRNO (with its errno), SCMP_ACT_KILL / KILL_THREAD / KILL_PROCESS,
 *   SCMP_ACT_TRAP (SIGSYS), SCMP_ACT_TRACE (ENOSYS while no tracer is attached; nothing in the
 *   sandbox can attach one, ptrace being denied and CAP_SYS_PTRACE dropped).
 */

export interface SeccompArg {
  index: number;
  value: number;
  valueTwo?: number;
  op: string;
}

export interface SeccompRule {
  names: string[];
  action: string;
  errnoRet?: number;
  args?: SeccompArg[];
  comment?: string;
}

/** Docker's profile format, the parts this project uses. */
export interface SeccompProfileJson {
  defaultAction: string;
  defaultErrnoRet?: number;
  architectures?: string[];
  syscalls: SeccompRule[];
}

const ERRNO_NAMES: Record<number, string> = { 1: 'EPERM', 13: 'EACCES', 38: 'ENOSYS' };
const RUNNING_ACTIONS = new Set(['SCMP_ACT_ALLOW', 'SCMP_ACT_LOG', 'SCMP_ACT_NOTIFY']);
const DENYING_ACTIONS = new Set([
  'SCMP_ACT_ERRNO',
  'SCMP_ACT_KILL',
  'SCMP_ACT_KILL_THREAD',
  'SCMP_ACT_KILL_PROCESS',
  'SCMP_ACT_TRAP',
  'SCMP_ACT_TRACE',
]);

/** True when a syscall under `action` still executes in the kernel. An unknown action counts as running (never as a denial). */
export function actionRuns(action: string): boolean {
  return RUNNING_ACTIONS.has(action) || !DENYING_ACTIONS.has(action);
}

/**
 * x86_64 numbers of the syscalls added since Linux 5.1 (every other syscall is numbered below
 * 424). runc answers ENOSYS, not the default errno, to any syscall numbered above the highest
 * one the profile names (libcontainer/seccomp/patchbpf), so a syscall newer than the profile
 * fails as "not implemented" and glibc falls back. runsc has no such stub.
 */
const X86_64_RECENT_SYSCALLS: Record<string, number> = {
  pidfd_send_signal: 424,
  io_uring_setup: 425,
  io_uring_enter: 426,
  io_uring_register: 427,
  open_tree: 428,
  move_mount: 429,
  fsopen: 430,
  fsconfig: 431,
  fsmount: 432,
  fspick: 433,
  pidfd_open: 434,
  clone3: 435,
  close_range: 436,
  openat2: 437,
  pidfd_getfd: 438,
  faccessat2: 439,
  process_madvise: 440,
  epoll_pwait2: 441,
  mount_setattr: 442,
  quotactl_fd: 443,
  landlock_create_ruleset: 444,
  landlock_add_rule: 445,
  landlock_restrict_self: 446,
  memfd_secret: 447,
  process_mrelease: 448,
  futex_waitv: 449,
  set_mempolicy_home_node: 450,
};

/** How the profile answers one syscall on x86_64. */
export interface SyscallVerdict {
  /**
   * `always`: it runs whatever the arguments; `with-arguments`: it runs for some arguments only
   * (an argument rule decides: clone, socket, personality); `never`: denied for every argument.
   */
  allowed: 'always' | 'with-arguments' | 'never';
  /** The action that decides when no argument rule matches. */
  action: string;
  /** The errno when that action denies with one (EPERM, ENOSYS...); null when it runs, kills or traps. */
  errno: string | null;
  /** Which part of the filter decides when no argument rule matches. */
  by: 'allow rule' | 'explicit rule' | 'default action' | 'runc ENOSYS stub';
}

export function errnoName(errno: number | undefined): string {
  return errno === undefined ? 'EPERM' : (ERRNO_NAMES[errno] ?? `errno ${errno}`);
}

/**
 * The errno a denying action returns, or null (kill, trap; or it runs). runsc --oci-seccomp
 * (20221219) ignores a rule's errnoRet and answers EPERM (measured: clone3 with errnoRet 38 got
 * EPERM, and node aborted at its first thread), so on runsc every ERRNO action is EPERM.
 */
function actionErrno(
  action: string,
  errnoRet: number | undefined,
  profile: SeccompProfileJson,
  runtime: string,
): string | null {
  if (action === 'SCMP_ACT_ERRNO')
    return runtime === 'runsc' ? 'EPERM' : errnoName(errnoRet ?? profile.defaultErrnoRet);
  if (action === 'SCMP_ACT_TRACE') return 'ENOSYS';
  return null;
}

/** The highest x86_64 syscall number the profile names (runc's ENOSYS stub starts above it). */
export function highestNamedSyscall(profile: SeccompProfileJson): number {
  let highest = 0;
  for (const rule of profile.syscalls)
    for (const name of rule.names) highest = Math.max(highest, X86_64_RECENT_SYSCALLS[name] ?? 0);
  return highest;
}

/**
 * The profile's answer to `name`. Unconditional rules decide first, then the default action;
 * argument rules with a different outcome make it `with-arguments`. `runtime` matters for runc's
 * ENOSYS stub only. @default runtime 'runc'
 */
export function syscallVerdict(profile: SeccompProfileJson, name: string, runtime = 'runc'): SyscallVerdict {
  const rules = profile.syscalls.filter((rule) => rule.names.includes(name));
  // Conflicting unconditional rules: the inspection never calls a syscall denied that a rule lets run.
  const unconditionals = rules.filter((rule) => !rule.args?.length);
  const unconditional = unconditionals.find((rule) => actionRuns(rule.action)) ?? unconditionals[0];
  const conditional = rules.filter((rule) => rule.args?.length);
  let base: Omit<SyscallVerdict, 'allowed'> & { runs: boolean };
  if (unconditional) {
    const runs = actionRuns(unconditional.action);
    base = {
      runs,
      action: unconditional.action,
      errno: runs ? null : actionErrno(unconditional.action, unconditional.errnoRet, profile, runtime),
      by: runs ? 'allow rule' : 'explicit rule',
    };
  } else {
    const runs = actionRuns(profile.defaultAction);
    const stub = !runs && runtime === 'runc' && (X86_64_RECENT_SYSCALLS[name] ?? 0) > highestNamedSyscall(profile);
    base = stub
      ? { runs, action: profile.defaultAction, errno: 'ENOSYS', by: 'runc ENOSYS stub' }
      : {
          runs,
          action: profile.defaultAction,
          errno: runs ? null : actionErrno(profile.defaultAction, profile.defaultErrnoRet, profile, runtime),
          by: 'default action',
        };
  }
  const { runs, ...verdict } = base;
  // Argument rules only matter when no unconditional rule exists (libseccomp gives it precedence).
  const someArgumentsDiffer = !unconditional && conditional.some((rule) => actionRuns(rule.action) !== runs);
  if (someArgumentsDiffer) return { allowed: 'with-arguments', ...verdict };
  return { allowed: runs ? 'always' : 'never', ...verdict };
}

/** Every syscall name a rule lets run (ALLOW, LOG, NOTIFY), with or without argument conditions. */
export function allowedSyscallNames(profile: SeccompProfileJson): string[] {
  return [...new Set(profile.syscalls.filter((rule) => actionRuns(rule.action)).flatMap((rule) => rule.names))].sort();
}

/** The result of inspecting a profile for a set of syscalls that must be denied. */
export interface ProfileInspection {
  passed: boolean;
  defaultAction: string;
  verdicts: Record<string, SyscallVerdict>;
  /** Names that run for some or all arguments although they must be denied. */
  allowedAnyway: string[];
}

/**
 * Profile inspection: every name in `deniedNames` must be denied for every argument, and every
 * name in `conditionalNames` must never run unconditionally. A profile whose default action lets
 * syscalls run (ALLOW, LOG, ...) fails for every name no rule denies.
 */
export function inspectProfile(
  profile: SeccompProfileJson,
  deniedNames: string[],
  conditionalNames: string[] = [],
  runtime = 'runc',
): ProfileInspection {
  const verdicts = Object.fromEntries(
    [...deniedNames, ...conditionalNames].map((name) => [name, syscallVerdict(profile, name, runtime)]),
  );
  const allowedAnyway = [
    ...deniedNames.filter((name) => verdicts[name]!.allowed !== 'never'),
    ...conditionalNames.filter((name) => verdicts[name]!.allowed === 'always'),
  ];
  return { passed: allowedAnyway.length === 0, defaultAction: profile.defaultAction, verdicts, allowedAnyway };
}
