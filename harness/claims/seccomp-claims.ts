import { loadSeccompProfile } from '../sandbox/docker/seccomp-profile.ts';
import type { SandboxConfig } from '../config/sandbox-config.ts';
import { benignFunctionality } from './benign-functionality.ts';
import type { Claim, ClaimCheck, ClaimContext, ClaimRunOptions } from './claim.ts';
import { checkThat, patchDocker, probeValue, resultSummary } from './check.ts';
import { everyThreadIs, fieldAcrossThreads, type ThreadStatus } from './thread-status.ts';

/**
 * Layer 3: the seccomp profile (seccomp/sandbox-node.json; seccomp/README.md says why each
 * group is denied). Node reaches only a few denied syscalls (symlink, inotify, setuid, bind and
 * listen): those claims are proven live, by errno, against a control with `seccomp=unconfined`.
 * The rest (mount, unshare, ptrace, bpf, ...) cannot be called from Node without native code,
 * so their evidence is the profile itself (the names are not allowed, read from the loaded
 * file, with its sha256) plus a live check that the filter is on every thread; their control
 * shows that with `seccomp=unconfined` the filter really is gone (Seccomp: 0).
 *
 * gVisor (runsc) applies no OCI seccomp profile unless started with --oci-seccomp, so every
 * claim here is expected to hold on runc only.
 */

/** The control of every seccomp claim: the same run with `seccomp=unconfined`, nothing else changed. */
export const SECCOMP_UNCONFINED: ClaimRunOptions = { configPatch: patchDocker({ seccompProfile: 'unconfined' }) };

/** The profile with clone3 left to the default EPERM: the clone3 claim's control only. */
export const CLONE3_EPERM_PROFILE = 'seccomp/variants/clone3-eperm.json';

/** CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET: the bits a thread-creating clone must not carry. */
export const CLONE_NEW_MASK = 2114060288;
const ENOSYS = 38;
const ERRNO_NAMES: Record<number, string> = { 1: 'EPERM', 13: 'EACCES', 38: 'ENOSYS' };

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

/**
 * x86_64 numbers of the syscalls added since Linux 5.1 (every other syscall is numbered below
 * 424). runc answers ENOSYS, not the default errno, to any syscall numbered above the highest
 * one the profile names (libcontainer/seccomp/patchbpf), so a syscall newer than the profile
 * fails as "not implemented" and glibc falls back.
 */
const X86_64_RECENT_SYSCALLS: Record<string, number> = {
  pidfd_send_signal: 424, io_uring_setup: 425, io_uring_enter: 426, io_uring_register: 427,
  open_tree: 428, move_mount: 429, fsopen: 430, fsconfig: 431, fsmount: 432, fspick: 433,
  pidfd_open: 434, clone3: 435, close_range: 436, openat2: 437, pidfd_getfd: 438, faccessat2: 439,
  process_madvise: 440, epoll_pwait2: 441, mount_setattr: 442, quotactl_fd: 443,
  landlock_create_ruleset: 444, landlock_add_rule: 445, landlock_restrict_self: 446, memfd_secret: 447,
  process_mrelease: 448, futex_waitv: 449, set_mempolicy_home_node: 450,
};

/** How the profile answers one syscall on x86_64. */
export interface SyscallVerdict {
  /** `with-arguments`: allowed only when an argument rule matches (clone, socket, personality). */
  allowed: 'always' | 'with-arguments' | 'never';
  /** The errno when denied: EPERM, ENOSYS... null when always allowed. */
  errno: string | null;
  /** Which part of the filter decides. */
  by: 'allow rule' | 'explicit rule' | 'default action' | 'runc ENOSYS stub';
}

function errnoName(errno: number | undefined): string {
  return errno === undefined ? 'EPERM' : (ERRNO_NAMES[errno] ?? `errno ${errno}`);
}

/** The highest x86_64 syscall number the profile names (runc's ENOSYS stub starts above it). */
export function highestNamedSyscall(profile: SeccompProfileJson): number {
  let highest = 0;
  for (const rule of profile.syscalls) for (const name of rule.names) highest = Math.max(highest, X86_64_RECENT_SYSCALLS[name] ?? 0);
  return highest;
}

