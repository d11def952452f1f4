// The wrapper's decisions that need no Docker Engine: everything here runs against an engine
// socket nobody listens on (a real ENOENT, not a mock) or in the local mode.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../harness/config/load-config.ts';
import type { SandboxConfig } from '../../harness/config/sandbox-config.ts';
import { createEngineClient } from '../../harness/sandbox/docker/engine-client.ts';
import { SandboxExecutionWrapper, type WrapperOptions } from '../../harness/sandbox/wrapper.ts';
import type { MarketData } from '../../harness/workload/market-data.ts';

let folder: string;
let socketPath: string;
let base: SandboxConfig;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'sandbox-gate-wrapper-'));
  socketPath = path.join(folder, 'nobody-listens.sock');
  base = (await loadConfig('config/learning_system.yaml')).sandbox;
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function config(change: (c: SandboxConfig) => void = () => undefined): SandboxConfig {
  const copy = structuredClone(base);
  change(copy);
  return copy;
}

/** A wrapper whose engine is unreachable: any attempt in Docker is an infrastructure failure. */
function unreachable(c: SandboxConfig, options: WrapperOptions = {}): Promise<SandboxExecutionWrapper> {
  return SandboxExecutionWrapper.create(c, { ...options, docker: createEngineClient({ socketPath }) });
}

const TINY: MarketData = { dates: ['2020-01-01', '2020-01-02', '2020-01-03'], tickers: ['A'], close: [[100, 110, 99]] };

describe('SandboxExecutionWrapper without an engine', () => {
  it('validates before routing: a rejected strategy never reaches Docker', async () => {
    await using sandbox = await unreachable(config());
    const result = await sandbox.execute({ code: 'export default () => process.exit(1);' });
    expect(result.status).toBe('rejected');
    expect(result.violations.map((v) => v.rule)).toContain('ambient/process');
    expect(sandbox.stats).toMatchObject({ infrastructureFailures: 0, fallbacks: 0 });
  });

  it('a job over max_job_bytes is rejected before Docker is tried', async () => {
    await using sandbox = await unreachable(config((c) => (c.input.maxJobBytes = 2048)));
    const result = await sandbox.execute({ code: 'export default (x) => x.length;', input: 'x'.repeat(4096) });
    expect(result.status).toBe('rejected');
    expect(result.violations[0]?.rule).toBe('job/too-large');
    expect(sandbox.stats).toMatchObject({ infrastructureFailures: 0, fallbacks: 0 });
  });

  it('text that is not a module with a default export is the strategy error, not infrastructure', async () => {
    await using sandbox = await unreachable(config());
    // Layer 1 rejects it too; with layer 1 off, the module transform reports the strategy's error.
    const result = await sandbox.execute({ code: 'function strategy() { return 1; }', validate: false });
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/no default export/);
    expect(sandbox.stats).toMatchObject({ infrastructureFailures: 0, fallbacks: 0 });
  });

  it('max_retries 0: one attempt, then the fallback', async () => {
    await using sandbox = await unreachable(config((c) => (c.fallback.maxRetries = 0)));
    const result = await sandbox.execute({ code: 'export default (x) => x + 1;', input: 1 });
    expect(result).toMatchObject({ status: 'ok', value: 2, mode: 'local', degraded: true, attempts: 1 });
    expect(sandbox.stats).toMatchObject({ infrastructureFailures: 1, fallbacks: 1 });
  });

  it('a fallback keeps the local run’s own status: a strategy that throws is error, still degraded, still one fallback', async () => {
    await using sandbox = await unreachable(config());
    const result = await sandbox.execute({ code: "export default () => { throw new Error('nope'); };" });
    expect(result).toMatchObject({ status: 'error', mode: 'local', degraded: true, attempts: 2 });
    expect(result.message).toMatch(/nope/);
    expect(result.fallbackReason).toMatch(/^engine-unreachable: /);
    expect(sandbox.stats).toMatchObject({ fallbacks: 1, byStatus: { error: 1 } });
  });

  it('fallback disabled and max_retries 0: infra-error after exactly one attempt', async () => {
    await using sandbox = await unreachable(config((c) => ((c.fallback.enabled = false), (c.fallback.maxRetries = 0))));
    const result = await sandbox.execute({ code: 'export default () => 1;' });
    expect(result).toMatchObject({ status: 'infra-error', mode: 'docker', degraded: false, attempts: 1 });
    expect(sandbox.stats).toMatchObject({ infrastructureFailures: 1, fallbacks: 0 });
  });

  it('backtest metrics are computed outside the sandbox from the returned weights', async () => {
    await using sandbox = await unreachable(config(), { mode: 'local' });
    const result = await sandbox.execute({
      code: 'export default ({ dates }) => [dates.map(() => 1)];',
      backtest: { data: TINY },
    });
    expect(result.status, result.message).toBe('ok');
    expect(result.backtest?.days).toBe(2);
    expect(result.backtest?.totalReturn).toBeCloseTo(99 / 100 - 1, 12);
    expect(result.backtest?.maxDrawdown).toBeCloseTo((110 - 99) / 110, 12);
  });

  it('weights of the wrong shape are the strategy error, with no metrics', async () => {
    await using sandbox = await unreachable(config(), { mode: 'local' });
    const result = await sandbox.execute({
      code: 'export default ({ dates }) => [dates.map(() => 1).slice(1)];',
      backtest: { data: TINY },
    });
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/cannot be backtested: invalid weights/);
    expect(result.backtest).toBeUndefined();
    expect(sandbox.stats.byStatus).toEqual({ error: 1 });
  });

  it('validate: false skips layer 1 only; the compartment still has no process', async () => {
    await using sandbox = await unreachable(config(), { mode: 'local' });
    const result = await sandbox.execute({ code: 'export default () => typeof process;', validate: false });
    expect(result).toMatchObject({ status: 'ok', value: 'undefined' });
  });

  it('a per-job deadline replaces the configured timeout, in a fallback too; a quick job under it is ok', async () => {
    await using sandbox = await unreachable(config((c) => (c.fallback.maxRetries = 0)));
    // 2 s, not the config's timeout_seconds: the runner's start (~0.2 s) stays far inside it.
    const looped = await sandbox.execute({ code: 'export default () => { for (;;) {} };' }, { timeoutMs: 2_000 });
    expect(looped).toMatchObject({ status: 'timeout', mode: 'local', degraded: true });
    expect(looped.message).toMatch(/killed after the 2 s timeout/);
    expect(sandbox.config.docker.timeoutMs).not.toBe(2_000);
    const quick = await sandbox.execute({ code: 'export default (x) => x + 1;', input: 1 }, { timeoutMs: 2_000 });
    expect(quick).toMatchObject({ status: 'ok', value: 2 });
  });

  it('a closed wrapper refuses work; close is idempotent', async () => {
    const sandbox = await unreachable(config(), { mode: 'local' });
    await sandbox.close();
    await sandbox.close();
    await expect(sandbox.execute({ code: 'export default () => 1;' })).rejects.toThrow(/closed/);
  });
});
