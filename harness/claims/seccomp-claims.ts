import { loadSeccompProfile } from '../sandbox/docker/seccomp-profile.ts';
import { keyPathOf } from '../config/config-keys.ts';
import { inspectProfile, syscallVerdict, type SeccompProfileJson } from './seccomp/profile-inspection.ts';
import { errnosOf, runRawSyscalls } from './seccomp/raw-syscalls.ts';
import type { SandboxConfig } from '../config/sandbox-config.ts';
import { benignFunctionality } from './benign-functionality.ts';
import type { Claim, ClaimCheck, ClaimContext, ClaimRelaxation, ClaimRunOptions } from './claim.ts';
import { relaxed } from './context-overrides.ts';
import { checkThat, patchDocker, probeValue, resultSummary } from './check.ts';
import { everyThreadIs, fieldAcrossThreads, type ThreadStatus } from './thread-status.ts';

/**
 * Layer 3: the seccomp profile (seccomp/sandbox-node.json; seccomp/README.md says why each
 * group is denied). Every denial claim makes the real syscall inside the hardened container and
 * records the errno; its control makes the same call with only seccomp relaxed
 * (`seccomp=unconfined`) and shows it reaching the kernel (a different answer). Node reaches a
 * few denied syscalls itself (symlink, inotify, setuid, bind and listen); the rest (mount,
 * unshare, ptrace, bpf, ...) are made by a static prober that only the probe image carries
 * (docker/probe/, harness/sandbox/docker/probe-image.ts). Profile inspection (what the file says,
 * seccomp/profile-inspection.ts) is recorded beside each probe and never replaces it.
 *
 * gVisor (runsc) enforces the profile only with --oci-seccomp (scripts/docker-engine.sh registers
 * it so); it answers every ERRNO rule with EPERM, and its own kernel lacks many of these syscalls
 * (ENOSYS), which is still an answer other than the filter's.
 */

/** The relaxation of the seccomp claims: the same run with `seccomp=unconfined`, nothing else changed. */
export const SECCOMP_UNCONFINED: ClaimRelaxation = {
  description: 'seccomp_profile: unconfined',
  configKey: keyPathOf('docker.seccompProfile'),
  configPatch: patchDocker({ seccompProfile: 'unconfined' }),
};

/** The profile with clone3 left to the default EPERM: the clone3 claim's control only. */
export const CLONE3_EPERM_PROFILE = 'seccomp/variants/clone3-eperm.json';
const CLONE3_EPERM: ClaimRelaxation = {
  description: `clone3 answered EPERM instead of ENOSYS (${CLONE3_EPERM_PROFILE})`,
  configKey: keyPathOf('docker.seccompProfile'),
  configPatch: patchDocker({ seccompProfile: CLONE3_EPERM_PROFILE }),
};

/** CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET: the bits a thread-creating clone must not carry. */
export const CLONE_NEW_MASK = 2114060288;

export type { SeccompArg, SeccompProfileJson, SeccompRule, SyscallVerdict } from './seccomp/profile-inspection.ts';
export {
  allowedSyscallNames,
  highestNamedSyscall,
  inspectProfile,
  syscallVerdict,
} from './seccomp/profile-inspection.ts';

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
      loaded === 'unconfined'
        ? 'seccomp=unconfined'
        : `seccomp=<${loaded.path.replace(/.*\/(seccomp\/)/, '$1')}, sha256 ${loaded.sha256}>`,
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
    // gVisor's /proc/<pid>/task/<tid>/status has a Seccomp line but no Seccomp_filters line: absent
    // on every thread is accepted; shown on some threads only, or 0, is not.
    filtered:
      everyThreadIs(seccomp, '2') &&
      ((filters.missing === 0 && filters.values.every((count) => Number(count) >= 1)) ||
        (filters.missing === filters.threads && filters.threads > 0)),
    unfiltered: everyThreadIs(seccomp, '0'),
    noNewPrivs: everyThreadIs(noNewPrivs, '1'),
    observed: {
      threads: seccomp.threads,
      Seccomp: seccomp,
      Seccomp_filters: filters,
      NoNewPrivs: noNewPrivs,
      run: resultSummary(result),
    },
  };
}

