// Phase 2, fallback triggers. Each infrastructure failure is made real, never mocked: an engine
// socket nobody listens on, a pinned image tag that does not exist, and a real 5xx from the
// real daemon. Each is retried (1 + max_retries attempts), then falls back to the local mode
// when allowed, flagged degraded, and counted exactly once.
import { describe, expect } from 'vitest';
import type { SandboxConfig } from '../../harness/config/sandbox-config.ts';
import { ConfigError } from '../../harness/errors.ts';
import { createEngineClient } from '../../harness/sandbox/docker/engine-client.ts';
import { containerIsGone } from '../../harness/sandbox/docker/container-is-gone.ts';
import { engineErrorKind } from '../../harness/sandbox/docker/engine-error.ts';
import { imageExists } from '../../harness/sandbox/docker/image.ts';
import type { ExecutionResult } from '../../harness/sandbox/execution-result.ts';
import { SandboxExecutionWrapper, type WrapperOptions } from '../../harness/sandbox/wrapper.ts';
import { dockerTest } from '../support/docker-test.ts';
import { shippedConfig } from '../support/shipped-config.ts';
import { nobodyListensSocket, tempDir, writeTemp } from '../support/temp-files.ts';
import { containersCreatedBy } from './support/container-events.ts';
import { metricsMovedBy } from './support/metric-values.ts';

/** Prints a line and returns its input doubled: proves the fallback really ran the strategy. */
const STRATEGY = `export default function strategy({ n }) {
  console.log('ran with n =', n);
  return { doubled: n * 2 };
}
`;
const input = { n: 21 };

async function runOnce(config: SandboxConfig, options: WrapperOptions = {}) {
  await using sandbox = await SandboxExecutionWrapper.create(config, options);
  const { result, moved } = await metricsMovedBy(sandbox, () => sandbox.execute({ code: STRATEGY, input }));
  return { result, moved, stats: structuredClone(sandbox.stats) };
}

/** The checks every real fallback must pass, whatever its reason. */
function expectFallback(run: Awaited<ReturnType<typeof runOnce>>, reason: string, maxRetries: number): void {
  const { result, moved, stats } = run;
  expect(result.status, result.message).toBe('ok');
  expect(result.mode).toBe('local');
  expect(result.degraded).toBe(true);
  expect(result.fallbackReason?.startsWith(`${reason}: `), result.fallbackReason).toBe(true);
  expect(result.value).toEqual({ doubled: 42 });
  expect(result.stdout).toBe('ran with n = 21\n');
  expect(result.containerId).toBeUndefined();
  expect(result.attempts).toBe(1 + maxRetries);
  expect(stats.infrastructureFailures).toBe(1 + maxRetries);
  expect(stats.fallbacks).toBe(1);
  expect(stats.fallbackReasons).toEqual({ [reason]: 1 });
  expect(stats.byStatus).toEqual({ ok: 1 });
  expect(moved).toEqual({
    [`sandbox_fallback_count{reason=${reason}}`]: 1,
    [`docker_errors_total{reason=${reason}}`]: 1 + maxRetries,
    'ast_only_executions_total{degraded=true,status=ok}': 1,
    'sandbox_execution_time_seconds_count{mode=local,status=ok}': 1,
  });
}

/** The checks of an infrastructure failure that was not allowed to fall back. */
function expectInfraError(run: Awaited<ReturnType<typeof runOnce>>, reason: string, maxRetries: number): void {
  const { result, moved, stats } = run;
  expect(result.status).toBe('infra-error');
  expect(result.mode).toBe('docker');
  expect(result.degraded).toBe(false);
  // The reason is kept for the caller; no fallback happened.
  expect(result.fallbackReason).toBe(reason);
  expect(result.message).toBeTruthy();
  // Nothing ran locally: no value, no output, no local execution counted.
  expect(result.value).toBeUndefined();
  expect(result.stdout).toBe('');
  expect(result.exitCode).toBeNull();
  expect(result.attempts).toBe(1 + maxRetries);
  expect(stats.infrastructureFailures).toBe(1 + maxRetries);
  expect(stats.fallbacks).toBe(0);
  expect(moved).toEqual({
    [`docker_errors_total{reason=${reason}}`]: 1 + maxRetries,
    'docker_sandbox_executions_total{status=infra-error}': 1,
    'sandbox_execution_time_seconds_count{mode=docker,status=infra-error}': 1,
  });
}

