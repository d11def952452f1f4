import type Docker from 'dockerode';
import { describe, expect } from 'vitest';
import { DockerExecutor } from '../../harness/sandbox/docker/docker-executor.ts';
import { startSandboxContainer } from '../../harness/sandbox/docker/sandbox-container.ts';
import type { ExecutionResult } from '../../harness/sandbox/execution-result.ts';
import { prepareStrategyJob } from '../../harness/sandbox/prepare-job.ts';
import { newNonce, type RunnerJob } from '../../harness/sandbox/runner-protocol.ts';
import { dockerTest } from '../support/docker-test.ts';

// The runner loads ses from a V8 code cache the image build made (docker/runner/ses-loader.cjs,
// harness/sandbox/docker/ses-code-cache.ts). V8 refuses a cache silently (the runner then
// compiles from source: same code, ~16 ms more CPU per start), so only a container can say
// whether the image's cache is the one its node takes: the `ses-code-cache` probe reports it.

const cacheProbe = (): RunnerJob => ({ nonce: newNonce(), kind: 'probe', probe: 'ses-code-cache', args: {} });

/** Functionality: a strategy runs in its Compartment, and the realm is locked down (frozen intrinsics). */
const STRATEGY =
  'export default function strategy({ x }) { return { twice: x * 2, locked: Object.isFrozen(Array.prototype) }; }\n';

/** One probe and one strategy, each in its own container made from `spec`. */
async function probeAndRun(docker: Docker, executor: DockerExecutor, spec: Docker.ContainerCreateOptions) {
  const run = async (job: RunnerJob): Promise<ExecutionResult> =>
    (await startSandboxContainer(docker, spec)).execute(job, executor.limits);
  const prepared = prepareStrategyJob(STRATEGY, { x: 21 }, executor.config.input.maxJobBytes, 'docker');
  if (prepared.failure) throw new Error(`the strategy did not prepare: ${prepared.failure.message}`);
  return { probe: await run(cacheProbe()), strategy: await run(prepared.job) };
}

describe('ses code cache in the real image', () => {
  dockerTest('the hardened container loads ses from the cache: V8 accepted it', async ({ task, engine, config }) => {
    const executor = new DockerExecutor(config, { docker: engine.docker });
    const { spec } = await executor.prepare();
    const { probe, strategy } = await probeAndRun(engine.docker, executor, spec);
    task.meta.evidence = { cmd: spec.Cmd, probe: probe.value ?? probe.message, strategy: strategy.value };
    expect(spec.Cmd).toContain('--ses-cache=/sandbox/ses-cache/ses.max-old-space-size=1536.v8cache');
    expect(probe.status, probe.message).toBe('ok');
    expect(probe.value).toEqual({ state: 'accepted' });
    expect(strategy.status, strategy.message).toBe('ok');
    expect(strategy.value).toEqual({ twice: 42, locked: true });
  });

  dockerTest(
    'control: the same container under another heap cap: V8 rejects the cache, ses compiles from source',
    async ({ task, engine, config }) => {
      const executor = new DockerExecutor(config, { docker: engine.docker });
      const { spec } = await executor.prepare();
      // Only the V8 flag differs from the hardened container: the cache is the image's own.
      const cmd = (spec.Cmd ?? []).map((arg) =>
        arg.startsWith('--max-old-space-size=') ? '--max-old-space-size=1535' : arg,
      );
      expect(cmd).not.toEqual(spec.Cmd);
      const { probe, strategy } = await probeAndRun(engine.docker, executor, { ...spec, Cmd: cmd });
      task.meta.evidence = { cmd, probe: probe.value ?? probe.message, strategy: strategy.value };
      expect(probe.status, probe.message).toBe('ok');
      expect(probe.value).toEqual({ state: 'rejected' });
      expect(strategy.status, strategy.message).toBe('ok');
      expect(strategy.value).toEqual({ twice: 42, locked: true });
    },
  );
});