/** The control shared by the claims whose probe is the profile: with seccomp=unconfined the filter is gone from every thread. */
async function filterOffControl(context: ClaimContext): Promise<ClaimCheck> {
  const live = await liveFilter(context, relaxed(SECCOMP_UNCONFINED));
  return checkThat(
    live.unfiltered,
    'with seccomp=unconfined, Seccomp 0 on every thread: nothing filters these syscalls',
    {
      errno: null,
      ...hostSettings(SECCOMP_UNCONFINED.configPatch!(context.config), 'unconfined'),
      ...live.observed,
    },
  );
}

const distinct = (values: Array<string | null>) => [...new Set(values)].sort().join(',');

export interface GroupSpec {
  id: string;
  statement: string;
  /** Syscalls the profile must deny for every argument; each is made live by the prober. */
  names: string[];
  /**
   * Syscalls allowed only under argument rules (clone, personality): never unconditionally. The
   * prober makes each with arguments no rule allows (clone with CLONE_NEWUSER, personality UNAME26).
   */
  conditional?: string[];
  /**
   * Capabilities added to both the probe and the control (run as root), where the kernel checks
   * a capability before the argument the prober gets wrong: without it both runs would get the
   * kernel's EPERM and the filter's answer could not be told apart. Seccomp stays the only difference.
   */
  capabilities?: string[];
  /** A further inspection of argument rules, when names alone do not say it. */
  also?: (profile: SeccompProfileJson) => { holds: boolean; expected: string; observed: Record<string, unknown> };
}

/** Every syscall the group's prober run makes. */
const probedNames = (spec: GroupSpec) => [...spec.names, ...(spec.conditional ?? [])];

/**
 * Profile inspection for a group: what the loaded profile says about its syscalls. An
 * inspection, never a probe: recorded beside the probe's live errnos, and the source of the
 * errno each syscall must get from the filter (EPERM, or ENOSYS for clone3 and runc's stub).
 */
function groupInspection(spec: GroupSpec, profile: SeccompProfileJson, runtime: string) {
  const inspection = inspectProfile(profile, spec.names, spec.conditional ?? [], runtime);
  const extra = spec.also?.(profile);
  return {
    ...inspection,
    passed: inspection.passed && (extra?.holds ?? true),
    ...(extra ? { arguments: { expected: extra.expected, ...extra.observed } } : {}),
  };
}

/** The filter's answer each probed syscall must get: the profile's errno when it denies them with those arguments, else null. */
function filterAnswers(spec: GroupSpec, profile: SeccompProfileJson, runtime: string): Record<string, string | null> {
  return Object.fromEntries(
    probedNames(spec).map((name) => {
      const verdict = syscallVerdict(profile, name, runtime);
      // A conditional syscall is probed with arguments no allow rule matches: the fallback answers.
      return [name, verdict.allowed === 'always' ? null : verdict.errno];
    }),
  );
}

const capabilityNote = (spec: GroupSpec) =>
  spec.capabilities?.length
    ? ` Probe and control both run as root with ${spec.capabilities.map((cap) => `CAP_${cap}`).join(', ')} added, so that the kernel's own capability check does not answer first; seccomp is the only difference.`
    : '';

/**
 * A denied group: the static prober (probe image) makes every syscall of the group inside the
 * hardened container, with arguments the kernel rejects before it acts, and each must get the
 * filter's errno; the control makes the same calls with seccomp=unconfined (same user and
 * capabilities) and each must get a different answer: the kernel's (EINVAL, EFAULT, EBADF,
 * ESRCH, ENOSYS where the kernel lacks it...).
 */
