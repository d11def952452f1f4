import type Docker from 'dockerode';
import type { SandboxConfig } from '../config/sandbox-config.ts';
import { DockerExecutor } from '../sandbox/docker/docker-executor.ts';
import type { ExecutionResult } from '../sandbox/execution-result.ts';
import { prepareStrategyJob } from '../sandbox/prepare-job.ts';
import { newNonce } from '../sandbox/runner-protocol.ts';
import type { ClaimContext, ClaimRunOptions } from './claim.ts';

/**
 * The real-engine context claims run in. Each run gets a fresh cold container built from the
 * config (or the control's patched copy): no pool, so a container never carries one run's
 * settings into another.
 */
export function createClaimContext(config: SandboxConfig, docker?: Docker): ClaimContext {
  const executorFor = (options: ClaimRunOptions = {}) => {
    const effective = options.configPatch ? options.configPatch(structuredClone(config)) : config;
    return new DockerExecutor(effective, { docker, relax: options.relax });
  };
  return {
    config,
    async runProbe(probe, args = {}, options) {
      return executorFor(options).run({ nonce: newNonce(), kind: 'probe', probe, args });
    },
    async runStrategy(code, input = {}, options): Promise<ExecutionResult> {
      const executor = executorFor(options);
      const prepared = prepareStrategyJob(code, input, executor.config.input.maxJobBytes, 'docker');
      if (prepared.failure) return prepared.failure;
      return executor.run(prepared.job);
    },
  };
}