export function syscallVerdict(profile: SeccompProfileJson, name: string): SyscallVerdict {
  const rules = profile.syscalls.filter((rule) => rule.names.includes(name));
  const allows = rules.filter((rule) => rule.action === 'SCMP_ACT_ALLOW');
  if (allows.some((rule) => !rule.args?.length)) return { allowed: 'always', errno: null, by: 'allow rule' };
  const denied = rules.find((rule) => rule.action === 'SCMP_ACT_ERRNO');
  const fallback: Omit<SyscallVerdict, 'allowed'> = denied
    ? { errno: errnoName(denied.errnoRet ?? profile.defaultErrnoRet), by: 'explicit rule' }
    : (X86_64_RECENT_SYSCALLS[name] ?? 0) > highestNamedSyscall(profile)
      ? { errno: 'ENOSYS', by: 'runc ENOSYS stub' }
      : { errno: errnoName(profile.defaultErrnoRet), by: 'default action' };
  if (allows.length) return { allowed: 'with-arguments', ...fallback };
  return { allowed: 'never', ...fallback };
}

/** Every syscall name an ALLOW rule names, with or without argument conditions. */
export function allowedSyscallNames(profile: SeccompProfileJson): string[] {
  return [...new Set(profile.syscalls.filter((rule) => rule.action === 'SCMP_ACT_ALLOW').flatMap((rule) => rule.names))].sort();
}

interface LoadedProfile {
  path: string;
  sha256: string;
  profile: SeccompProfileJson;
}

/** The profile the config under test names, parsed; 'unconfined' when it names none. */
async function loadProfile(config: SandboxConfig): Promise<LoadedProfile | 'unconfined'> {
  const loaded = await loadSeccompProfile(config.docker.seccompProfile);
  if (loaded === 'unconfined') return 'unconfined';
  return { path: loaded.path, sha256: loaded.sha256, profile: JSON.parse(loaded.json) as SeccompProfileJson };
}

/** What the engine is asked for, as recorded beside every probe: the settings seccomp depends on. */
function hostSettings(config: SandboxConfig, loaded: LoadedProfile | 'unconfined'): Record<string, unknown> {
  return {
    runtime: config.docker.runtime,
    securityOpt: [
      `no-new-privileges:${config.docker.noNewPrivileges}`,
      loaded === 'unconfined' ? 'seccomp=unconfined' : `seccomp=<${loaded.path.replace(/.*\/(seccomp\/)/, '$1')}, sha256 ${loaded.sha256}>`,
    ],
    profileSha256: loaded === 'unconfined' ? null : loaded.sha256,
  };
}

/** The thread-status probe, read for the filter: Seccomp mode, filter count and NoNewPrivs on every thread. */
async function liveFilter(context: ClaimContext, options?: ClaimRunOptions) {
  const result = await context.runProbe('thread-status', {}, options);
  const status = probeValue<ThreadStatus>(result, 'thread-status');
  const seccomp = fieldAcrossThreads(status, 'Seccomp');
  const filters = fieldAcrossThreads(status, 'Seccomp_filters');
  const noNewPrivs = fieldAcrossThreads(status, 'NoNewPrivs');
  return {
    filtered: everyThreadIs(seccomp, '2') && filters.missing === 0 && filters.values.every((count) => Number(count) >= 1),
    unfiltered: everyThreadIs(seccomp, '0'),
    noNewPrivs: everyThreadIs(noNewPrivs, '1'),
    observed: { threads: seccomp.threads, Seccomp: seccomp, Seccomp_filters: filters, NoNewPrivs: noNewPrivs, run: resultSummary(result) },
  };
}

/** The control shared by the claims whose probe is the profile: with seccomp=unconfined the filter is gone from every thread. */
async function filterOffControl(context: ClaimContext): Promise<ClaimCheck> {
  const live = await liveFilter(context, SECCOMP_UNCONFINED);
  return checkThat(live.unfiltered, 'with seccomp=unconfined, Seccomp 0 on every thread: nothing filters these syscalls', {
    errno: null,
    ...hostSettings(patchDocker({ seccompProfile: 'unconfined' })(context.config), 'unconfined'),
    ...live.observed,
  });
}

const distinct = (values: Array<string | null>) => [...new Set(values)].sort().join(',');