function deniedGroupClaim(spec: GroupSpec): Claim {
  const names = probedNames(spec);
  const capabilities = spec.capabilities ?? [];
  return {
    id: `seccomp-denies-${spec.id}`,
    layer: '3',
    statement: `${spec.statement} Probed live: a static prober makes ${names.join(', ')} inside the hardened container with arguments the kernel rejects before acting, and each gets the filter's errno; control: with seccomp=unconfined the same calls reach the kernel and get its answer instead.${capabilityNote(spec)}`,
    relaxation: SECCOMP_UNCONFINED,
    async probe(context) {
      const loaded = await loadProfile(context.config);
      const runtime = context.config.docker.runtime;
      const { report, run } = await runRawSyscalls(context, names, capabilities);
      const errnos = errnosOf(report, names);
      const answers =
        loaded === 'unconfined'
          ? Object.fromEntries(names.map((name) => [name, null]))
          : filterAnswers(spec, loaded.profile, runtime);
      const notFiltered = names.filter((name) => answers[name] === null || errnos[name] !== answers[name]);
      return checkThat(
        report.ok && report.seccomp === '2' && notFiltered.length === 0,
        `the prober (Seccomp 2) gets the filter's answer to each call: ${names.map((name) => `${name} ${answers[name] ?? '(allowed by the profile)'}`).join(', ')}`,
        {
          errno: distinct(names.map((name) => errnos[name] ?? null)),
          errnos,
          notFiltered,
          proberSeccomp: report.seccomp ?? null,
          uid: report.uid,
          capabilities,
          calls: report.calls,
          inspection: loaded === 'unconfined' ? null : groupInspection(spec, loaded.profile, runtime),
          ...hostSettings(context.config, loaded),
          run,
        },
      );
    },
    async control(context) {
      const loaded = await loadProfile(context.config);
      const runtime = context.config.docker.runtime;
      const { report, run } = await runRawSyscalls(context, names, capabilities, relaxed(SECCOMP_UNCONFINED));
      const errnos = errnosOf(report, names);
      const answers = loaded === 'unconfined' ? {} : filterAnswers(spec, loaded.profile, runtime);
      // The same answer with and without the filter: this call cannot show who answered.
      const indistinguishable = names.filter(
        (name) => errnos[name] === (answers[name] ?? 'EPERM') || errnos[name] === 'not made',
      );
      return checkThat(
        report.ok && report.seccomp === '0' && indistinguishable.length === 0,
        "with seccomp=unconfined (the prober at Seccomp 0, same user and capabilities), every call reaches the kernel and gets an answer other than the filter's",
        {
          errno: distinct(names.map((name) => errnos[name] ?? null)),
          errnos,
          indistinguishable,
          proberSeccomp: report.seccomp ?? null,
          uid: report.uid,
          capabilities,
          calls: report.calls,
          ...hostSettings(SECCOMP_UNCONFINED.configPatch!(context.config), 'unconfined'),
          run,
        },
      );
    },
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
    relaxation: SECCOMP_UNCONFINED,
    async probe(context) {
      const loaded = await loadProfile(context.config);
      const result = await context.runProbe(spec.probe, spec.args ?? {});
      const value = probeValue<ProbeAnswer>(result, spec.probe);
      const verdicts =
        loaded === 'unconfined'
          ? null
          : Object.fromEntries(
              spec.syscalls.map((name) => [name, syscallVerdict(loaded.profile, name, context.config.docker.runtime)]),
            );
      return checkThat(
        value.ok === false && value.errno === spec.expectedErrno,
        `${spec.expectedErrno} from ${spec.probe}`,
        {
          errno: value.ok ? null : (value.errno ?? null),
          answer: value,
          profileVerdicts: verdicts,
          ...hostSettings(context.config, loaded),
          run: resultSummary(result),
        },
      );
    },
    async control(context) {
      const result = await context.runProbe(spec.probe, spec.args ?? {}, relaxed(SECCOMP_UNCONFINED));
      const value = probeValue<ProbeAnswer>(result, spec.probe);
      return checkThat(spec.control.holds(value), spec.control.expected, {
        errno: value.ok ? null : (value.errno ?? null),
        answer: value,
        ...hostSettings(SECCOMP_UNCONFINED.configPatch!(context.config), 'unconfined'),
        run: resultSummary(result),
      });
    },
    functionality: benignFunctionality,
  };
}

const appliedAllThreads: Claim = {
  id: 'seccomp-applied-all-threads',
  layer: '3',
  statement:
    'The seccomp profile is in force (Seccomp: 2, filter mode) on every thread of the runner, from the first instruction of node on. (no_new_privs, which runc needs to install it unprivileged, is the no-new-privileges claim; NoNewPrivs is recorded here, and gVisor does not show it.)',
  relaxation: SECCOMP_UNCONFINED,
  async probe(context) {
    const loaded = await loadProfile(context.config);
    const live = await liveFilter(context);
    return checkThat(
      live.filtered && live.observed.threads > 1,
      'Seccomp 2 (at least one filter) on every thread, and more than one thread',
      {
        errno: null,
        ...hostSettings(context.config, loaded),
        ...live.observed,
      },
    );
  },
  control: filterOffControl,
  functionality: benignFunctionality,
};

