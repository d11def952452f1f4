import type { SandboxConfig } from '../../config/sandbox-config.ts';
import type { Executor } from '../executor.ts';
import { DockerExecutor, type DockerExecutorOptions } from './docker-executor.ts';

/**
 * The Docker executor the wrapper uses: cold containers for now; the warm pool plugs in here
 * (sandbox.pool) so the wrapper's behaviour is identical with and without it.
 */
export function createDockerExecutor(config: SandboxConfig, options: DockerExecutorOptions): Executor {
  return new DockerExecutor(config, options);
}
