import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { apiTimeoutOf, withDeadline } from '../sandbox/docker/engine-deadline.ts';
import os from 'node:os';
import type Docker from 'dockerode';
import type { SandboxConfig } from '../config/sandbox-config.ts';
import type { EnvironmentRecord } from '../results/results-types.ts';
import { REPO_ROOT, resolveImageRef } from '../sandbox/docker/image.ts';
import { loadSeccompProfile } from '../sandbox/docker/seccomp-profile.ts';

/**
 * Where a run happened: results.json's environment record, plus what the run reads but the
 * record leaves out (the cgroup version) and a git commit that may be unknown.
 */
export interface EnvironmentFingerprint extends Omit<EnvironmentRecord, 'gitCommit'> {
  cgroupVersion: string | null;
  gitCommit: string | null;
}

export async function fingerprintEnvironment(docker: Docker, config: SandboxConfig): Promise<EnvironmentFingerprint> {
  const fingerprint: EnvironmentFingerprint = {
    engineVersion: null,
    apiVersion: null,
    runtimes: [],
    cgroupVersion: null,
    kernel: os.release(),
    node: process.version,
    os: `${os.type()} ${os.arch()}`,
    imageRef: null,
    imageId: null,
    seccompProfileSha256: null,
    cores: os.cpus().length,
    memoryBytes: os.totalmem(),
    gitCommit: gitCommit(),
  };
  const profile = await loadSeccompProfile(config.docker.seccompProfile).catch(() => undefined);
  if (profile && profile !== 'unconfined') fingerprint.seccompProfileSha256 = profile.sha256;
  try {
    const version = (await withDeadline('version', apiTimeoutOf(docker), () =>
      docker.version(),
    )) as Docker.DockerVersion;
    const info = (await withDeadline('info', apiTimeoutOf(docker), () => docker.info())) as {
      Runtimes?: Record<string, unknown>;
      CgroupVersion?: string;
    };
    fingerprint.engineVersion = version.Version;
    fingerprint.apiVersion = version.ApiVersion;
    fingerprint.runtimes = Object.keys(info.Runtimes ?? {}).sort();
    fingerprint.cgroupVersion = info.CgroupVersion ?? null;
    const { ref } = await resolveImageRef(config.docker.image);
    fingerprint.imageRef = ref;
    fingerprint.imageId =
      (
        await withDeadline('image inspect', apiTimeoutOf(docker), () => docker.getImage(ref).inspect()).catch(
          () => undefined,
        )
      )?.Id ?? null;
  } catch {
    // No engine: the fingerprint says so with nulls; the phases report the failure itself.
  }
  return fingerprint;
}

/**
 * The commit of the sandbox-gate checkout that ran, or null. Only when the package root is
 * itself the top of a git work tree: an installed package (node_modules/sandbox-gate) sits
 * inside the user's repository, whose commit is not ours.
 */
function gitCommit(): string | null {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    if (realpathSync(git('rev-parse', '--show-toplevel')) !== realpathSync(REPO_ROOT)) return null;
    return git('rev-parse', 'HEAD');
  } catch {
    return null;
  }
}