export interface GroupSpec {
  id: string;
  statement: string;
  names: string[];
  /** Syscalls allowed only under argument rules (clone, personality): never unconditionally. */
  conditional?: string[];
  /** A further static condition (argument rules), when names alone do not say it. */
  also?: (profile: SeccompProfileJson) => { holds: boolean; expected: string; observed: Record<string, unknown> };
}

/**
 * A denied group Node cannot reach: the probe reads the loaded profile (none of the names is
 * allowed, each one's errno) and checks live that the filter is on every thread.
 */
function deniedGroupClaim(spec: GroupSpec): Claim {
  return {
    id: `seccomp-denies-${spec.id}`,
    layer: '3',
    statement: `${spec.statement} Proven statically (${spec.names.length ? `the loaded profile allows none of ${spec.names.join(', ')}` : 'the loaded profile'}${spec.conditional ? `; ${spec.conditional.join(', ')} only under argument rules` : ''}) and live (the filter is on every thread); Node cannot call these syscalls itself.`,
    relaxes: 'seccomp_profile: unconfined',
    runtimes: ['runc'],
    async probe(context) {
      const loaded = await loadProfile(context.config);
      if (loaded === 'unconfined') return checkThat(false, 'a seccomp profile', { profile: 'unconfined', errno: null });
      const conditional = spec.conditional ?? [];
      const verdicts = Object.fromEntries([...spec.names, ...conditional].map((name) => [name, syscallVerdict(loaded.profile, name)]));
      const allowedAnyway = [
        ...spec.names.filter((name) => verdicts[name]!.allowed !== 'never'),
        ...conditional.filter((name) => verdicts[name]!.allowed === 'always'),
      ];
      const extra = spec.also?.(loaded.profile);
      const live = await liveFilter(context);
      return checkThat(
        allowedAnyway.length === 0 && (extra?.holds ?? true) && live.filtered,
        `${spec.names.length ? `none of ${spec.names.join(', ')} allowed by the profile` : 'the profile'}${conditional.length ? `; ${conditional.join(', ')} never unconditionally` : ''}${extra ? `; ${extra.expected}` : ''}; Seccomp 2 on every thread`,
        {
          errno: distinct(Object.values(verdicts).map((verdict) => verdict.errno)),
          errnoSource: 'the loaded profile (these syscalls are not reachable from Node)',
          syscalls: verdicts,
          allowedAnyway,
          ...(extra ? { arguments: extra.observed } : {}),
          ...hostSettings(context.config, loaded),
          profilePath: loaded.path,
          live: live.observed,
        },
      );
    },
    control: filterOffControl,
    functionality: benignFunctionality,
  };
}

interface ErrnoSpec {
  id: string;
  statement: string;
  probe: string;
  args?: Record<string, unknown>;
  /** The syscalls behind the probe, whose profile verdicts are recorded beside the errno. */
  syscalls: string[];
  expectedErrno: string;
  control: { expected: string; holds: (value: ProbeAnswer) => boolean };
}

type ProbeAnswer = { ok: boolean; errno?: string | null; syscall?: string | null; [key: string]: unknown };

/** A denied syscall Node does reach: the errno under the filter, the same probe with seccomp=unconfined. */
function errnoClaim(spec: ErrnoSpec): Claim {
  return {
    id: `seccomp-denies-${spec.id}`,
    layer: '3',
    statement: spec.statement,
    relaxes: 'seccomp_profile: unconfined',
    runtimes: ['runc'],
    async probe(context) {
      const loaded = await loadProfile(context.config);
      const result = await context.runProbe(spec.probe, spec.args ?? {});
      const value = probeValue<ProbeAnswer>(result, spec.probe);
      const verdicts = loaded === 'unconfined' ? null : Object.fromEntries(spec.syscalls.map((name) => [name, syscallVerdict(loaded.profile, name)]));
      return checkThat(value.ok === false && value.errno === spec.expectedErrno, `${spec.expectedErrno} from ${spec.probe}`, {
        errno: value.ok ? null : (value.errno ?? null),
        answer: value,
        profileVerdicts: verdicts,
        ...hostSettings(context.config, loaded),
        run: resultSummary(result),
      });
    },
    async control(context) {
      const result = await context.runProbe(spec.probe, spec.args ?? {}, SECCOMP_UNCONFINED);
      const value = probeValue<ProbeAnswer>(result, spec.probe);
      return checkThat(spec.control.holds(value), spec.control.expected, {
        errno: value.ok ? null : (value.errno ?? null),
        answer: value,
        ...hostSettings(patchDocker({ seccompProfile: 'unconfined' })(context.config), 'unconfined'),
        run: resultSummary(result),
      });
    },
    functionality: benignFunctionality,
  };
}

