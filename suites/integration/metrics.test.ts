// Phase 2, metrics: each kind of execution moves exactly the Prometheus series it should,
// under the reference report's names, and nothing else.
import { describe, expect } from 'vitest';
import { createEngineClient } from '../../harness/sandbox/docker/engine-client.ts';
import { SandboxExecutionWrapper } from '../../harness/sandbox/wrapper.ts';
import { ECHO } from '../../harness/workload/reference-strategies.ts';
import { dockerTest } from '../support/docker-test.ts';
import { shippedConfig } from '../support/shipped-config.ts';
import { nobodyListensSocket } from '../support/temp-files.ts';
import { waitForRunningContainers } from './support/container-events.ts';
import { metricsMovedBy } from './support/metric-values.ts';

const LOOP = 'export default function strategy() { for (;;) {} }';

describe('metrics', () => {
  dockerTest('exposes the reference report metric names in the exposition text', async ({ config }) => {
    await using sandbox = await SandboxExecutionWrapper.create(config);
    await sandbox.execute({ code: ECHO, input: 1 });
    const text = await sandbox.metrics.registry.metrics();
    for (const name of [
      'docker_sandbox_executions_total',
      'ast_only_executions_total',
      'sandbox_fallback_count',
      'sandbox_execution_time_seconds',
      'container_startup_time_seconds',
      'docker_errors_total',
      'container_timeout_total',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toContain('docker_sandbox_executions_total{status="ok"} 1');
  });

  dockerTest('a sequence of executions moves each series by exactly what happened', async ({ task }) => {
    // Cold containers here, so that every Docker execution observes one cold start; the warm
    // pool's label has a test of its own below.
    const config = await shippedConfig({
      enabled: true,
      docker: { timeoutMs: 2_000 },
      pool: { enabled: false },
      fallback: { enabled: true, maxRetries: 1 },
    });
    await using docker = await SandboxExecutionWrapper.create(config);
    await using local = await SandboxExecutionWrapper.create(config, { mode: 'local' });
    await using socket = await nobodyListensSocket();
    await using broken = await SandboxExecutionWrapper.create(config, {
      docker: createEngineClient({ socketPath: socket.socketPath }),
    });

    const steps = {
      dockerOk: await metricsMovedBy(docker, () => docker.execute({ code: ECHO, input: 1 })),
      dockerTimeout: await metricsMovedBy(docker, () => docker.execute({ code: LOOP, input: null })),
      dockerRejected: await metricsMovedBy(docker, () =>
        docker.execute({ code: 'export default () => require("fs")', input: null }),
      ),
      localOk: await metricsMovedBy(local, () => local.execute({ code: ECHO, input: 1 })),
      localTimeout: await metricsMovedBy(local, () => local.execute({ code: LOOP, input: null })),
      fallback: await metricsMovedBy(broken, () => broken.execute({ code: ECHO, input: 1 })),
    };
    expect(
      Object.values(steps).map(({ result }) => `${result.mode}:${result.status}${result.degraded ? ':degraded' : ''}`),
    ).toEqual(['docker:ok', 'docker:timeout', 'docker:rejected', 'local:ok', 'local:timeout', 'local:ok:degraded']);
    expect(steps.dockerOk.moved).toEqual({
      'docker_sandbox_executions_total{status=ok}': 1,
      'sandbox_execution_time_seconds_count{mode=docker,status=ok}': 1,
      'container_startup_time_seconds_count{pooled=false}': 1,
    });
    expect(steps.dockerTimeout.moved).toEqual({
      'docker_sandbox_executions_total{status=timeout}': 1,
      'sandbox_execution_time_seconds_count{mode=docker,status=timeout}': 1,
      'container_startup_time_seconds_count{pooled=false}': 1,
      'container_timeout_total{mode=docker}': 1,
    });
    // Rejected before any container: no startup time observed.
    expect(steps.dockerRejected.moved).toEqual({
      'docker_sandbox_executions_total{status=rejected}': 1,
      'sandbox_execution_time_seconds_count{mode=docker,status=rejected}': 1,
    });
    expect(steps.localOk.moved).toEqual({
      'ast_only_executions_total{degraded=false,status=ok}': 1,
      'sandbox_execution_time_seconds_count{mode=local,status=ok}': 1,
    });
    expect(steps.localTimeout.moved).toEqual({
      'ast_only_executions_total{degraded=false,status=timeout}': 1,
      'sandbox_execution_time_seconds_count{mode=local,status=timeout}': 1,
      'container_timeout_total{mode=local}': 1,
    });
    expect(steps.fallback.moved).toEqual({
      'ast_only_executions_total{degraded=true,status=ok}': 1,
      'sandbox_fallback_count{reason=engine-unreachable}': 1,
      'docker_errors_total{reason=engine-unreachable}': 2,
      'sandbox_execution_time_seconds_count{mode=local,status=ok}': 1,
    });
    // The wrapper's own counts agree with the metrics.
    expect(docker.stats).toMatchObject({ executions: 3, fallbacks: 0, byStatus: { ok: 1, timeout: 1, rejected: 1 } });
    expect(broken.stats).toMatchObject({ executions: 1, fallbacks: 1, infrastructureFailures: 2 });
    task.meta.evidence = Object.fromEntries(Object.entries(steps).map(([name, step]) => [name, step.moved]));
  });

  dockerTest('an execution in a warm pool container observes its startup as pooled', async ({ task, engine }) => {
    const config = await shippedConfig({ enabled: true, pool: { enabled: true, size: 2 } });
    await using sandbox = await SandboxExecutionWrapper.create(config);
    const first = await metricsMovedBy(sandbox, () => sandbox.execute({ code: ECHO, input: 1 }));
    // The pool starts filling once the engine has accepted the spec for a cold container.
    expect(first.moved['container_startup_time_seconds_count{pooled=false}']).toBe(1);
    await waitForRunningContainers(engine.docker, config.pool.size);
    const second = await metricsMovedBy(sandbox, () => sandbox.execute({ code: ECHO, input: 2 }));
    expect(second.result).toMatchObject({ status: 'ok', mode: 'docker', value: 2, timeline: { pooled: true } });
    expect(second.moved).toEqual({
      'docker_sandbox_executions_total{status=ok}': 1,
      'sandbox_execution_time_seconds_count{mode=docker,status=ok}': 1,
      'container_startup_time_seconds_count{pooled=true}': 1,
    });
    task.meta.evidence = { cold: first.moved, warm: second.moved };
  });

  dockerTest(
    'the execution time histogram sums the observed durations (seconds, not milliseconds)',
    async ({ config }) => {
      await using sandbox = await SandboxExecutionWrapper.create(config);
      const result = await sandbox.execute({ code: ECHO, input: 1 });
      const metric = (await sandbox.metrics.registry.getMetricsAsJSON()).find(
        (m) => m.name === 'sandbox_execution_time_seconds',
      )!;
      const values = metric.values as Array<{ metricName?: string; value: number }>;
      const sum = values.find((v) => v.metricName === 'sandbox_execution_time_seconds_sum')!.value;
      // The wrapper's total includes validation and job preparation, so it is at least the
      // container's own duration, and in seconds it is far below the same number in ms.
      expect(sum).toBeGreaterThanOrEqual(result.durationMs / 1000);
      expect(sum).toBeLessThan(result.durationMs);
    },
  );
});
