import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import type { SandboxConfig } from '../../config/sandbox-config.ts';
import { IMAGE_PATHS, imageSesCodeCachePath } from './image.ts';
import {
  LABEL_MANAGED,
  LABEL_OWNER,
  LABEL_SESSION,
  LABEL_SETTINGS,
  currentSessionId,
  ownerLabelValue,
} from './labels.ts';
import type { SeccompProfile } from './seccomp-profile.ts';
import { runnerNodeFlags } from './ses-code-cache.ts';

/**
 * Settings the config file can weaken (network, read-only rootfs, capabilities, user,
 * no-new-privileges, seccomp, memory) come from the config, so that the audit sees drift.
 * Relaxations are for the rest, and exist for the claims' controls and the audit's layer
 * matrix only: each turns off exactly one protection. Neither the config file nor the CLI
 * can reach them.
 */
export interface Relaxations {
  /** Replace the memory limit (bytes), e.g. a larger one for the OOM control. */
  memoryBytes?: number;
  noCpuLimit?: boolean;
  noPidsLimit?: boolean;
  tmpfsExec?: boolean;
  /** Replace the tmpfs size (bytes). */
  tmpfsBytes?: number;
  /** Layer 1b off: the runner evaluates without lockdown or Compartment. */
  noCompartment?: boolean;
  /**
   * Bind-mounts this host path (a dummy unix socket the harness serves) at
   * /var/run/docker.sock: the control of the no-docker-socket claim. Never the engine's socket.
   */
  engineSocketFrom?: string;
}

export interface ContainerSpecInput {
  config: SandboxConfig;
  imageRef: string;
  seccomp: SeccompProfile | 'unconfined';
  relax?: Relaxations;
}

/** The hardened container, exactly as it will be created. */
export function buildContainerSpec({
  config,
  imageRef,
  seccomp,
  relax = {},
}: ContainerSpecInput): Docker.ContainerCreateOptions {
  const memoryBytes = relax.memoryBytes ?? config.docker.memoryBytes;
  // A memory limit of 0 (`memory_limit: none`) means none; V8 then keeps its own default heap.
  const tmpfsOptions = [
    relax.tmpfsExec ? 'exec' : 'noexec',
    'nosuid',
    'nodev',
    `size=${relax.tmpfsBytes ?? config.docker.tmpfsBytes}`,
    'mode=1777',
  ];
  const docker = config.docker;
  const securityOpt = [docker.noNewPrivileges ? 'no-new-privileges:true' : 'no-new-privileges:false'];
  securityOpt.push(seccomp === 'unconfined' ? 'seccomp=unconfined' : `seccomp=${seccomp.json}`);
  const nodeFlags = runnerNodeFlags(memoryBytes);
  const cmd = [...nodeFlags, IMAGE_PATHS.runner];
  if (relax.noCompartment) cmd.push('--audit-no-compartment');
  else {
    cmd.push(`--ses=${IMAGE_PATHS.ses}`);
    // Only under the node flags the cache was made with (the shipped memory limit's): V8
    // refuses it under any other, and the runner would read 440 KB for nothing.
    const sesCache = imageSesCodeCachePath(nodeFlags);
    if (sesCache) cmd.push(`--ses-cache=${sesCache}`);
  }

  const hostConfig: Docker.HostConfig = {
    NetworkMode: docker.networkMode,
    ReadonlyRootfs: docker.readOnlyRootfs,
    CapDrop: ['ALL'],
    CapAdd: docker.capAdd,
    SecurityOpt: securityOpt,
    Memory: memoryBytes,
    MemorySwap: memoryBytes,
    NanoCpus: relax.noCpuLimit ? 0 : Math.round(config.docker.cpuCount * 1e9),
    PidsLimit: relax.noPidsLimit ? 0 : config.docker.pidsLimit,
    Tmpfs: { '/tmp': tmpfsOptions.join(',') },
    IpcMode: 'private',
    ...(relax.engineSocketFrom ? { Binds: [`${relax.engineSocketFrom}:/var/run/docker.sock`] } : {}),
    Privileged: false,
    Runtime: config.docker.runtime,
    // Output is captured through attach; the log driver would only copy a flood to disk.
    LogConfig: { Type: 'none', Config: {} },
  };

  const spec: Docker.ContainerCreateOptions = {
    Image: imageRef,
    Entrypoint: [IMAGE_PATHS.node],
    Cmd: cmd,
    User: docker.user,
    WorkingDir: '/tmp',
    Env: [],
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: true,
    StdinOnce: true,
    Tty: false,
    NetworkDisabled: docker.networkMode === 'none',
    HostConfig: hostConfig,
  };
  spec.Labels = {
    [LABEL_MANAGED]: 'true',
    [LABEL_SESSION]: currentSessionId(),
    [LABEL_OWNER]: ownerLabelValue(),
    [LABEL_SETTINGS]: settingsHash(spec),
  };
  return spec;
}

/** A hash of everything but the labels: two containers with the same hash are interchangeable. */
export function settingsHash(spec: Docker.ContainerCreateOptions): string {
  const { Labels: _labels, ...settings } = spec;
  return createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 16);
}
