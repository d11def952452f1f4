import { spawnSync } from 'node:child_process';
import type Docker from 'dockerode';
import type { SandboxConfig } from '../config/sandbox-config.ts';
import type { Relaxations } from '../sandbox/docker/container-spec.ts';
import { DockerExecutor } from '../sandbox/docker/docker-executor.ts';
import { PooledDockerExecutor } from '../sandbox/docker/pooled-docker-executor.ts';
import type { PoolTuning } from '../sandbox/docker/pooled-docker-executor.ts';
import { LocalExecutor } from '../sandbox/local/local-executor.ts';
import type { BenchModeName } from './bench-modes.ts';
import type { BenchTarget } from './bench-target.ts';
import { DockerCliExecutor } from './docker-cli-executor.ts';
import { ExecutorTarget } from './executor-target.ts';
import { InProcessTarget } from './in-process-target.ts';

/** What the benchmark knows about the machine before it creates any mode. */
export interface BenchEnvironment {
  config: SandboxConfig;
  docker: Docker;
  /** Why the engine cannot be used, or undefined when it answered. */
  engineUnavailable?: string;
  /** Runtimes the engine lists (`docker info`). */
  runtimes: string[];
  configFile?: string;
  /** Warm pool tuning for docker-pool (the pool's size and idle time come from the config). */
  poolTuning?: PoolTuning;
  /** Measurement only: e.g. layer 1b off, to measure what it costs (never a config a user can set). */
  relax?: Relaxations;
  onProgress?: (line: string) => void;
}

/** The config a mode runs with: the user's, with the pool and runtime this mode means. */
export function modeConfig(mode: BenchModeName, config: SandboxConfig): SandboxConfig {
  const copy = structuredClone(config);
  if (mode === 'docker-pool')
    copy.pool = { ...copy.pool, enabled: true, size: copy.pool.size > 0 ? copy.pool.size : 2 };
  else copy.pool = { ...copy.pool, enabled: false };
  if (mode === 'docker-runsc') copy.docker.runtime = 'runsc';
  return copy;
}

/**
 * Creates one mode, prepared (image built, profile loaded) so that no first-use cost lands in a
 * sample, or says why it cannot run here. A mode that cannot run is reported as absent, with
 * the reason; it is never silently dropped.
 */
export async function createBenchTarget(
  mode: BenchModeName,
  env: BenchEnvironment,
): Promise<{ target: BenchTarget } | { absent: string }> {
  const config = modeConfig(mode, env.config);
  const dockerOptions = {
    docker: env.docker,
    configFile: env.configFile,
    onProgress: env.onProgress,
    relax: env.relax,
  };
  switch (mode) {
    case 'in-process':
      return { target: new InProcessTarget() };
    case 'local':
      return { target: new ExecutorTarget(mode, new LocalExecutor(config), config) };
    default:
      break;
  }
  if (env.engineUnavailable) return { absent: `no Docker Engine answers: ${env.engineUnavailable}` };
  if (mode === 'docker-runsc' && !env.runtimes.includes('runsc')) {
    return { absent: `the engine lists no runsc runtime (it lists: ${env.runtimes.join(', ') || 'none'})` };
  }
  if (mode === 'docker-cli') {
    const probe = spawnSync('docker', ['version', '--format', '{{.Client.Version}}'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0)
      return { absent: `the Docker CLI cannot be run: ${probe.error?.message ?? probe.stderr.trim()}` };
    const executor = new DockerCliExecutor(config, dockerOptions);
    await executor.prepare();
    return { target: new ExecutorTarget(mode, executor, config) };
  }
  if (mode === 'docker-pool') {
    const executor = new PooledDockerExecutor(config, { ...dockerOptions, pool: env.poolTuning });
    await executor.prepare();
    return { target: new ExecutorTarget(mode, executor, config, (timeoutMs) => executor.pool.whenSettled(timeoutMs)) };
  }
  const executor = new DockerExecutor(config, dockerOptions);
  await executor.prepare();
  return { target: new ExecutorTarget(mode, executor, config) };
}
