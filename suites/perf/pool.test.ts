// Phase 3, the warm pool on the real engine: single use, stale settings, idle replacement,
// close, a killed warm container, the engine going away and coming back, and the wrapper's
// behaviour with and without the pool. Nothing here reads the clock for an assertion.
import type Docker from 'dockerode';
import { describe, expect } from 'vitest';
import { InfrastructureError } from '../../harness/errors.ts';
import { settingsHash } from '../../harness/sandbox/docker/container-spec.ts';
import { DockerExecutor } from '../../harness/sandbox/docker/docker-executor.ts';
import { createEngineClient } from '../../harness/sandbox/docker/engine-client.ts';
import { containerIsGone } from '../../harness/sandbox/docker/container-is-gone.ts';
import { LABEL_SETTINGS, currentSessionId } from '../../harness/sandbox/docker/labels.ts';
import { PooledDockerExecutor } from '../../harness/sandbox/docker/pooled-docker-executor.ts';
import { listManagedContainers } from '../../harness/sandbox/docker/sweeper.ts';
import type { ExecutionResult } from '../../harness/sandbox/execution-result.ts';
import { prepareStrategyJob } from '../../harness/sandbox/prepare-job.ts';
import { SandboxExecutionWrapper } from '../../harness/sandbox/wrapper.ts';
import { ECHO } from '../../harness/workload/reference-strategies.ts';
import { dockerTest } from '../support/docker-test.ts';
import { EngineProxy, engineSocketPath } from '../support/engine-proxy.ts';
import { shippedConfig } from '../support/shipped-config.ts';

function echoJob(input: unknown) {
  return prepareStrategyJob(ECHO, input, 1024 ** 2, 'docker').job!;
}

async function expectGone(docker: Docker, ids: readonly string[]): Promise<void> {
  for (const id of ids) expect(await containerIsGone(docker, id), `container ${id.slice(0, 12)}`).toBe(true);
}

const short = (id: string | undefined) => id?.slice(0, 12);