const appliedAllThreads: Claim = {
  id: 'seccomp-applied-all-threads',
  layer: '3',
  statement: 'The seccomp profile is in force (Seccomp: 2, filter mode) on every thread of the runner, with no_new_privs set, from the first instruction of node on.',
  relaxes: 'seccomp_profile: unconfined',
  runtimes: ['runc'],
  async probe(context) {
    const loaded = await loadProfile(context.config);
    const live = await liveFilter(context);
    return checkThat(live.filtered && live.noNewPrivs && live.observed.threads > 1, 'Seccomp 2 (at least one filter) and NoNewPrivs 1 on every thread, and more than one thread', {
      errno: null,
      ...hostSettings(context.config, loaded),
      ...live.observed,
    });
  },
  control: filterOffControl,
  functionality: benignFunctionality,
};

const symlink = errnoClaim({
  id: 'symlink',
  statement: 'symlink(2) is denied by the filter: EPERM, where the read-only root filesystem alone answers EROFS (attribution by errno).',
  probe: 'symlink',
  syscalls: ['symlink', 'symlinkat'],
  expectedErrno: 'EPERM',
  control: { expected: 'with seccomp=unconfined, EROFS from the read-only rootfs', holds: (value) => value.ok === false && value.errno === 'EROFS' },
});

const inotify = errnoClaim({
  id: 'inotify',
  statement: 'inotify is denied by the filter: fs.watch fails with EPERM; with seccomp unconfined the same watch on /tmp works.',
  probe: 'fs-watch',
  syscalls: ['inotify_init1', 'inotify_add_watch'],
  expectedErrno: 'EPERM',
  control: { expected: 'with seccomp=unconfined, fs.watch on /tmp succeeds', holds: (value) => value.ok === true },
});

const setuid = errnoClaim({
  id: 'setuid',
  statement: 'Identity changes are denied by the filter: setuid to the current uid (which the kernel allows without capabilities) gets EPERM.',
  probe: 'setuid-self',
  syscalls: ['setuid', 'setresuid', 'setgroups', 'capset'],
  expectedErrno: 'EPERM',
  control: { expected: 'with seccomp=unconfined, setuid(current uid) succeeds', holds: (value) => value.ok === true },
});

const bindListen = errnoClaim({
  id: 'bind-listen',
  statement: 'Servers are denied by the filter: listening on 127.0.0.1 (which network none still has) gets EPERM; client sockets stay allowed so that the network claim is decided by the network namespace.',
  probe: 'listen-loopback',
  syscalls: ['bind', 'listen', 'accept', 'accept4'],
  expectedErrno: 'EPERM',
  control: { expected: 'with seccomp=unconfined, listening on 127.0.0.1:0 succeeds', holds: (value) => value.ok === true },
});

type IoUringAnswer = { ok: boolean; readOk?: boolean; ioUringFds?: number; seccomp?: string | null; status?: number | null; errno?: string };

