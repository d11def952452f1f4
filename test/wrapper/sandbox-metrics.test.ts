import { describe, expect, it } from 'vitest';
import { emptyResult, type ExecutionResult } from '../../harness/sandbox/execution-result.ts';
import { SandboxMetrics } from '../../harness/sandbox/metrics.ts';

type Value = { labels: Record<string, string | number>; value: number; metricName?: string };

async function series(metrics: SandboxMetrics, name: string): Promise<Value[]> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  return (metric?.values ?? []) as Value[];
}

async function histogram(
  metrics: SandboxMetrics,
  name: string,
  labels: Record<string, string>,
): Promise<{ count: number; sum: number }> {
  const matches = (v: Value) => Object.entries(labels).every(([k, x]) => String(v.labels[k]) === x);
  const values = (await series(metrics, name)).filter(matches);
  return {
    count: values.find((v) => v.metricName === `${name}_count`)?.value ?? 0,
    sum: values.find((v) => v.metricName === `${name}_sum`)?.value ?? 0,
  };
}

function result(overrides: Partial<ExecutionResult>): ExecutionResult {
  return { ...emptyResult(overrides.mode ?? 'docker'), ...overrides };
}

describe('SandboxMetrics.record', () => {
  it('counts a Docker execution by status and observes its startup time in seconds', async () => {
    const metrics = new SandboxMetrics();
    metrics.record(
      result({ mode: 'docker', status: 'ok', timeline: { createMs: 40, startMs: 250, pooled: false } }),
      1500,
    );
    expect(await series(metrics, 'docker_sandbox_executions_total')).toEqual([
      expect.objectContaining({ labels: { status: 'ok' }, value: 1 }),
    ]);
    expect(await series(metrics, 'ast_only_executions_total')).toEqual([]);
    expect(await histogram(metrics, 'container_startup_time_seconds', { pooled: 'false' })).toEqual({
      count: 1,
      sum: 0.25,
    });
    expect(await histogram(metrics, 'sandbox_execution_time_seconds', { mode: 'docker', status: 'ok' })).toEqual({
      count: 1,
      sum: 1.5,
    });
  });

  it('labels a pooled container start as pooled', async () => {
    const metrics = new SandboxMetrics();
    metrics.record(result({ mode: 'docker', status: 'ok', timeline: { startMs: 5, pooled: true } }), 30);
    expect(await histogram(metrics, 'container_startup_time_seconds', { pooled: 'true' })).toMatchObject({ count: 1 });
    expect(await histogram(metrics, 'container_startup_time_seconds', { pooled: 'false' })).toMatchObject({ count: 0 });
  });

  it('observes no startup time when no container started (rejected, infra-error)', async () => {
    const metrics = new SandboxMetrics();
    metrics.record(result({ mode: 'docker', status: 'rejected' }), 2);
    metrics.record(result({ mode: 'docker', status: 'infra-error' }), 20);
    expect(await series(metrics, 'container_startup_time_seconds')).toEqual([]);
    expect((await series(metrics, 'docker_sandbox_executions_total')).map((v) => [v.labels.status, v.value])).toEqual([
      ['rejected', 1],
      ['infra-error', 1],
    ]);
  });

  it('counts local executions under ast_only_executions_total, degraded or not', async () => {
    const metrics = new SandboxMetrics();
    metrics.record(result({ mode: 'local', status: 'ok', degraded: true }), 100);
    metrics.record(result({ mode: 'local', status: 'ok', degraded: false }), 100);
    metrics.record(result({ mode: 'local', status: 'ok', degraded: true }), 100);
    const values = (await series(metrics, 'ast_only_executions_total')).map((v) => [
      v.labels.degraded,
      v.labels.status,
      v.value,
    ]);
    expect(values).toEqual([
      ['true', 'ok', 2],
      ['false', 'ok', 1],
    ]);
    expect(await series(metrics, 'docker_sandbox_executions_total')).toEqual([]);
    // A local result never has a container, even if a timeline were present.
    expect(await series(metrics, 'container_startup_time_seconds')).toEqual([]);
  });

  it('counts timeouts by mode and nothing else as a timeout', async () => {
    const metrics = new SandboxMetrics();
    metrics.record(result({ mode: 'docker', status: 'timeout', timeline: { startMs: 100 } }), 2000);
    metrics.record(result({ mode: 'local', status: 'timeout' }), 2000);
    metrics.record(result({ mode: 'docker', status: 'oom', timeline: { startMs: 100 } }), 300);
    expect((await series(metrics, 'container_timeout_total')).map((v) => [v.labels.mode, v.value])).toEqual([
      ['docker', 1],
      ['local', 1],
    ]);
  });

  it('gives each instance its own registry, so two wrappers never share counts', async () => {
    const a = new SandboxMetrics();
    const b = new SandboxMetrics();
    a.fallbacks.inc({ reason: 'engine-unreachable' });
    expect(a.registry).not.toBe(b.registry);
    expect(await series(b, 'sandbox_fallback_count')).toEqual([]);
    expect(await series(a, 'sandbox_fallback_count')).toEqual([
      expect.objectContaining({ labels: { reason: 'engine-unreachable' }, value: 1 }),
    ]);
  });
});

describe('sandbox.monitoring.enabled', () => {
  it('false: the registry exposes no metric, though recording still works', async () => {
    const off = new SandboxMetrics({ enabled: false });
    off.record(result({ status: 'ok' }), 12);
    off.fallbacks.inc({ reason: 'engine-unreachable' });
    expect((await off.registry.metrics()).trim()).toBe('');
    expect(await off.snapshot()).toEqual([]);
  });

  it('true (the default): the same records are exposed', async () => {
    const on = new SandboxMetrics({ enabled: true });
    on.record(result({ status: 'ok' }), 12);
    expect(await series(on, 'docker_sandbox_executions_total')).toEqual([
      expect.objectContaining({ labels: { status: 'ok' }, value: 1 }),
    ]);
    expect(await new SandboxMetrics().registry.metrics()).toContain('sandbox_fallback_count');
  });
});
