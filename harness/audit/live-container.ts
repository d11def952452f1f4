import path from 'node:path';
import type Docker from 'dockerode';
import createDebug from 'debug';
import { DEFAULT_SANDBOX_CONFIG, type SandboxConfig } from '../config/sandbox-config.ts';
import { InfrastructureError } from '../errors.ts';
import { DockerExecutor } from '../sandbox/docker/docker-executor.ts';
import { engineCall } from '../sandbox/docker/engine-client.ts';
import { REPO_ROOT } from '../sandbox/docker/image.ts';
import { startSandboxContainer } from '../sandbox/docker/sandbox-container.ts';
import { removeContainer } from '../sandbox/docker/remove-container.ts';
import { loadSeccompProfile } from '../sandbox/docker/seccomp-profile.ts';
import type { ContainerCheckContext } from './container-check.ts';
import type { ContainerInspect } from './container-inspect.ts';

const debug = createDebug('sandbox-gate:audit');

export interface LiveContainerInspection {
  containerId: string;
  imageRef: string;
  /** Its `State` says whether it was running when inspected, or why it could not start. */
  inspect: ContainerInspect;
}

/**
 * Starts one sandbox container exactly as the executor would for a job (the spec from
 * DockerExecutor.prepare()), inspects it while its runner waits for a job on stdin, and
 * removes it. Nothing is left behind: removal runs whatever the inspect did.
 *
 * A config can make the container unable to start (no_new_privileges: false with our profile:
 * runc then installs the filter before it drops the bounding set, which the profile denies).
 * The engine answers that with a 500, and startSandboxContainer removes the container. That is
 * a finding, not an outage: the same spec is then created again, started once more so that
 * the engine records why it fails (`State.Error`), inspected as it stands, and removed. An
 * engine that cannot be reached, an image or runtime that is missing, still throws (exit 3).
 */
export async function inspectLiveSandbox(
  config: SandboxConfig,
  docker: Docker,
  configFile?: string,
): Promise<LiveContainerInspection> {
  const executor = new DockerExecutor(config, { docker, configFile });
  const { spec, imageRef } = await executor.prepare();
  let started;
  try {
    started = await startSandboxContainer(docker, spec);
  } catch (error) {
    if (!(error instanceof InfrastructureError) || error.reason !== 'daemon-error') throw error;
    debug('Sandbox container did not start (%s); inspecting it unstarted', error.message);
    return inspectUnstartable(docker, spec, imageRef);
  }
  try {
    debug('Inspecting container %s', started.shortId);
    const inspect = (await engineCall('container inspect', () =>
      docker.getContainer(started.id).inspect(),
    )) as ContainerInspect;
    return { containerId: started.id, imageRef, inspect };
  } finally {
    await started.remove();
  }
}

async function inspectUnstartable(
  docker: Docker,
  spec: Docker.ContainerCreateOptions,
  imageRef: string,
): Promise<LiveContainerInspection> {
  const container = await engineCall('container create', () => docker.createContainer(spec));
  try {
    await container.start().catch(() => {
      // Expected: the first attempt failed the same way; the engine keeps the reason in State.Error.
    });
    const inspect = (await engineCall('container inspect', () => container.inspect())) as ContainerInspect;
    return { containerId: container.id, imageRef, inspect };
  } finally {
    await removeContainer(container);
  }
}

/**
 * The profile a sandbox container must carry. It is the one the config names when that file
 * is one of the repository's own profiles (under `seccomp/`); otherwise (`unconfined`, or a
 * file elsewhere) it is the project's default profile, so that pointing the config at another
 * file cannot move the yardstick with it.
 */
export async function expectedSeccomp(
  config: SandboxConfig,
  configFile?: string,
): Promise<ContainerCheckContext['seccomp']> {
  const seccompDir = path.join(REPO_ROOT, 'seccomp') + path.sep;
  const named = config.docker.seccompProfile;
  const absolute = named === 'unconfined' ? undefined : path.resolve(REPO_ROOT, named);
  const reference =
    absolute !== undefined && absolute.startsWith(seccompDir) ? named : DEFAULT_SANDBOX_CONFIG.docker.seccompProfile;
  const profile = await loadSeccompProfile(reference, configFile);
  if (profile === 'unconfined') throw new Error('unreachable: the reference profile is a file');
  return { sha256: profile.sha256, path: path.relative(REPO_ROOT, profile.path) };
}
