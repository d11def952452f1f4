import type { ContainerCheck, ContainerCheckContext } from './container-check.ts';
import type { ContainerInspect } from './container-inspect.ts';
import { describeSeccompOption, readSeccompOption } from './seccomp-option.ts';
import { keyPathOf } from '../config/config-keys.ts';

/**
 * CIS-Docker-Benchmark-style checks of one container's `docker inspect`, written to close the
 * benchmark tooling's blind spots (harness/audit/README.md compares each with
 * docker-bench-security): capabilities must be dropped, not merely "none added"; the seccomp
 * profile must be ours by hash, not merely "not unconfined"; no-new-privileges must be an
 * exact `true` entry, not a substring; swap must be off, not merely memory set.
 *
 * Numbering follows CIS Docker Benchmark v1.3.1 (the one docker-bench-security used before
 * v1.6.0 inserted 5.1 "swarm mode" and shifted section 5 by one); each reference names both.
 */
interface CheckDefinition {
  id: string;
  cisReference: string;
  title: string;
  configKey: string;
  evaluate(
    inspect: ContainerInspect,
    context: ContainerCheckContext,
  ): { passed: boolean; expected: string; found: unknown };
}

const DOCKER = 'sandbox.docker';
const cis = (v131: string, v160: string) => `CIS Docker Benchmark ${v131} (v1.6.0: ${v160})`;

/** Host paths that are, or contain, the engine's socket: binding any of them hands over the engine. */
const SOCKET_HOLDING_DIRS = ['/', '/run', '/var', '/var/run'];

