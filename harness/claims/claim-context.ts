import type Docker from 'dockerode';
import type { SandboxConfig } from '../config/sandbox-config.ts';
import { DockerExecutor } from '../sandbox/docker/docker-executor.ts';
import type { ExecutionResult } from '../sandbox/execution-result.ts';
import { prepareStrategyJob } from '../sandbox/prepare-job.ts';
import { newNonce } from '../sandbox/runner-protocol.ts';
import { createEngineClient } from '../sandbox/docker/engine-client.ts';
import { ensureProbeImage } from '../sandbox/docker/probe-image.ts';
import type { ClaimContext, ClaimRunOptions } from './claim.ts';

/** A ClaimContext that also names its engine, for checks that look at the engine itself (is the container gone?). */
export interface EngineClaimContext extends ClaimContext {
  readonly docker: Docker;
}

/**
 * The real-engine context claims run in. Each run gets a fresh cold container built from the
 * config (or the control's patched copy): no pool, so a container never carries one run's
 * settings into another.
 */
export function createClaimContext(config: SandboxConfig, docker: Docker = createEngineClient()): EngineClaimContext {
  const executorFor = (options: ClaimRunOptions = {}) => {
    const effective = options.configPatch ? options.configPatch(structuredClone(config)) : config;
    return new DockerExecutor(effective, {
      docker,
      relax: options.relax,
      ...(options.image === 'probe' ? { resolveImage: ensureProbeImage } : {}),
    });
  };
  return {
    config,
    docker,
    async runProbe(probe, args = {}, options) {
      return executorFor(options).execute({ nonce: newNonce(), kind: 'probe', probe, args });
    },
    async runStrategy(code, input = {}, options): Promise<ExecutionResult> {
      const executor = executorFor(options);
      const prepared = prepareStrategyJob(code, input, executor.config.input.maxJobBytes, 'docker');
      if (prepared.failure) return prepared.failure;
      return executor.execute(prepared.job);
    },
  };
}
