import type { ClaimRunOptions } from './claim.ts';
import { MiB, patchDocker, patchOutput } from './check.ts';

/** How to switch one claim's protection off for every run of a context (see withRunOverrides). */
export interface Weakening extends ClaimRunOptions {
  /** What is switched off, in words. */
  description: string;
}

/**
 * For each claim, the container or harness with its protection off: a claim run under it must
 * come out NOT upheld, which is how the suites prove every probe can fail.
 */
export const WEAKENINGS: Record<string, Weakening> = {
  'network-none': { description: 'network_mode: host', configPatch: patchDocker({ networkMode: 'host' }) },
  'rootfs-read-only': { description: 'read_only_rootfs: false', configPatch: patchDocker({ readOnlyRootfs: false }) },
  'caps-dropped': { description: "cap_add: ['CHOWN']", configPatch: patchDocker({ capAdd: ['CHOWN'] }) },
  'non-root': { description: "user: '0:0'", configPatch: patchDocker({ user: '0:0' }) },
  // With the profile, a no_new_privileges:false container does not start at all (see the claim).
  'no-new-privileges': { description: 'no_new_privileges: false, seccomp unconfined', configPatch: patchDocker({ noNewPrivileges: false, seccompProfile: 'unconfined' }) },
  // /dev/null stands in for a socket: the probe must notice anything mounted at that path.
  'no-docker-socket': { description: 'a file (/dev/null) bind-mounted at /var/run/docker.sock', relax: { engineSocketFrom: '/dev/null' } },
  'ses-no-ambient-authority': { description: 'no compartment', relax: { noCompartment: true } },
  'memory-limit': { description: 'memory_limit: none', configPatch: patchDocker({ memoryBytes: 0 }) },
  'cpu-limit': { description: 'no CPU quota', relax: { noCpuLimit: true } },
  'pids-limit': { description: 'no pids limit', relax: { noPidsLimit: true } },
  'tmpfs-size': { description: 'a 1 GiB tmpfs', relax: { tmpfsBytes: 1024 * MiB } },
  'tmpfs-noexec': { description: 'tmpfs mounted exec', relax: { tmpfsExec: true } },
  'output-cap': { description: 'a 256 MiB output cap', configPatch: patchOutput({ maxStdoutBytes: 256 * MiB }) },
  'timeout-kills': { description: 'a 120 s timeout', configPatch: patchDocker({ timeoutMs: 120_000 }) },
};
