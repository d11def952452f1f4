// Phase 2, non-triggers: a strategy's own failure is never a reason to fall back. In Docker,
// with fallback enabled, each of these returns its own status from the container it ran in,
// is not re-run locally, and moves no fallback counter.
import { describe, expect } from 'vitest';
import type { ExecutionStatus } from '../../harness/sandbox/execution-result.ts';
import { SandboxExecutionWrapper } from '../../harness/sandbox/wrapper.ts';
import { dockerTest } from '../support/docker-test.ts';
import { shippedConfig } from '../support/shipped-config.ts';
import { containersCreatedBy, waitForRunningContainers } from './support/container-events.ts';
import { metricsMovedBy } from './support/metric-values.ts';

const MiB = 1024 ** 2;

interface Case {
  name: string;
  status: ExecutionStatus;
  code: string;
  message: RegExp;
}

const cases: Case[] = [
  {
    name: 'timeout: an infinite loop past timeout_seconds 2',
    status: 'timeout',
    code: 'export default function strategy() { for (;;) {} }',
    message: /killed after the 2 s timeout/,
  },
  {
    name: 'oom: typed arrays filled past the 128m cgroup limit (outside the V8 heap)',
    status: 'oom',
    // 32 x 8 MiB of Uint8Array, each touched: memory outside the V8 heap.
    code: `export default function strategy() {
  const keep = [];
  for (let i = 0; i < 32; i++) { const a = new Uint8Array(8 * 1024 * 1024); a.fill(i + 1); keep.push(a); }
  return keep.length;
}`,
    // With or without the engine's OOMKilled flag (Docker misses it at times on cgroup v1).
    message: /cgroup OOM|the kernel's OOM killer at the memory limit/,
  },
  {
    name: 'oom: the V8 heap cap (3/4 of the 128m limit) exhausted',
    status: 'oom',
    code: `export default function strategy() {
  const keep = [];
  for (;;) keep.push({ index: keep.length, text: 'x' + keep.length, list: [1, 2, 3] });
}`,
    message: /V8 heap/,
  },
  {
    name: 'error: the strategy throws',
    status: 'error',
    code: "export default function strategy() { throw new Error('strategy bug: division by zero'); }",
    message: /strategy bug: division by zero/,
  },
  {
    name: 'output-limit: a stdout flood past max_stdout_bytes',
    status: 'output-limit',
    code: `export default function strategy() {
  const line = 'x'.repeat(1023);
  for (let i = 0; i < 1000000; i++) console.log(line);
  return 'never';
}`,
    message: /stdout cap/,
  },
];

async function nonTriggerConfig(timeoutMs: number, pooled = false) {
  return shippedConfig({
    enabled: true,
    docker: { memoryBytes: 128 * MiB, timeoutMs },
    output: { maxStdoutBytes: 64 * 1024 },
    pool: { enabled: pooled, size: 2 },
    fallback: { enabled: true, maxRetries: 1 },
  });
}

const WARM_UP = 'export default function strategy() { return 1; }';