function evidenceOf(run: Awaited<ReturnType<typeof runOnce>>): Record<string, unknown> {
  const r: ExecutionResult = run.result;
  return {
    status: r.status,
    mode: r.mode,
    degraded: r.degraded,
    fallbackReason: r.fallbackReason,
    attempts: r.attempts,
    stats: run.stats,
    metricsMoved: run.moved,
  };
}

describe('fallback triggers', () => {
  describe('(a) engine unreachable: a socket path nobody listens on', () => {
    dockerTest(
      'falls back with fallback enabled: degraded, reason engine-unreachable, retries counted, one fallback',
      async ({ task }) => {
        await using socket = await nobodyListensSocket();
        const config = await shippedConfig({ fallback: { enabled: true, maxRetries: 1 } });
        const run = await runOnce(config, { docker: createEngineClient({ socketPath: socket.socketPath }) });
        expectFallback(run, 'engine-unreachable', 1);
        expect(run.result.fallbackReason).toContain(socket.socketPath);
        task.meta.evidence = evidenceOf(run);
      },
    );

    dockerTest('retries exactly max_retries times before falling back (max_retries: 3)', async () => {
      await using socket = await nobodyListensSocket();
      const config = await shippedConfig({ fallback: { enabled: true, maxRetries: 3 } });
      expectFallback(
        await runOnce(config, { docker: createEngineClient({ socketPath: socket.socketPath }) }),
        'engine-unreachable',
        3,
      );
    });

    dockerTest('gives infra-error and runs nothing locally with fallback disabled', async ({ task }) => {
      await using socket = await nobodyListensSocket();
      const config = await shippedConfig({ fallback: { enabled: false, maxRetries: 1 } });
      const run = await runOnce(config, { docker: createEngineClient({ socketPath: socket.socketPath }) });
      expectInfraError(run, 'engine-unreachable', 1);
      task.meta.evidence = evidenceOf(run);
    });

    dockerTest("gives infra-error with mode 'docker' forced, even with fallback enabled", async () => {
      await using socket = await nobodyListensSocket();
      const config = await shippedConfig({ fallback: { enabled: true, maxRetries: 1 } });
      expectInfraError(
        await runOnce(config, { mode: 'docker', docker: createEngineClient({ socketPath: socket.socketPath }) }),
        'engine-unreachable',
        1,
      );
    });

    dockerTest('counts every fallback: three executions, three fallbacks', async () => {
      await using socket = await nobodyListensSocket();
      const config = await shippedConfig({ fallback: { enabled: true, maxRetries: 0 } });
      await using sandbox = await SandboxExecutionWrapper.create(config, {
        docker: createEngineClient({ socketPath: socket.socketPath }),
      });
      const { moved } = await metricsMovedBy(sandbox, async () => {
        for (let i = 0; i < 3; i++) expect((await sandbox.execute({ code: STRATEGY, input })).degraded).toBe(true);
      });
      expect(sandbox.stats.fallbacks).toBe(3);
      expect(sandbox.stats.infrastructureFailures).toBe(3);
      expect(moved['sandbox_fallback_count{reason=engine-unreachable}']).toBe(3);
    });
  });

  describe('(b) image missing and unbuildable: a pinned tag that does not exist', () => {
    const image = 'sandbox-gate/does-not-exist:never';

    dockerTest('the tag really is absent from the engine', async ({ engine }) => {
      expect(await imageExists(engine.docker, image)).toBe(false);
    });

    dockerTest(
      'falls back with fallback enabled: reason image-missing, no container created',
      async ({ task, engine }) => {
        const config = await shippedConfig({ docker: { image }, fallback: { enabled: true, maxRetries: 1 } });
        const { result: run, created } = await containersCreatedBy(engine.docker, () => runOnce(config));
        expectFallback(run, 'image-missing', 1);
        expect(run.result.fallbackReason).toContain(image);
        expect(created).toEqual([]);
        task.meta.evidence = evidenceOf(run);
      },
    );

    dockerTest('gives infra-error with fallback disabled', async () => {
      const config = await shippedConfig({ docker: { image }, fallback: { enabled: false, maxRetries: 1 } });
      expectInfraError(await runOnce(config), 'image-missing', 1);
    });
  });

  describe('(c) the daemon answers 5xx: container start fails inside the engine', () => {
    // A real HTTP 500 from the real daemon: a syntactically valid seccomp profile that denies
    // every syscall makes runc fail to start the container ("cannot start a stopped process").
    // The wrapper cannot tell a broken runtime from a broken profile by the status code, so by
    // the rule "daemon 5xx: retry, then fall back" this is infrastructure.
    async function denyAllProfile(dir: string): Promise<string> {
      return writeTemp(dir, 'deny-all.json', JSON.stringify({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [] }));
    }

    dockerTest(
      'falls back with fallback enabled: reason daemon-error, each attempt created a container that was removed',
      async ({ task, engine }) => {
        await using folder = await tempDir('seccomp');
        const config = await shippedConfig({
          docker: { seccompProfile: await denyAllProfile(folder.dir) },
          fallback: { enabled: true, maxRetries: 1 },
        });
        const { result: run, created } = await containersCreatedBy(engine.docker, () => runOnce(config));
        expectFallback(run, 'daemon-error', 1);
        expect(run.result.fallbackReason).toMatch(/container start failed/);
        // Two attempts, two containers, none left (the setup file's leak check also holds).
        expect(created).toHaveLength(2);
        for (const id of created)
          expect(await containerIsGone(engine.docker, id), `container ${id.slice(0, 12)}`).toBe(true);
        task.meta.evidence = evidenceOf(run);
      },
    );

    dockerTest('gives infra-error with fallback disabled', async () => {
      await using folder = await tempDir('seccomp');
      const config = await shippedConfig({
        docker: { seccompProfile: await denyAllProfile(folder.dir) },
        fallback: { enabled: false, maxRetries: 1 },
      });
      expectInfraError(await runOnce(config), 'daemon-error', 1);
    });
  });

  describe('(c) the daemon refuses the settings (HTTP 400): a configuration error, never a fallback', () => {
    // Decision: an HTTP 400 ("bad parameter") is the engine refusing what the config asked for,
    // e.g. a CPU quota above the host's cores. It fails identically on every retry, and a
    // fallback would run every strategy in the weaker mode for as long as the config stays
    // wrong. So: no retry, no fallback, no local run; a ConfigError naming the key (exit 2 in
    // the CLI), as if loadConfig had known the host.
    dockerTest(
      'cpu_count above the host cores: ConfigError naming sandbox.docker.cpu_count, nothing retried or run',
      async ({ task, engine }) => {
        const info = (await engine.docker.info()) as { NCPU: number };
        const cpuCount = info.NCPU + 1;
        const config = await shippedConfig({ docker: { cpuCount }, fallback: { enabled: true, maxRetries: 1 } });
        await using sandbox = await SandboxExecutionWrapper.create(config);
        let thrown: unknown;
        const { created, result: moved } = await containersCreatedBy(
          engine.docker,
          async () =>
            (
              await metricsMovedBy(sandbox, async () => {
                thrown = await sandbox.execute({ code: STRATEGY, input }).catch((error: unknown) => error);
              })
            ).moved,
        );
        expect(thrown).toBeInstanceOf(ConfigError);
        const error = thrown as ConfigError;
        expect(error.keyPath).toBe('sandbox.docker.cpu_count');
        expect(error.message).toMatch(/HTTP 400/);
        expect(error.message).toMatch(/CPUs/);
        expect(engineErrorKind(error.cause)).toBe('bad-parameter');
        expect(sandbox.stats).toMatchObject({ fallbacks: 0, infrastructureFailures: 0 });
        expect(moved).toEqual({ 'docker_errors_total{reason=config-refused}': 1 });
        expect(created).toEqual([]);
        task.meta.evidence = { cpuCount, hostCpus: info.NCPU, error: error.message, metricsMoved: moved };
      },
    );

    dockerTest(
      'an unreadable seccomp profile is the same kind of error: ConfigError, no retry, no fallback',
      async () => {
        await using folder = await tempDir('seccomp');
        const missing = `${folder.dir}/no-such-profile.json`;
        const config = await shippedConfig({
          docker: { seccompProfile: missing },
          fallback: { enabled: true, maxRetries: 1 },
        });
        await using sandbox = await SandboxExecutionWrapper.create(config);
        const thrown = await sandbox.execute({ code: STRATEGY, input }).catch((error: unknown) => error);
        expect(thrown).toBeInstanceOf(ConfigError);
        expect((thrown as ConfigError).keyPath).toBe('sandbox.docker.seccomp_profile');
        expect((thrown as ConfigError).message).toContain(missing);
        expect(sandbox.stats).toMatchObject({ executions: 0, fallbacks: 0, infrastructureFailures: 0 });
      },
    );
  });
});