const ioUringEnosys: Claim = {
  id: 'seccomp-io-uring-enosys',
  layer: '3',
  statement:
    'io_uring is unavailable: the profile answers io_uring_setup/enter/register with ENOSYS (static), and live a node that asks libuv for io_uring (UV_USE_IO_URING=1) gets no ring under the filter and falls back (its async read works), while with seccomp unconfined the same child holds io_uring rings. The live check cannot tell ENOSYS from EPERM: that part is the profile.',
  relaxes: 'seccomp_profile: unconfined',
  runtimes: ['runc'],
  async probe(context) {
    const loaded = await loadProfile(context.config);
    if (loaded === 'unconfined') return checkThat(false, 'a seccomp profile', { profile: 'unconfined', errno: null });
    const names = ['io_uring_setup', 'io_uring_enter', 'io_uring_register'];
    const verdicts = Object.fromEntries(names.map((name) => [name, syscallVerdict(loaded.profile, name)]));
    const result = await context.runProbe('io-uring-child');
    const value = probeValue<IoUringAnswer>(result, 'io-uring-child');
    const staticHolds = names.every((name) => verdicts[name]!.allowed === 'never' && verdicts[name]!.errno === 'ENOSYS' && verdicts[name]!.by === 'explicit rule');
    return checkThat(
      staticHolds && value.ok && value.readOk === true && value.ioUringFds === 0 && value.seccomp === '2',
      'ENOSYS for io_uring_* in the profile; the child (Seccomp 2) has no io_uring fd and its async read works',
      { errno: distinct(Object.values(verdicts).map((v) => v.errno)), errnoSource: 'the loaded profile', syscalls: verdicts, child: value, ...hostSettings(context.config, loaded), run: resultSummary(result) },
    );
  },
  async control(context) {
    const result = await context.runProbe('io-uring-child', {}, SECCOMP_UNCONFINED);
    const value = probeValue<IoUringAnswer>(result, 'io-uring-child');
    return checkThat(value.ok && (value.ioUringFds ?? 0) > 0 && value.seccomp === '0', 'with seccomp=unconfined, the child (Seccomp 0) holds io_uring fds', {
      errno: null,
      child: value,
      ...hostSettings(patchDocker({ seccompProfile: 'unconfined' })(context.config), 'unconfined'),
      run: resultSummary(result),
    });
  },
  functionality: benignFunctionality,
};

type WorkerAnswer = { ok: boolean; value?: unknown; threads?: number; seccompModes?: Array<string | null>; errno?: string };

/** Every ALLOW rule for clone checks the flags (argument 0) against every CLONE_NEW* bit, wanting them clear. */
export function cloneRulesCheckFlags(profile: SeccompProfileJson) {
  const rules = profile.syscalls.filter((rule) => rule.action === 'SCMP_ACT_ALLOW' && rule.names.includes('clone'));
  const guarded = rules.every((rule) =>
    (rule.args ?? []).some(
      (arg) => arg.index === 0 && arg.op === 'SCMP_CMP_MASKED_EQ' && (arg.value & CLONE_NEW_MASK) === CLONE_NEW_MASK && ((arg.valueTwo ?? 0) & CLONE_NEW_MASK) === 0,
    ),
  );
  return { holds: rules.length > 0 && guarded, rules: rules.map((rule) => rule.args ?? []) };
}

const clone3Enosys: Claim = {
  id: 'seccomp-clone3-enosys',
  layer: '3',
  statement:
    'clone3, whose flags a filter cannot inspect, is answered ENOSYS, so glibc creates threads with clone, which the profile allows only without CLONE_NEW* flags. Live: threads start under the filter; control: answering clone3 with EPERM instead (the only change) makes node fail to create its first thread.',
  relaxes: `clone3 answered EPERM instead of ENOSYS (${CLONE3_EPERM_PROFILE})`,
  runtimes: ['runc'],
  async probe(context) {
    const loaded = await loadProfile(context.config);
    if (loaded === 'unconfined') return checkThat(false, 'a seccomp profile', { profile: 'unconfined', errno: null });
    const clone3 = syscallVerdict(loaded.profile, 'clone3');
    const clone = cloneRulesCheckFlags(loaded.profile);
    const result = await context.runProbe('worker-thread');
    const value = probeValue<WorkerAnswer>(result, 'worker-thread');
    const live = value.ok && (value.threads ?? 0) > 1 && value.seccompModes?.length === 1 && value.seccompModes[0] === '2';
    return checkThat(
      clone3.allowed === 'never' && clone3.errno === 'ENOSYS' && clone.holds && live,
      'clone3 ENOSYS and clone only with the CLONE_NEW* bits clear in the profile; a worker thread starts and every thread has Seccomp 2',
      { errno: clone3.errno, clone3, cloneArgumentRules: clone.rules, worker: value, ...hostSettings(context.config, loaded), run: resultSummary(result) },
    );
  },
  async control(context) {
    const options: ClaimRunOptions = { configPatch: patchDocker({ seccompProfile: CLONE3_EPERM_PROFILE }) };
    const variant = await loadProfile(options.configPatch!(context.config));
    const result = await context.runProbe('worker-thread', {}, options);
    const threadCreationFailed = /uv_thread_create|pthread_create/.test(result.stderr);
    return checkThat(
      result.status === 'error' && threadCreationFailed,
      'with clone3 answered EPERM, node cannot create a thread and exits without a result',
      {
        errno: variant === 'unconfined' ? null : syscallVerdict(variant.profile, 'clone3').errno,
        ...hostSettings(options.configPatch!(context.config), variant),
        run: resultSummary(result),
        stderr: result.stderr.slice(0, 600),
      },
    );
  },
  functionality: benignFunctionality,
};