const symlink = errnoClaim({
  id: 'symlink',
  statement:
    'symlink(2) is denied by the filter: EPERM, where the read-only root filesystem alone answers EROFS (attribution by errno).',
  probe: 'symlink',
  syscalls: ['symlink', 'symlinkat'],
  expectedErrno: 'EPERM',
  control: {
    expected: 'with seccomp=unconfined, EROFS from the read-only rootfs',
    holds: (value) => value.ok === false && value.errno === 'EROFS',
  },
});

const inotify = errnoClaim({
  id: 'inotify',
  statement:
    'inotify is denied by the filter: fs.watch fails with EPERM; with seccomp unconfined the same watch on /tmp works.',
  probe: 'fs-watch',
  syscalls: ['inotify_init1', 'inotify_add_watch'],
  expectedErrno: 'EPERM',
  control: { expected: 'with seccomp=unconfined, fs.watch on /tmp succeeds', holds: (value) => value.ok === true },
});

const setuid = errnoClaim({
  id: 'setuid',
  statement:
    'Identity changes are denied by the filter: setuid to the current uid (which the kernel allows without capabilities) gets EPERM.',
  probe: 'setuid-self',
  syscalls: ['setuid', 'setresuid', 'setgroups', 'capset'],
  expectedErrno: 'EPERM',
  control: { expected: 'with seccomp=unconfined, setuid(current uid) succeeds', holds: (value) => value.ok === true },
});

const bindListen = errnoClaim({
  id: 'bind-listen',
  statement:
    'Servers are denied by the filter: listening on 127.0.0.1 (which network none still has) gets EPERM; client sockets stay allowed so that the network claim is decided by the network namespace.',
  probe: 'listen-loopback',
  syscalls: ['bind', 'listen', 'accept', 'accept4'],
  expectedErrno: 'EPERM',
  control: {
    expected: 'with seccomp=unconfined, listening on 127.0.0.1:0 succeeds',
    holds: (value) => value.ok === true,
  },
});

const IO_URING_SYSCALLS = ['io_uring_setup', 'io_uring_enter', 'io_uring_register'];

type IoUringAnswer = {
  ok: boolean;
  readOk?: boolean;
  ioUringFds?: number;
  seccomp?: string | null;
  status?: number | null;
  errno?: string;
};

const ioUringEnosys: Claim = {
  id: 'seccomp-io-uring-enosys',
  layer: '3',
  statement:
    "io_uring is unavailable: the static prober makes io_uring_setup/enter/register and each gets the filter's answer (ENOSYS on runc, so that libuv falls back; runsc answers every ERRNO rule with EPERM), and a node that asks libuv for io_uring (UV_USE_IO_URING=1) gets no ring under the filter and falls back (its async read works); with seccomp unconfined the same child holds io_uring rings.",
  relaxation: SECCOMP_UNCONFINED,
  async probe(context) {
    const loaded = await loadProfile(context.config);
    if (loaded === 'unconfined') return checkThat(false, 'a seccomp profile', { profile: 'unconfined', errno: null });
    const names = IO_URING_SYSCALLS;
    const runtime = context.config.docker.runtime;
    const verdicts = Object.fromEntries(names.map((name) => [name, syscallVerdict(loaded.profile, name, runtime)]));
    const raw = await runRawSyscalls(context, names, []);
    const errnos = errnosOf(raw.report, names);
    const result = await context.runProbe('io-uring-child');
    const value = probeValue<IoUringAnswer>(result, 'io-uring-child');
    const filtered = names.every(
      (name) => verdicts[name]!.allowed === 'never' && errnos[name] === verdicts[name]!.errno,
    );
    return checkThat(
      filtered &&
        raw.report.seccomp === '2' &&
        value.ok &&
        value.readOk === true &&
        value.ioUringFds === 0 &&
        value.seccomp === '2',
      `the prober (Seccomp 2) gets the filter's answer to io_uring_* (${names.map((name) => `${name} ${verdicts[name]!.errno}`).join(', ')}); the child (Seccomp 2) has no io_uring fd and its async read works`,
      {
        errno: distinct(names.map((name) => errnos[name] ?? null)),
        errnos,
        calls: raw.report.calls,
        inspection: verdicts,
        child: value,
        ...hostSettings(context.config, loaded),
        rawRun: raw.run,
        run: resultSummary(result),
      },
    );
  },
  async control(context) {
    const result = await context.runProbe('io-uring-child', {}, relaxed(SECCOMP_UNCONFINED));
    const value = probeValue<IoUringAnswer>(result, 'io-uring-child');
    return checkThat(
      value.ok && (value.ioUringFds ?? 0) > 0 && value.seccomp === '0',
      'with seccomp=unconfined, the child (Seccomp 0) holds io_uring fds',
      {
        errno: null,
        child: value,
        ...hostSettings(SECCOMP_UNCONFINED.configPatch!(context.config), 'unconfined'),
        run: resultSummary(result),
      },
    );
  },
  functionality: benignFunctionality,
};