export const CONTAINER_CHECKS: readonly CheckDefinition[] = [
  {
    id: 'sandbox-container-starts',
    // Not a CIS item: a sandbox that cannot start runs nothing, and the wrapper would fall back to the local mode.
    cisReference: 'none (sandbox-gate)',
    title: 'A container of this config starts and its runner waits for a job',
    configKey: DOCKER,
    evaluate: (inspect) => {
      const state = inspect.State ?? {};
      return {
        passed: state.Running === true,
        expected: 'State.Running true when inspected (the audit inspects while the runner waits for its job)',
        found: {
          Status: state.Status ?? null,
          Running: state.Running ?? null,
          ExitCode: state.ExitCode ?? null,
          Error: state.Error || null,
        },
      };
    },
  },
  {
    id: 'cis-4.1-user',
    cisReference: cis('4.1', '4.1'),
    title: 'The container runs as a non-root user (numeric uid and gid, neither 0)',
    configKey: keyPathOf('docker.user'),
    evaluate: (inspect) => {
      const user = inspect.Config?.User;
      return {
        passed: isNonRootUser(user),
        expected: 'Config.User "uid:gid" with numeric uid and gid, neither 0 (not empty, not root)',
        found: { User: user ?? null },
      };
    },
  },
  {
    id: 'cis-5.3-capabilities',
    cisReference: cis('5.3', '5.4'),
    title: 'Every capability is dropped and none is added back',
    configKey: keyPathOf('docker.capAdd'),
    evaluate: (inspect) => {
      const drop = inspect.HostConfig?.CapDrop ?? null;
      const add = inspect.HostConfig?.CapAdd ?? null;
      const dropsAll = Array.isArray(drop) && drop.length === 1 && drop[0]!.toUpperCase() === 'ALL';
      const addsNone = add === null || (Array.isArray(add) && add.length === 0);
      return {
        passed: dropsAll && addsNone,
        expected: 'HostConfig.CapDrop exactly ["ALL"] and HostConfig.CapAdd empty or null',
        found: { CapDrop: drop, CapAdd: add },
      };
    },
  },
  {
    id: 'cis-5.4-privileged',
    cisReference: cis('5.4', '5.5'),
    title: 'The container is not privileged',
    configKey: DOCKER,
    evaluate: (inspect) => {
      const privileged = inspect.HostConfig?.Privileged;
      return {
        passed: privileged === false,
        expected: 'HostConfig.Privileged false',
        found: { Privileged: privileged ?? null },
      };
    },
  },
  {
    id: 'cis-5.9-network',
    cisReference: cis('5.9', '5.10'),
    title: 'The container has no network (network mode none)',
    configKey: keyPathOf('docker.networkMode'),
    evaluate: (inspect) => {
      const mode = inspect.HostConfig?.NetworkMode;
      return {
        passed: mode === 'none',
        expected: 'HostConfig.NetworkMode "none"',
        found: { NetworkMode: mode ?? null, NetworkDisabled: inspect.Config?.NetworkDisabled ?? null },
      };
    },
  },
  {
    id: 'cis-5.10-memory',
    cisReference: cis('5.10', '5.11'),
    title: 'Memory is limited and swap is off (memory+swap equals memory)',
    configKey: keyPathOf('docker.memoryBytes'),
    evaluate: (inspect) => {
      const memory = inspect.HostConfig?.Memory;
      const swap = inspect.HostConfig?.MemorySwap;
      const passed = typeof memory === 'number' && memory > 0 && swap === memory;
      return {
        passed,
        expected: 'HostConfig.Memory > 0 and HostConfig.MemorySwap equal to it',
        found: { Memory: memory ?? null, MemorySwap: swap ?? null },
      };
    },
  },
  {
    id: 'cis-5.11-cpu',
    cisReference: cis('5.11', '5.12'),
    title: 'CPU time is capped by a quota (NanoCpus or CpuQuota), not only weighted by shares',
    configKey: keyPathOf('docker.cpuCount'),
    evaluate: (inspect) => {
      const host = inspect.HostConfig ?? {};
      const passed = (host.NanoCpus ?? 0) > 0 || (host.CpuQuota ?? 0) > 0;
      return {
        passed,
        expected: 'HostConfig.NanoCpus > 0, or HostConfig.CpuQuota > 0',
        found: {
          NanoCpus: host.NanoCpus ?? null,
          CpuQuota: host.CpuQuota ?? null,
          CpuPeriod: host.CpuPeriod ?? null,
          CpuShares: host.CpuShares ?? null,
        },
      };
    },
  },
  {
    id: 'cis-5.12-read-only-rootfs',
    cisReference: cis('5.12', '5.13'),
    title: 'The root filesystem is read-only',
    configKey: keyPathOf('docker.readOnlyRootfs'),
    evaluate: (inspect) => {
      const readOnly = inspect.HostConfig?.ReadonlyRootfs;
      return {
        passed: readOnly === true,
        expected: 'HostConfig.ReadonlyRootfs true',
        found: { ReadonlyRootfs: readOnly ?? null },
      };
    },
  },
  namespaceCheck(
    'cis-5.15-pid-namespace',
    cis('5.15', '5.16'),
    'PID',
    'PidMode',
    (mode) => mode === '' || mode === 'private',
    'HostConfig.PidMode "" (a private PID namespace; not host, not container:<id>)',
  ),
  namespaceCheck(
    'cis-5.16-ipc-namespace',
    cis('5.16', '5.17'),
    'IPC',
    'IpcMode',
    (mode) => mode === 'private' || mode === 'none',
    'HostConfig.IpcMode "private" or "none" (not host, shareable or container:<id>)',
  ),
  {
    id: 'cis-5.17-devices',
    cisReference: cis('5.17', '5.18'),
    title: 'No host device is exposed to the container',
    configKey: DOCKER,
    evaluate: (inspect) => {
      const devices = inspect.HostConfig?.Devices ?? null;
      return {
        passed: devices === null || devices.length === 0,
        expected: 'HostConfig.Devices empty or null',
        found: { Devices: devices },
      };
    },
  },
  namespaceCheck(
    'cis-5.20-uts-namespace',
    cis('5.20', '5.21'),
    'UTS',
    'UTSMode',
    (mode) => mode !== 'host',
    'HostConfig.UTSMode not "host"',
  ),
  {
    id: 'cis-5.21-seccomp',
    cisReference: cis('5.21', '5.22'),
    title: "The container carries sandbox-gate's own seccomp profile, byte for byte",
    configKey: keyPathOf('docker.seccompProfile'),
    evaluate: (inspect, context) => {
      const option = readSeccompOption(inspect.HostConfig?.SecurityOpt);
      const passed = option.kind === 'profile' && option.sha256 === context.seccomp.sha256;
      return {
        passed,
        expected: `a seccomp=<json> security option whose minified JSON has sha256 ${context.seccomp.sha256} (${context.seccomp.path})`,
        found: { seccomp: describeSeccompOption(option), sha256: option.kind === 'profile' ? option.sha256 : null },
      };
    },
  },
  {
    id: 'cis-5.25-no-new-privileges',
    cisReference: cis('5.25', '5.26'),
    title: 'no-new-privileges is set to true',
    configKey: keyPathOf('docker.noNewPrivileges'),
    evaluate: (inspect) => {
      const securityOpt = inspect.HostConfig?.SecurityOpt ?? [];
      const entries = securityOpt.filter((entry) => /^no-new-privileges(?:[:=].*)?$/.test(entry));
      // The engine reads the options in order, so the last entry is the one in force.
      const last = entries.at(-1);
      const passed = last !== undefined && /^no-new-privileges(?:[:=]true)?$/.test(last);
      return {
        passed,
        expected:
          'a HostConfig.SecurityOpt entry exactly "no-new-privileges:true" (or the bare "no-new-privileges"), not overridden later',
        found: { entries },
      };
    },
  },
  {
    id: 'cis-5.28-pids-limit',
    cisReference: cis('5.28', '5.29'),
    title: 'The number of tasks is limited',
    configKey: keyPathOf('docker.pidsLimit'),
    evaluate: (inspect) => {
      const limit = inspect.HostConfig?.PidsLimit;
      return {
        passed: typeof limit === 'number' && limit > 0,
        expected: 'HostConfig.PidsLimit > 0',
        found: { PidsLimit: limit ?? null },
      };
    },
  },
  namespaceCheck(
    'cis-5.30-user-namespace',
    cis('5.30', '5.31'),
    'user',
    'UsernsMode',
    (mode) => mode !== 'host',
    'HostConfig.UsernsMode not "host"',
  ),
  {
    id: 'cis-5.31-docker-socket',
    cisReference: cis('5.31', '5.32'),
    title: "The engine's socket is not mounted, neither itself nor a directory that holds it",
    configKey: DOCKER,
    evaluate: (inspect) => {
      const offending = socketMounts(inspect);
      return {
        passed: offending.length === 0,
        expected: `no docker.sock, and none of ${SOCKET_HOLDING_DIRS.join(', ')}, in HostConfig.Binds or Mounts`,
        found: {
          offending,
          Binds: inspect.HostConfig?.Binds ?? null,
          Mounts: (inspect.Mounts ?? []).map((m) => `${m.Source ?? ''}:${m.Destination ?? ''}`),
        },
      };
    },
  },
  {
    id: 'sandbox-tmpfs-noexec',
    // Not a CIS item: the one writable path that 5.12 leaves must not run code.
    cisReference: 'none (sandbox-gate)',
    title: '/tmp is a size-capped tmpfs mounted noexec, nosuid and nodev',
    configKey: keyPathOf('docker.tmpfsBytes'),
    evaluate: (inspect) => {
      const options = inspect.HostConfig?.Tmpfs?.['/tmp'];
      const effective = options === undefined ? undefined : effectiveMountFlags(options);
      const passed =
        effective !== undefined &&
        effective.noexec &&
        effective.nosuid &&
        effective.nodev &&
        effective.size !== undefined;
      return {
        passed,
        expected:
          'HostConfig.Tmpfs["/tmp"] present, with a size= and noexec, nosuid, nodev in force (the engine\'s defaults, not undone by a later exec, suid or dev)',
        found: { Tmpfs: inspect.HostConfig?.Tmpfs ?? null },
      };
    },
  },
];