/** personality(2) is allowed only for the values Docker allows without capabilities, minus UNAME26. */
const PERSONALITY_VALUES = [0, 8, 4294967295];

export function personalityOnlyDefaults(profile: SeccompProfileJson) {
  const rules = profile.syscalls.filter((rule) => rule.action === 'SCMP_ACT_ALLOW' && rule.names.includes('personality'));
  const values = rules.map((rule) => {
    const args = rule.args ?? [];
    return args.length === 1 && args[0]!.index === 0 && args[0]!.op === 'SCMP_CMP_EQ' ? args[0]!.value : null;
  });
  return {
    holds: values.every((value) => value !== null && PERSONALITY_VALUES.includes(value)),
    expected: `personality allowed only for ${PERSONALITY_VALUES.join(', ')} (PER_LINUX, PER_LINUX32, the query)`,
    observed: { allowedValues: values },
  };
}

/** The denied groups Node cannot reach, proven from the profile plus the live filter. */
export const SECCOMP_DENIED_GROUPS: GroupSpec[] = [
  {
    id: 'namespaces',
    statement: 'No new namespaces: unshare and setns are denied and clone is allowed only with every CLONE_NEW* bit clear (clone3 gets ENOSYS).',
    names: ['unshare', 'setns', 'clone3'],
    conditional: ['clone'],
    also: (profile) => {
      const clone = cloneRulesCheckFlags(profile);
      return { holds: clone.holds, expected: `every clone rule masks ${CLONE_NEW_MASK} (CLONE_NEW*) to 0`, observed: { cloneArgumentRules: clone.rules } };
    },
  },
  {
    id: 'mounts',
    statement: 'No mounts: neither the classic mount calls nor the new mount API, nor chroot.',
    names: ['mount', 'umount2', 'pivot_root', 'fsopen', 'fsconfig', 'fsmount', 'fspick', 'move_mount', 'open_tree', 'mount_setattr', 'chroot'],
  },
  { id: 'kernel-modules', statement: 'No kernel modules can be loaded or removed.', names: ['init_module', 'finit_module', 'delete_module'] },
  { id: 'kexec', statement: 'No new kernel can be loaded.', names: ['kexec_load', 'kexec_file_load'] },
  { id: 'bpf', statement: 'No BPF programs or maps.', names: ['bpf'] },
  { id: 'perf-events', statement: 'No perf events.', names: ['perf_event_open'] },
  {
    id: 'ptrace',
    statement: 'No tracing of, or reaching into, other processes.',
    names: ['ptrace', 'process_vm_readv', 'process_vm_writev', 'kcmp', 'pidfd_getfd', 'process_madvise'],
  },
  { id: 'keyrings', statement: 'No kernel keyrings (they are not namespaced).', names: ['add_key', 'request_key', 'keyctl'] },
  { id: 'userfaultfd', statement: 'No userfaultfd.', names: ['userfaultfd'] },
  { id: 'clock-set', statement: 'The clock cannot be set or adjusted.', names: ['settimeofday', 'clock_settime', 'clock_adjtime', 'adjtimex'] },
  {
    id: 'personality',
    statement: 'personality(2) is allowed only for the default values (PER_LINUX, PER_LINUX32, the query): no UNAME26, no READ_IMPLIES_EXEC, no ADDR_NO_RANDOMIZE.',
    names: [],
    conditional: ['personality'],
    also: personalityOnlyDefaults,
  },
  {
    id: 'reboot-swap-acct-quota',
    statement: 'No reboot, swap, process accounting or quota administration.',
    names: ['reboot', 'swapon', 'swapoff', 'acct', 'quotactl', 'quotactl_fd'],
  },
];

/** Every seccomp claim, in report order: the filter itself, what Node reaches live, then the groups proven from the profile. */
export const seccompClaims: Claim[] = [
  appliedAllThreads,
  symlink,
  inotify,
  setuid,
  bindListen,
  ioUringEnosys,
  clone3Enosys,
  ...SECCOMP_DENIED_GROUPS.map(deniedGroupClaim),
];