// Cold: a fresh container per execution. Pooled: the failing strategy gets a warm container
// (the pool fills after the first Docker execution, so one clean run warms it up first).
describe.each([
  { executor: 'cold', pooled: false },
  { executor: 'pooled', pooled: true },
])('non-triggers ($executor containers): the strategy fails, Docker stays, nothing falls back', ({ pooled }) => {
  for (const { name, status, code, message } of cases)
    dockerTest(name, async ({ task, engine }) => {
      // 2 s is the timeout under test; the others get room so that a slow GC under a 0.5 CPU
      // quota ends as the failure under test, not as a timeout.
      const config = await nonTriggerConfig(status === 'timeout' ? 2_000 : 60_000, pooled);
      await using sandbox = await SandboxExecutionWrapper.create(config);
      if (pooled) {
        expect((await sandbox.execute({ code: WARM_UP, input: null })).status).toBe('ok');
        await waitForRunningContainers(engine.docker, config.pool.size);
      }
      const { result: run, created } = await containersCreatedBy(engine.docker, () =>
        metricsMovedBy(sandbox, () => sandbox.execute({ code, input: null })),
      );
      const { result, moved } = run;
      expect(result.status, result.message).toBe(status);
      expect(result.message).toMatch(message);
      expect(result.mode).toBe('docker');
      expect(result.degraded).toBe(false);
      expect(result.fallbackReason).toBeUndefined();
      expect(result.attempts).toBe(1);
      expect(result.value).toBeUndefined();
      expect(result.containerId).toMatch(/^[0-9a-f]{64}$/);
      if (pooled) {
        // It ran in a container started before the execution began.
        expect(result.timeline?.pooled).toBe(true);
        expect(created).not.toContain(result.containerId);
      } else {
        // It ran in exactly one container: the one the result names.
        expect(created).toEqual([result.containerId]);
      }
      expect(sandbox.stats.fallbacks).toBe(0);
      expect(sandbox.stats.infrastructureFailures).toBe(0);
      expect(sandbox.stats.byStatus).toEqual(pooled ? { ok: 1, [status]: 1 } : { [status]: 1 });
      expect(Object.keys(moved).filter((name) => /fallback|ast_only|docker_errors/.test(name))).toEqual([]);
      expect(moved[`docker_sandbox_executions_total{status=${status}}`]).toBe(1);
      expect(moved['container_timeout_total{mode=docker}'] ?? 0).toBe(status === 'timeout' ? 1 : 0);
      expect(moved[`container_startup_time_seconds_count{pooled=${pooled}}`]).toBe(1);
      if (status === 'output-limit') {
        expect(result.truncated).toBe(true);
        expect(Buffer.byteLength(result.stdout)).toBe(64 * 1024);
        expect(result.stdoutBytes).toBeGreaterThan(64 * 1024);
      }
      task.meta.evidence = {
        executor: pooled ? 'pooled' : 'cold',
        status: result.status,
        mode: result.mode,
        degraded: result.degraded,
        exitCode: result.exitCode,
        signal: result.signal,
        message: result.message,
        fallbacks: sandbox.stats.fallbacks,
      };
    });
});

describe('non-triggers: layer 1', () => {
  dockerTest('rejected: a layer 1 violation returns before any container is created', async ({ task, engine }) => {
    await using sandbox = await SandboxExecutionWrapper.create(await nonTriggerConfig(60_000));
    const code = 'export default function strategy() { return process.env; }';
    const { result: run, created } = await containersCreatedBy(engine.docker, () =>
      metricsMovedBy(sandbox, () => sandbox.execute({ code, input: null })),
    );
    const { result, moved } = run;
    expect(result.status).toBe('rejected');
    expect(result.violations.map((v) => v.rule)).toContain('ambient/process');
    expect(result.violations[0]).toMatchObject({ line: 1 });
    expect(result.mode).toBe('docker');
    expect(result.degraded).toBe(false);
    expect(result.containerId).toBeUndefined();
    expect(created).toEqual([]);
    expect(sandbox.stats.fallbacks).toBe(0);
    expect(moved).toEqual({
      'docker_sandbox_executions_total{status=rejected}': 1,
      'sandbox_execution_time_seconds_count{mode=docker,status=rejected}': 1,
    });
    // Control: the same wrapper and window do see a container when the strategy is clean.
    const control = await containersCreatedBy(engine.docker, () =>
      sandbox.execute({ code: 'export default function strategy() { return 1; }', input: null }),
    );
    expect(control.result.status, control.result.message).toBe('ok');
    expect(control.created).toContain(control.result.containerId);
    task.meta.evidence = {
      status: result.status,
      violations: result.violations,
      containersCreated: created.length,
      controlContainersCreated: control.created.length,
    };
  });
});
