import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import { describe, expect } from 'vitest';
import {
  currentSessionId,
  LABEL_MANAGED,
  LABEL_OWNER,
  LABEL_SESSION,
  LABEL_SETTINGS,
  ownerLabelValue,
} from '../../harness/sandbox/docker/labels.ts';
import { loadSeccompProfile } from '../../harness/sandbox/docker/seccomp-profile.ts';
import { listManagedContainers } from '../../harness/sandbox/docker/sweeper.ts';
import { dockerTest } from '../support/docker-test.ts';
import { shippedConfig } from '../support/shipped-config.ts';
import { isGone, runInDocker } from './support/run-in-docker.ts';

const BLOCKS = 'export default function strategy() { for (;;) {} }\n';
/** Long enough to find and inspect the running container; the harness kills it at the end. */
const TIMEOUT_MS = 4000;
const POLL_MS = 50;

/** Waits until this session has a running container, then inspects it (while it runs). */
async function inspectWhileRunning(docker: Docker, deadline: Promise<unknown>): Promise<Docker.ContainerInspectInfo> {
  let finished = false;
  void deadline.finally(() => (finished = true));
  while (!finished) {
    const running = (await listManagedContainers(docker, currentSessionId())).filter((c) => c.State === 'running');
    if (running.length === 1) return docker.getContainer(running[0]!.Id).inspect();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error('the execution ended before its container was seen running');
}

describe('the hardened container, inspected while it runs', () => {
  dockerTest('shows every hardened setting, then the timeout kills it and it is gone', async ({ task, engine }) => {
    const config = await shippedConfig({ docker: { timeoutMs: TIMEOUT_MS } });
    const execution = runInDocker(engine.docker, config, BLOCKS);
    const inspected = await inspectWhileRunning(engine.docker, execution);
    const result = await execution;
    const host = inspected.HostConfig;
    const seccompOpt = host.SecurityOpt?.find((opt: string) => opt.startsWith('seccomp='));
    const profile = await loadSeccompProfile(config.docker.seccompProfile);
    const seccompSha256 = seccompOpt
      ? createHash('sha256')
          .update(JSON.stringify(JSON.parse(seccompOpt.slice('seccomp='.length))))
          .digest('hex')
      : null;
    task.meta.evidence = {
      state: inspected.State.Status,
      networkMode: host.NetworkMode,
      readonlyRootfs: host.ReadonlyRootfs,
      capDrop: host.CapDrop,
      capAdd: host.CapAdd,
      user: inspected.Config.User,
      securityOpt: host.SecurityOpt?.map((opt: string) =>
        opt.startsWith('seccomp=') ? `seccomp=<profile sha256 ${seccompSha256}>` : opt,
      ),
      memoryBytes: host.Memory,
      memorySwapBytes: host.MemorySwap,
      nanoCpus: host.NanoCpus,
      pidsLimit: host.PidsLimit,
      tmpfs: host.Tmpfs,
      privileged: host.Privileged,
      runtime: host.Runtime,
      mounts: inspected.Mounts,
      labels: inspected.Config.Labels,
      result: { status: result.status, exitCode: result.exitCode, durationMs: result.durationMs },
    };

    expect(inspected.State.Running).toBe(true);
    expect(host.NetworkMode).toBe('none');
    expect(host.ReadonlyRootfs).toBe(true);
    expect(host.CapDrop).toEqual(['ALL']);
    expect(host.CapAdd ?? []).toEqual([]);
    expect(inspected.Config.User).toBe('1000:1000');
    expect(host.SecurityOpt).toContain('no-new-privileges:true');
    expect(typeof profile).toBe('object');
    expect(seccompSha256).toBe(typeof profile === 'object' ? profile.sha256 : 'a profile, not unconfined');
    expect(host.Memory).toBe(config.docker.memoryBytes);
    expect(host.MemorySwap).toBe(host.Memory);
    expect(host.NanoCpus).toBe(Math.round(config.docker.cpuCount * 1e9));
    expect(host.PidsLimit).toBe(config.docker.pidsLimit);
    expect((host.Tmpfs?.['/tmp'] ?? '').split(',')).toEqual(
      expect.arrayContaining(['noexec', 'nosuid', 'nodev', `size=${config.docker.tmpfsBytes}`]),
    );
    expect(host.Privileged).toBe(false);
    expect(host.AutoRemove).toBe(false);
    expect(host.Runtime).toBe('runc');
    expect(host.Binds ?? []).toEqual([]);
    expect(inspected.Mounts).toEqual([]);
    expect(inspected.Config.Labels).toMatchObject({
      [LABEL_MANAGED]: 'true',
      [LABEL_SESSION]: currentSessionId(),
      [LABEL_OWNER]: ownerLabelValue(),
      [LABEL_SETTINGS]: expect.stringMatching(/^[0-9a-f]{16}$/),
    });

    expect(result.status).toBe('timeout');
    expect(result.exitCode).toBe(137);
    expect(await isGone(engine.docker, inspected.Id)).toBe(true);
  });
});