describe('warm pool', () => {
  dockerTest(
    'never reuses a container: 10 executions, 10 distinct containers, each gone afterwards',
    async ({ task, engine, config }) => {
      const executor = new PooledDockerExecutor(config, { docker: engine.docker });
      const results: ExecutionResult[] = [];
      try {
        expect(await executor.warmUp()).toBe(true);
        for (let i = 0; i < 10; i++) {
          // Even iterations start from a full, ready pool; odd ones follow back to back.
          if (i % 2 === 0) expect(await executor.pool.whenSettled()).toBe(true);
          results.push(await executor.execute(echoJob({ i })));
        }
      } finally {
        await executor.close();
      }
      for (const [i, result] of results.entries()) {
        expect(result.status, result.message).toBe('ok');
        expect(result.value).toEqual({ i });
        // Returned on the result frame: the exit had not been observed yet...
        expect(result.exitCode, `execution ${i}`).toBeNull();
        // ...and was observed afterwards, in the background, before the removal.
        expect(result.timeline?.exitAfterResultMs, `execution ${i}`).toBeTypeOf('number');
      }
      const ids = results.map((result) => result.containerId!);
      expect(ids.every((id) => /^[0-9a-f]{64}$/.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(10);
      // Every execution from a settled pool was served warm.
      for (let i = 0; i < 10; i += 2) expect(results[i]!.timeline?.pooled, `execution ${i}`).toBe(true);
      await expectGone(engine.docker, ids);
      const stats = executor.pool.stats;
      expect(stats.handedOut + stats.misses).toBe(10);
      // Every exit was checked against its frame, and every container went away.
      expect(stats).toMatchObject({ exitsCheckedAfterFrame: 10, unexpectedExits: 0, notRemoved: 0 });
      task.meta.evidence = { containers: ids.map(short), pooled: results.map((r) => r.timeline?.pooled), stats };
    },
  );

  dockerTest(
    'returns on the result frame with all the stderr written before it; a failure frame is checked against exit code 1',
    async ({ task, engine, config }) => {
      const executor = new PooledDockerExecutor(config, { docker: engine.docker });
      // 64 KiB on stderr just before returning: stderr travels apart from stdout, so it may arrive
      // after the frame; the frame announces its size and the execution waits for it.
      const noisy =
        'export default function strategy(input) { const line = "e".repeat(1023); for (let i = 0; i < 64; i++) console.error(line); console.log("out"); return input; }\n';
      const failing =
        'export default function strategy() { console.error("about to fail"); throw new Error("boom"); }\n';
      const results: ExecutionResult[] = [];
      try {
        expect(await executor.warmUp()).toBe(true);
        for (const code of [noisy, failing]) {
          expect(await executor.pool.whenSettled()).toBe(true);
          results.push(await executor.execute(prepareStrategyJob(code, { a: 1 }, 1024 ** 2, 'docker').job!));
        }
      } finally {
        await executor.close();
      }
      const [ok, failed] = results as [ExecutionResult, ExecutionResult];
      expect(ok).toMatchObject({
        status: 'ok',
        value: { a: 1 },
        stdout: 'out\n',
        stderrBytes: 64 * 1024,
        exitCode: null,
      });
      expect(ok.stderr).toBe(`${'e'.repeat(1023)}\n`.repeat(64));
      expect(failed).toMatchObject({ status: 'error', stderr: 'about to fail\n', exitCode: null });
      expect(failed.message).toMatch(/boom/);
      expect(executor.pool.stats).toMatchObject({ exitsCheckedAfterFrame: 2, unexpectedExits: 0, notRemoved: 0 });
      await expectGone(
        engine.docker,
        results.map((r) => r.containerId!),
      );
      task.meta.evidence = {
        statuses: results.map((r) => r.status),
        stderrBytes: results.map((r) => r.stderrBytes),
        exitAfterResultMs: results.map((r) => r.timeline?.exitAfterResultMs),
        stats: executor.pool.stats,
      };
    },
  );

  dockerTest('a container that served cannot serve again', async ({ engine, config }) => {
    await using executor = new PooledDockerExecutor(config, { docker: engine.docker });
    expect(await executor.warmUp()).toBe(true);
    const container = (await executor.pool.take())!;
    expect(container).toBeDefined();
    try {
      expect(container.hasServed).toBe(false);
      expect((await container.execute(echoJob(1), executor.limits, { keepForRemoval: true })).status).toBe('ok');
      expect(container.hasServed).toBe(true);
      await expect(container.execute(echoJob(2), executor.limits)).rejects.toThrow(/single-use/);
    } finally {
      executor.pool.release(container);
    }
  });

  dockerTest(
    'never hands out a container with stale settings: after pids_limit changes, the warm ones are discarded',
    async ({ task, engine, config }) => {
      const executor = new PooledDockerExecutor(config, { docker: engine.docker });
      let warmBefore: { id: string; settings: string }[];
      let result: ExecutionResult;
      const warmAfter: { id: string; settings: string; pidsLimit: number | undefined }[] = [];
      let pooledAfter: ExecutionResult;
      const oldHash = settingsHash(await executor.currentSpec());
      try {
        expect(await executor.warmUp()).toBe(true);
        warmBefore = executor.poolSnapshot().warm;
        expect(warmBefore.length).toBe(config.pool.size);
        expect(warmBefore.every((w) => w.settings === oldHash)).toBe(true);

        config.docker.pidsLimit += 1;
        const newHash = settingsHash(await executor.currentSpec());
        expect(newHash).not.toBe(oldHash);
        result = await executor.execute(echoJob('after'));
        expect(result.status, result.message).toBe('ok');
        expect(warmBefore.map((w) => w.id)).not.toContain(result.containerId);
        expect(result.timeline?.pooled).toBe(false);
        expect(executor.pool.stats.discarded['stale-settings']).toBe(warmBefore.length);

        // The refilled containers carry the new settings, in their label and in the engine.
        expect(await executor.pool.whenSettled()).toBe(true);
        for (const w of executor.poolSnapshot().warm) {
          const info = await engine.docker.getContainer(w.id).inspect();
          warmAfter.push({
            id: w.id,
            settings: info.Config.Labels[LABEL_SETTINGS]!,
            pidsLimit: info.HostConfig.PidsLimit ?? undefined,
          });
        }
        expect(warmAfter.length).toBe(config.pool.size);
        for (const w of warmAfter) {
          expect(w.settings).toBe(newHash);
          expect(w.pidsLimit).toBe(config.docker.pidsLimit);
        }
        pooledAfter = await executor.execute(echoJob('pooled'));
        expect(pooledAfter.timeline?.pooled).toBe(true);
        expect(warmAfter.map((w) => w.id)).toContain(pooledAfter.containerId);
      } finally {
        await executor.close();
      }
      await expectGone(
        engine.docker,
        warmBefore.map((w) => w.id),
      );
      task.meta.evidence = {
        oldSettings: oldHash,
        newSettings: warmAfter[0]?.settings,
        discarded: warmBefore.map((w) => short(w.id)),
        servedCold: short(result!.containerId),
        refilled: warmAfter.map((w) => ({ id: short(w.id), settings: w.settings, pidsLimit: w.pidsLimit })),
        stats: executor.pool.stats,
      };
    },
  );

  dockerTest('replaces a warm container that idled longer than idle_seconds', async ({ task, engine, config }) => {
    config.pool.idleMs = 1_500;
    const executor = new PooledDockerExecutor(config, { docker: engine.docker });
    let first: string[];
    let second: string[];
    try {
      expect(await executor.warmUp()).toBe(true);
      first = executor.poolSnapshot().warm.map((w) => w.id);
      // Wait (by events, not by the clock) until both have been retired and replaced.
      await expect
        .poll(() => executor.pool.stats.discarded.idle ?? 0, { timeout: 30_000, interval: 100 })
        .toBeGreaterThanOrEqual(first.length);
      expect(await executor.pool.whenSettled()).toBe(true);
      second = executor.poolSnapshot().warm.map((w) => w.id);
    } finally {
      await executor.close();
    }
    for (const id of second) expect(first).not.toContain(id);
    await expectGone(engine.docker, [...first, ...second]);
    task.meta.evidence = {
      idleMs: config.pool.idleMs,
      retired: first.map(short),
      replacements: second.map(short),
      stats: executor.pool.stats,
    };
  });

  dockerTest(
    'close() removes every warm container, waits for a running execution and for every removal',
    async ({ task, engine, config }) => {
      const executor = new PooledDockerExecutor(config, { docker: engine.docker });
      expect(await executor.warmUp()).toBe(true);
      const warm = executor.poolSnapshot().warm.map((w) => w.id);
      const running = executor.execute(echoJob('while closing'));
      await executor.close();
      const result = await running;
      expect(result.status, result.message).toBe('ok');
      const snapshot = executor.poolSnapshot();
      expect(snapshot).toMatchObject({ closed: true, warm: [], starting: 0, pendingRemovals: 0 });
      await expectGone(engine.docker, [...warm, result.containerId!]);
      const left = await listManagedContainers(engine.docker, currentSessionId());
      expect(left.map((c) => c.Id)).toEqual([]);
      await expect(executor.execute(echoJob('after close'))).rejects.toThrow(/closed/);
      task.meta.evidence = { warm: warm.map(short), servedWhileClosing: short(result.containerId), left: left.length };
    },
  );

  dockerTest(
    'a killed warm container is not handed out: with both killed, the execution succeeds in a fresh container',
    async ({ task, engine, config }) => {
      const executor = new PooledDockerExecutor(config, { docker: engine.docker });
      let killed: string[];
      let result: ExecutionResult;
      try {
        expect(await executor.warmUp()).toBe(true);
        killed = executor.poolSnapshot().warm.map((w) => w.id);
        for (const id of killed) {
          await engine.docker.getContainer(id).kill();
          // Until it has exited, a killed container is indistinguishable from a live one (see pool.ts).
          await engine.docker.getContainer(id).wait();
        }
        result = await executor.execute(echoJob('fresh'));
      } finally {
        await executor.close();
      }
      expect(result.status, result.message).toBe('ok');
      expect(result.value).toBe('fresh');
      expect(killed).not.toContain(result.containerId);
      expect(result.timeline?.pooled).toBe(false);
      const discarded = executor.pool.stats.discarded;
      expect((discarded.exited ?? 0) + (discarded.detached ?? 0)).toBe(killed.length);
      await expectGone(engine.docker, [...killed, result.containerId!]);
      task.meta.evidence = { killed: killed.map(short), servedBy: short(result.containerId), discarded };
    },
  );

  dockerTest(
    'with one of two warm containers killed, the execution takes the live one',
    async ({ task, engine, config }) => {
      const executor = new PooledDockerExecutor(config, { docker: engine.docker });
      let warm: string[];
      let result: ExecutionResult;
      try {
        expect(await executor.warmUp()).toBe(true);
        warm = executor.poolSnapshot().warm.map((w) => w.id);
        expect(warm.length).toBe(2);
        await engine.docker.getContainer(warm[0]!).kill();
        await engine.docker.getContainer(warm[0]!).wait();
        result = await executor.execute(echoJob('live'));
      } finally {
        await executor.close();
      }
      expect(result.status, result.message).toBe('ok');
      expect(result.containerId).toBe(warm[1]);
      expect(result.timeline?.pooled).toBe(true);
      await expectGone(engine.docker, warm);
      task.meta.evidence = {
        killed: short(warm[0]),
        servedBy: short(result.containerId),
        discarded: executor.pool.stats.discarded,
      };
    },
  );

  dockerTest(
    'survives the engine going away and coming back: the same InfrastructureError as cold, refills retried with backoff, then warm again',
    async ({ task, engine }) => {
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      await using proxy = await EngineProxy.start(await engineSocketPath(engine.docker));
      const docker = createEngineClient({ socketPath: proxy.socketPath });
      const config = await shippedConfig();
      const executor = new PooledDockerExecutor(config, {
        docker,
        pool: { refillBackoffMs: 100, maxRefillBackoffMs: 400 },
      });
      let warm: string[];
      let pooledError: unknown;
      let coldError: unknown;
      let after: ExecutionResult;
      try {
        expect(await executor.warmUp()).toBe(true);
        warm = executor.poolSnapshot().warm.map((w) => w.id);

        await proxy.suspend();
        pooledError = await executor.execute(echoJob('down')).catch((error: unknown) => error);
        const cold = new DockerExecutor(config, { docker });
        coldError = await cold.execute(echoJob('down')).catch((error: unknown) => error);
        // Refills fail in the background, are counted as the pool's, and are retried.
        await expect
          .poll(() => executor.pool.stats.refillFailures, { timeout: 20_000, interval: 50 })
          .toBeGreaterThanOrEqual(2);

        await proxy.resume();
        expect(await executor.pool.whenSettled(60_000)).toBe(true);
        after = await executor.execute(echoJob('back'));
      } finally {
        await executor.close();
        process.off('unhandledRejection', onUnhandled);
      }
      expect(pooledError).toBeInstanceOf(InfrastructureError);
      expect(coldError).toBeInstanceOf(InfrastructureError);
      expect((pooledError as InfrastructureError).reason).toBe('engine-unreachable');
      expect((pooledError as InfrastructureError).reason).toBe((coldError as InfrastructureError).reason);
      expect(after.status, after.message).toBe('ok');
      expect(after.timeline?.pooled).toBe(true);
      expect(warm).not.toContain(after.containerId);
      expect(unhandled).toEqual([]);
      // The warm containers of before the outage were removed once the engine answered again.
      await expectGone(engine.docker, [...warm, after.containerId!]);
      task.meta.evidence = {
        whileDown: { pooled: (pooledError as Error).message, cold: (coldError as Error).message },
        stats: executor.pool.stats,
        servedAfter: short(after.containerId),
      };
    },
  );

  dockerTest('the wrapper gives the same results with and without the pool', async ({ task, engine }) => {
    const cases: { name: string; code: string; input?: unknown }[] = [
      { name: 'ok', code: ECHO, input: { a: [1, 2, 3] } },
      { name: 'throws', code: 'export default function strategy() { throw new TypeError("bad input"); }\n' },
      {
        name: 'prints then returns',
        code: 'export default function strategy(x) { console.log("hello", x); console.error("warn"); return x * 2; }\n',
        input: 21,
      },
      { name: 'returns something that is not JSON', code: 'export default function strategy() { return () => 1; }\n' },
      {
        name: 'output flood',
        code: 'export default function strategy() { for (;;) console.log("x".repeat(1000)); }\n',
      },
      { name: 'rejected by layer 1', code: 'export default function strategy() { return process.env; }\n' },
      { name: 'timeout', code: 'export default function strategy() { for (;;) {} }\n' },
    ];
    const run = async (poolEnabled: boolean) => {
      const config = await shippedConfig();
      config.pool.enabled = poolEnabled;
      config.docker.timeoutMs = 3_000;
      config.output.maxStdoutBytes = 64 * 1024;
      await using sandbox = await SandboxExecutionWrapper.create(config, { mode: 'docker', docker: engine.docker });
      const results: ExecutionResult[] = [];
      for (const c of cases) {
        results.push(await sandbox.execute({ code: c.code, input: c.input }));
        // Give the pool time to refill (by events it cannot be awaited through the wrapper).
        if (poolEnabled) await new Promise((resolve) => setTimeout(resolve, 1_500));
      }
      return { results, stats: structuredClone(sandbox.stats) };
    };
    const cold = await run(false);
    const pooled = await run(true);
    // A pooled execution that returned on its result frame has not observed its exit (null);
    // without a frame (cap, rejection, timeout) the exit decides, as in cold mode.
    const comparable = (r: ExecutionResult, pooled: boolean) => ({
      status: r.status,
      message: r.message,
      value: r.value,
      stdout: r.stdout,
      stderr: r.stderr,
      truncated: r.truncated,
      exitCode: pooled && (r.status === 'ok' || r.status === 'error') ? 'returned on frame' : r.exitCode,
      signal: r.signal,
      mode: r.mode,
      degraded: r.degraded,
      attempts: r.attempts,
      violations: r.violations.map((v) => v.rule),
    });
    for (const [i, c] of cases.entries()) {
      const onFrame = pooled.results[i]!.exitCode === null && ['ok', 'error'].includes(pooled.results[i]!.status);
      expect(comparable(pooled.results[i]!, onFrame), c.name).toEqual(comparable(cold.results[i]!, onFrame));
    }
    expect(pooled.stats).toEqual(cold.stats);
    expect(cold.results.map((r) => r.status)).toEqual([
      'ok',
      'error',
      'ok',
      'error',
      'output-limit',
      'rejected',
      'timeout',
    ]);
    const servedWarm = pooled.results.filter((r) => r.timeline?.pooled === true).length;
    expect(cold.results.some((r) => r.timeline?.pooled)).toBe(false);
    expect(servedWarm).toBeGreaterThanOrEqual(1);
    task.meta.evidence = {
      statuses: cold.results.map((r) => r.status),
      pooled: pooled.results.map((r) => r.timeline?.pooled ?? null),
      servedWarm,
      stats: pooled.stats,
    };
  });
});
