import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineWatch } from '../../harness/gate/engine-watch.ts';
import { renderAll } from '../../harness/report/render-report.ts';
import { createEngineClient } from '../../harness/sandbox/docker/engine-client.ts';
import { defaultPolicy, sampleResults } from '../decision/support.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A unix socket answering `_ping` with OK, as an engine does, that a test can take away. */
async function fakePing(): Promise<{ socketPath: string; stop: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sandbox-gate-watch-'));
  const socketPath = path.join(dir, 'engine.sock');
  const server = createServer((request, response) => response.end('OK'));
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  cleanups.push(async () => {
    await stop();
    await rm(dir, { recursive: true, force: true });
  });
  return { socketPath, stop };
}

describe('EngineWatch', () => {
  it('an engine that keeps answering is never lost', async () => {
    const engine = await fakePing();
    const watch = new EngineWatch(createEngineClient({ socketPath: engine.socketPath }), 60_000, 1_000);
    await watch.enter('phases');
    await watch.enter('perf');
    expect(await watch.check()).toBe(true);
    expect(watch.lost).toBeUndefined();
  });

  it('an engine gone during perf is lost during perf, with the cause', async () => {
    const engine = await fakePing();
    const watch = new EngineWatch(createEngineClient({ socketPath: engine.socketPath }), 60_000, 1_000);
    await watch.enter('phases');
    await watch.enter('perf');
    await engine.stop();
    expect(await watch.check()).toBe(false);
    expect(watch.lost).toMatchObject({ during: 'perf' });
    expect(watch.lost!.cause).toMatch(/engine-unreachable|ENOENT|ECONNREFUSED/);
  });
});

describe('the report of a run whose engine was lost', () => {
  it('says so before the summary, with the stage and the cause; a normal run says nothing of it', () => {
    const results = sampleResults();
    results.engineLost = {
      during: 'perf',
      cause: 'Docker Engine ping failed (engine-unreachable): connect ENOENT /var/run/docker.sock',
      at: '2026-12-01T21:00:00.000Z',
    };
    const report = renderAll(results, defaultPolicy(), results.configSource!.text).report;
    const banner = report.indexOf('**This run failed: the Docker Engine stopped answering during perf**');
    expect(banner).toBeGreaterThan(0);
    expect(banner).toBeLessThan(report.indexOf('## Summary'));
    expect(report).toContain('connect ENOENT /var/run/docker.sock');
    const normal = renderAll(sampleResults(), defaultPolicy(), sampleResults().configSource!.text).report;
    expect(normal).not.toContain('stopped answering');
  });
});
