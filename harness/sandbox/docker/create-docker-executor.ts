import type { SandboxConfig } from '../../config/sandbox-config.ts';
import type { Executor } from '../executor.ts';
import { DockerExecutor, type DockerExecutorOptions } from './docker-executor.ts';
import { PooledDockerExecutor, type PooledDockerExecutorOptions } from './pooled-docker-executor.ts';

/**
 * The Docker executor the wrapper uses: the warm pool when `sandbox.pool` is enabled with a
 * size above 0, cold containers otherwise. Both give the wrapper the same statuses, errors and
 * cleanup, so its behaviour is identical with and without the pool.
 */
export function createDockerExecutor(
  config: SandboxConfig,
  options: DockerExecutorOptions | PooledDockerExecutorOptions,
): Executor {
  if (config.pool.enabled && config.pool.size > 0) return new PooledDockerExecutor(config, options);
  return new DockerExecutor(config, options);
}
