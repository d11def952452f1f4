// The pool with no engine at all (a socket nobody listens on): refills fail in the background,
// are counted as the pool's own, retried with a doubling delay, and never reach a caller as an
// error or an unhandled rejection; executions fail exactly as in cold mode.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_CONFIG } from '../../harness/config/sandbox-config.ts';
import { InfrastructureError } from '../../harness/errors.ts';
import { createDockerExecutor } from '../../harness/sandbox/docker/create-docker-executor.ts';
import { DockerExecutor } from '../../harness/sandbox/docker/docker-executor.ts';
import { createEngineClient } from '../../harness/sandbox/docker/engine-client.ts';
import { WarmPool } from '../../harness/sandbox/docker/pool.ts';
import { PooledDockerExecutor } from '../../harness/sandbox/docker/pooled-docker-executor.ts';
import { newNonce } from '../../harness/sandbox/runner-protocol.ts';

let dir: string;
let socketPath: string;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sandbox-gate-pool-'));
  socketPath = path.join(dir, 'nobody-listens.sock');
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => expect(unhandled).toEqual([]));

const job = () => ({ nonce: newNonce(), kind: 'strategy' as const, script: 'x', input: null });

describe('WarmPool without an engine', () => {
  it('counts failed refills, retries them with a doubling delay, hands out nothing, and closes', async () => {
    const docker = createEngineClient({ socketPath });
    const pool = new WarmPool(docker, {
      size: () => 2,
      idleMs: () => 60_000,
      currentSpec: async () => ({ Image: 'sandbox-gate/runner:none', Labels: { 'sandbox-gate.settings': 'abc' } }),
      refillBackoffMs: 5,
      maxRefillBackoffMs: 20,
    });
    pool.activate();
    await expect.poll(() => pool.stats.refillFailures, { timeout: 5_000, interval: 5 }).toBeGreaterThanOrEqual(4);
    expect(pool.stats.lastRefillError).toMatch(/ENOENT|ECONNREFUSED/);
    expect(pool.stats.started).toBe(0);
    expect(await pool.take()).toBeUndefined();
    expect(pool.stats.misses).toBe(1);
    expect(await pool.whenSettled(50)).toBe(false);
    await pool.close();
    expect(pool.snapshot()).toMatchObject({ closed: true, warm: [], starting: 0, pendingRemovals: 0 });
    const failures = pool.stats.refillFailures;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(pool.stats.refillFailures).toBe(failures);
  });
});

describe('PooledDockerExecutor without an engine', () => {
  it('throws the same InfrastructureError as the cold executor, and warmUp() says false without throwing', async () => {
    const config = structuredClone(DEFAULT_SANDBOX_CONFIG);
    const docker = createEngineClient({ socketPath });
    const pooled = new PooledDockerExecutor(config, { docker });
    const cold = new DockerExecutor(config, { docker });
    const pooledError = await pooled.execute(job()).catch((error: unknown) => error);
    const coldError = await cold.execute(job()).catch((error: unknown) => error);
    expect(pooledError).toBeInstanceOf(InfrastructureError);
    expect(coldError).toBeInstanceOf(InfrastructureError);
    expect((pooledError as InfrastructureError).reason).toBe('engine-unreachable');
    expect((pooledError as InfrastructureError).reason).toBe((coldError as InfrastructureError).reason);
    expect(await pooled.warmUp(100)).toBe(false);
    // The pool never started filling: no container was accepted by an engine yet.
    expect(pooled.poolSnapshot().active).toBe(false);
    await pooled.close();
  });
});

describe('createDockerExecutor', () => {
  it('gives the pooled executor when sandbox.pool is enabled with a size, the cold one otherwise', () => {
    const docker = createEngineClient({ socketPath });
    const config = structuredClone(DEFAULT_SANDBOX_CONFIG);
    expect(createDockerExecutor(config, { docker })).toBeInstanceOf(PooledDockerExecutor);
    expect(createDockerExecutor({ ...config, pool: { ...config.pool, enabled: false } }, { docker })).toBeInstanceOf(
      DockerExecutor,
    );
    expect(createDockerExecutor({ ...config, pool: { ...config.pool, size: 0 } }, { docker })).toBeInstanceOf(
      DockerExecutor,
    );
  });
});