/** Runs every check on one inspect document, in a stable order. */
export function checkContainer(inspect: ContainerInspect, context: ContainerCheckContext): ContainerCheck[] {
  return CONTAINER_CHECKS.map((check) => ({
    id: check.id,
    cisReference: check.cisReference,
    title: check.title,
    configKey: check.configKey,
    ...check.evaluate(inspect, context),
  }));
}

function namespaceCheck(
  id: string,
  cisReference: string,
  namespace: string,
  field: 'PidMode' | 'IpcMode' | 'UTSMode' | 'UsernsMode',
  accepts: (mode: string) => boolean,
  expected: string,
): CheckDefinition {
  return {
    id,
    cisReference,
    title: `The host's ${namespace} namespace is not shared`,
    configKey: DOCKER,
    evaluate: (inspect) => {
      const mode = inspect.HostConfig?.[field];
      return { passed: typeof mode === 'string' && accepts(mode), expected, found: { [field]: mode ?? null } };
    },
  };
}

/** `uid[:gid]`, both numeric and non-zero. A name cannot be resolved without the image's passwd, so it fails. */
export function isNonRootUser(user: string | undefined): boolean {
  if (!user) return false;
  const match = /^(\d+)(?::(\d+))?$/.exec(user.trim());
  if (!match) return false;
  return Number(match[1]) !== 0 && (match[2] === undefined || Number(match[2]) !== 0);
}

function socketMounts(inspect: ContainerInspect): string[] {
  const pairs: Array<{ source: string; destination: string; what: string }> = [];
  for (const bind of inspect.HostConfig?.Binds ?? []) {
    const [source = '', destination = ''] = bind.split(':');
    pairs.push({ source, destination, what: `Binds ${bind}` });
  }
  for (const mount of inspect.Mounts ?? []) {
    pairs.push({
      source: mount.Source ?? '',
      destination: mount.Destination ?? '',
      what: `Mounts ${mount.Source ?? ''} -> ${mount.Destination ?? ''}`,
    });
  }
  const normalize = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);
  return pairs
    .filter(
      ({ source, destination }) =>
        /docker\.sock/.test(source) ||
        /docker\.sock/.test(destination) ||
        SOCKET_HOLDING_DIRS.includes(normalize(source)),
    )
    .map(({ what }) => what);
}

interface MountFlags {
  noexec: boolean;
  nosuid: boolean;
  nodev: boolean;
  size: string | undefined;
}

/**
 * The flags a tmpfs gets. The engine starts from `noexec,nosuid,nodev` and appends the
 * container's options, later ones winning (moby daemon/oci_linux.go, mount.MergeTmpfsOptions):
 * so `size=64m` alone is still noexec, and `noexec,exec` is exec.
 */
export function effectiveMountFlags(options: string): MountFlags {
  const flags: MountFlags = { noexec: true, nosuid: true, nodev: true, size: undefined };
  for (const option of options.split(',').map((o) => o.trim())) {
    if (option === 'noexec' || option === 'exec') flags.noexec = option === 'noexec';
    else if (option === 'nosuid' || option === 'suid') flags.nosuid = option === 'nosuid';
    else if (option === 'nodev' || option === 'dev') flags.nodev = option === 'nodev';
    else if (option.startsWith('size=')) flags.size = option.slice('size='.length);
  }
  return flags;
}
