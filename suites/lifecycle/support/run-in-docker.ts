import type Docker from 'dockerode';
import type { SandboxConfig } from '../../../harness/config/sandbox-config.ts';
import { DockerExecutor } from '../../../harness/sandbox/docker/docker-executor.ts';
import type { ExecutionResult } from '../../../harness/sandbox/execution-result.ts';
import { prepareStrategyJob } from '../../../harness/sandbox/prepare-job.ts';

/**
 * Runs strategy code in one cold hardened container, as the wrapper's Docker mode does but
 * without layer 1 (the lifecycle suite exercises the container, not the validator).
 */
export async function runInDocker(
  docker: Docker,
  config: SandboxConfig,
  code: string,
  input: unknown = {},
): Promise<ExecutionResult> {
  const prepared = prepareStrategyJob(code, input, config.input.maxJobBytes, 'docker');
  if (prepared.failure) return prepared.failure;
  return new DockerExecutor(config, { docker }).execute(prepared.job);
}

/** True when the engine no longer knows the container (the claims' own check). */
export { containerIsGone as isGone } from '../../../harness/sandbox/docker/container-is-gone.ts';