type WorkerAnswer = {
  ok: boolean;
  value?: unknown;
  threads?: number;
  seccompModes?: Array<string | null>;
  errno?: string;
};

/** Every ALLOW rule for clone checks the flags (argument 0) against every CLONE_NEW* bit, wanting them clear. */
export function cloneRulesCheckFlags(profile: SeccompProfileJson) {
  const rules = profile.syscalls.filter((rule) => rule.action === 'SCMP_ACT_ALLOW' && rule.names.includes('clone'));
  const guarded = rules.every((rule) =>
    (rule.args ?? []).some(
      (arg) =>
        arg.index === 0 &&
        arg.op === 'SCMP_CMP_MASKED_EQ' &&
        (arg.value & CLONE_NEW_MASK) === CLONE_NEW_MASK &&
        ((arg.valueTwo ?? 0) & CLONE_NEW_MASK) === 0,
    ),
  );
  return { holds: rules.length > 0 && guarded, rules: rules.map((rule) => rule.args ?? []) };
}

const clone3Enosys: Claim = {
  id: 'seccomp-clone3-enosys',
  layer: '3',
  statement:
    'clone3, whose flags a filter cannot inspect, is answered ENOSYS, so glibc creates threads with clone, which the profile allows only without CLONE_NEW* flags. Live: threads start under the filter; control: answering clone3 with EPERM instead (the only change) makes node fail to create its first thread.',
  relaxation: CLONE3_EPERM,
  async probe(context) {
    const loaded = await loadProfile(context.config);
    if (loaded === 'unconfined') return checkThat(false, 'a seccomp profile', { profile: 'unconfined', errno: null });
    const clone3 = syscallVerdict(loaded.profile, 'clone3', context.config.docker.runtime);
    const clone = cloneRulesCheckFlags(loaded.profile);
    const raw = await runRawSyscalls(context, ['clone3'], []);
    const clone3Errno = errnosOf(raw.report, ['clone3']).clone3 ?? null;
    const result = await context.runProbe('worker-thread');
    const value = probeValue<WorkerAnswer>(result, 'worker-thread');
    const live =
      value.ok && (value.threads ?? 0) > 1 && value.seccompModes?.length === 1 && value.seccompModes[0] === '2';
    return checkThat(
      clone3Errno === 'ENOSYS' && raw.report.seccomp === '2' && clone.holds && live,
      'the prober (Seccomp 2) gets ENOSYS from clone3; the profile allows clone only with the CLONE_NEW* bits clear (inspection); a worker thread starts and every thread has Seccomp 2',
      {
        errno: clone3Errno,
        call: raw.report.calls?.clone3,
        inspection: { clone3, cloneArgumentRules: clone.rules, cloneRuleMasksNamespaces: clone.holds },
        worker: value,
        ...hostSettings(context.config, loaded),
        rawRun: raw.run,
        run: resultSummary(result),
      },
    );
  },
  async control(context) {
    const options = relaxed(CLONE3_EPERM);
    const variant = await loadProfile(options.configPatch!(context.config));
    const result = await context.runProbe('worker-thread', {}, options);
    const threadCreationFailed = /uv_thread_create|pthread_create/.test(result.stderr);
    return checkThat(
      result.status === 'error' && threadCreationFailed,
      'with clone3 answered EPERM, node cannot create a thread and exits without a result',
      {
        errno:
          variant === 'unconfined'
            ? null
            : syscallVerdict(variant.profile, 'clone3', context.config.docker.runtime).errno,
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
  const rules = profile.syscalls.filter(
    (rule) => rule.action === 'SCMP_ACT_ALLOW' && rule.names.includes('personality'),
  );
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

/** The denied groups Node cannot reach: each is probed live by the static syscall prober (probe image). */
export const SECCOMP_DENIED_GROUPS: GroupSpec[] = [
  {
    id: 'namespaces',
    statement:
      'No new namespaces: unshare and setns are denied and clone is allowed only with every CLONE_NEW* bit clear (clone3 gets ENOSYS).',
    names: ['unshare', 'setns', 'clone3'],
    conditional: ['clone'],
    also: (profile) => {
      const clone = cloneRulesCheckFlags(profile);
      return {
        holds: clone.holds,
        expected: `every clone rule masks ${CLONE_NEW_MASK} (CLONE_NEW*) to 0`,
        observed: { cloneArgumentRules: clone.rules },
      };
    },
  },
  {
    id: 'mounts',
    statement: 'No mounts: neither the classic mount calls nor the new mount API, nor chroot.',
    names: [
      'mount',
      'umount2',
      'pivot_root',
      'fsopen',
      'fsconfig',
      'fsmount',
      'fspick',
      'move_mount',
      'open_tree',
      'mount_setattr',
      'chroot',
    ],
    // pivot_root, fsopen, fsmount, fspick and move_mount check CAP_SYS_ADMIN before their arguments
    // (and gVisor's mount/umount2 too); gVisor's chroot checks CAP_SYS_CHROOT first.
    capabilities: ['SYS_ADMIN', 'SYS_CHROOT'],
  },
  {
    id: 'kernel-modules',
    statement: 'No kernel modules can be loaded or removed.',
    names: ['init_module', 'finit_module', 'delete_module'],
    capabilities: ['SYS_MODULE'],
  },
  {
    id: 'kexec',
    statement: 'No new kernel can be loaded.',
    names: ['kexec_load', 'kexec_file_load'],
    capabilities: ['SYS_BOOT'],
  },
  // gVisor answers bpf EPERM without CAP_SYS_ADMIN before saying it lacks bpf (ENOSYS).
  { id: 'bpf', statement: 'No BPF programs or maps.', names: ['bpf'], capabilities: ['SYS_ADMIN'] },
  { id: 'perf-events', statement: 'No perf events.', names: ['perf_event_open'] },
  {
    id: 'ptrace',
    statement: 'No tracing of, or reaching into, other processes.',
    names: ['ptrace', 'process_vm_readv', 'process_vm_writev', 'kcmp', 'pidfd_getfd', 'process_madvise'],
    // gVisor answers kcmp EPERM without CAP_SYS_PTRACE before saying it lacks kcmp (ENOSYS).
    capabilities: ['SYS_PTRACE'],
  },
  {
    id: 'keyrings',
    statement: 'No kernel keyrings (they are not namespaced).',
    names: ['add_key', 'request_key', 'keyctl'],
  },
  { id: 'userfaultfd', statement: 'No userfaultfd.', names: ['userfaultfd'] },
  {
    id: 'clock-set',
    statement: 'The clock cannot be set or adjusted.',
    names: ['settimeofday', 'clock_settime', 'clock_adjtime', 'adjtimex'],
    capabilities: ['SYS_TIME'],
  },
  {
    id: 'personality',
    statement:
      'personality(2) is allowed only for the default values (PER_LINUX, PER_LINUX32, the query): no UNAME26, no READ_IMPLIES_EXEC, no ADDR_NO_RANDOMIZE.',
    names: [],
    conditional: ['personality'],
    also: personalityOnlyDefaults,
  },
  {
    id: 'reboot-swap-acct-quota',
    statement: 'No reboot, swap, process accounting or quota administration.',
    names: ['reboot', 'swapon', 'swapoff', 'acct', 'quotactl', 'quotactl_fd'],
    // reboot checks CAP_SYS_BOOT, swapon/swapoff CAP_SYS_ADMIN, acct CAP_SYS_PACCT before their arguments.
    capabilities: ['SYS_BOOT', 'SYS_ADMIN', 'SYS_PACCT'],
  },
];

/** Every seccomp claim, in report order: the filter itself, what Node reaches, then the groups the prober reaches. */
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
