// Phase 2, routing: sandbox.enabled and WrapperOptions.mode decide where an execution runs.
import { describe, expect } from 'vitest';
import { createEngineClient } from '../../harness/sandbox/docker/engine-client.ts';
import { containerIsGone } from '../../harness/sandbox/docker/container-is-gone.ts';
import { SandboxExecutionWrapper } from '../../harness/sandbox/wrapper.ts';
import { ECHO } from '../../harness/workload/reference-strategies.ts';
import { dockerTest } from '../support/docker-test.ts';
import { shippedConfig } from '../support/shipped-config.ts';
import { nobodyListensSocket } from '../support/temp-files.ts';
import { containersCreatedBy } from './support/container-events.ts';
import { metricsMovedBy } from './support/metric-values.ts';

const input = { x: 1, nested: ['a', 2] };

describe('routing', () => {
  dockerTest('sandbox.enabled: true routes to a real, single-use Docker container (runc)', async ({ task, engine }) => {
    let result;
    let created: string[];
    {
      await using sandbox = await SandboxExecutionWrapper.create(await shippedConfig({ enabled: true }));
      ({ result, created } = await containersCreatedBy(engine.docker, () => sandbox.execute({ code: ECHO, input })));
    }
    expect(result.status, result.message).toBe('ok');
    expect(result.mode).toBe('docker');
    expect(result.degraded).toBe(false);
    expect(result.value).toEqual(input);
    expect(result.containerId).toMatch(/^[0-9a-f]{64}$/);
    expect(result.runtime).toBe('runc');
    // The engine's event log shows this very container, and once the wrapper is closed it is gone.
    expect(created).toContain(result.containerId);
    expect(await containerIsGone(engine.docker, result.containerId!)).toBe(true);
    task.meta.evidence = {
      mode: result.mode,
      runtime: result.runtime,
      containerId: result.containerId,
      containersCreated: created.length,
    };
  });

  dockerTest('sandbox.enabled: false routes to the local mode and never touches the engine', async () => {
    // An engine client pointed where nobody listens: any Docker call would count as a failure.
    await using socket = await nobodyListensSocket();
    await using sandbox = await SandboxExecutionWrapper.create(await shippedConfig({ enabled: false }), {
      docker: createEngineClient({ socketPath: socket.socketPath }),
    });
    const { result, moved } = await metricsMovedBy(sandbox, () => sandbox.execute({ code: ECHO, input }));
    expect(result.status, result.message).toBe('ok');
    expect(result.mode).toBe('local');
    expect(result.degraded).toBe(false);
    expect(result.fallbackReason).toBeUndefined();
    expect(result.containerId).toBeUndefined();
    expect(result.value).toEqual(input);
    expect(sandbox.stats.infrastructureFailures).toBe(0);
    expect(sandbox.stats.fallbacks).toBe(0);
    expect(moved).toEqual({
      'ast_only_executions_total{degraded=false,status=ok}': 1,
      'sandbox_execution_time_seconds_count{mode=local,status=ok}': 1,
    });
  });

  dockerTest("mode 'local' is forced even when sandbox.enabled is true", async ({ engine }) => {
    await using sandbox = await SandboxExecutionWrapper.create(await shippedConfig({ enabled: true }), {
      mode: 'local',
    });
    const { result, created } = await containersCreatedBy(engine.docker, () => sandbox.execute({ code: ECHO, input }));
    expect(result.status, result.message).toBe('ok');
    expect(result.mode).toBe('local');
    expect(result.containerId).toBeUndefined();
    expect(created).toEqual([]);
  });

  dockerTest("mode 'docker' is forced even when sandbox.enabled is false", async ({ engine }) => {
    await using sandbox = await SandboxExecutionWrapper.create(await shippedConfig({ enabled: false }), {
      mode: 'docker',
    });
    const { result, created } = await containersCreatedBy(engine.docker, () => sandbox.execute({ code: ECHO, input }));
    expect(result.status, result.message).toBe('ok');
    expect(result.mode).toBe('docker');
    expect(result.runtime).toBe('runc');
    expect(created).toContain(result.containerId);
  });

  dockerTest("mode 'auto' with sandbox.enabled: true reports the same value as the local mode", async () => {
    await using docker = await SandboxExecutionWrapper.create(await shippedConfig({ enabled: true }));
    await using local = await SandboxExecutionWrapper.create(await shippedConfig({ enabled: true }), { mode: 'local' });
    const [inDocker, inLocal] = [
      await docker.execute({ code: ECHO, input }),
      await local.execute({ code: ECHO, input }),
    ];
    expect([inDocker.mode, inLocal.mode]).toEqual(['docker', 'local']);
    expect(inDocker.value).toEqual(inLocal.value);
  });
});
