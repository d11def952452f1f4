import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_CONFIG } from '../../harness/config/default-config.ts';
import { buildContainerSpec } from '../../harness/sandbox/docker/container-spec.ts';
import { sesBundlePath } from '../../harness/sandbox/docker/image.ts';
import { makeSesCodeCache, runnerNodeFlags, sesCodeCacheName } from '../../harness/sandbox/docker/ses-code-cache.ts';
import { newNonce, type RunnerJob } from '../../harness/sandbox/runner-protocol.ts';
import { runRunner, strategyJob } from './run-runner.ts';

const MiB = 1024 ** 2;

const cacheProbe = (): RunnerJob => ({ nonce: newNonce(), kind: 'probe', probe: 'ses-code-cache', args: {} });
const LOCKED = 'export default function f({ x }) { return { x, locked: Object.isFrozen(Array.prototype) }; }\n';

describe('ses code cache (runner on the host)', () => {
  const flags = runnerNodeFlags(2048 * MiB);
  let dir: string;
  let cache: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ses-code-cache-'));
    cache = path.join(dir, sesCodeCacheName(flags));
    await makeSesCodeCache(process.execPath, flags, sesBundlePath(), cache);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('under the flags it was made with, V8 accepts the cache and the realm is locked down', () => {
    const sesFlags = [`--ses=${sesBundlePath()}`, `--ses-cache=${cache}`];
    expect(runRunner(flags, sesFlags, cacheProbe())).toMatchObject({ ok: true, value: { state: 'accepted' } });
    expect(runRunner(flags, sesFlags, strategyJob(LOCKED, { x: 1 }))).toMatchObject({
      ok: true,
      value: { x: 1, locked: true },
    });
  });

  it('under another heap cap V8 rejects it, and the runner compiles ses from source', () => {
    const other = runnerNodeFlags(1024 * MiB);
    const sesFlags = [`--ses=${sesBundlePath()}`, `--ses-cache=${cache}`];
    expect(other).not.toEqual(flags);
    expect(runRunner(other, sesFlags, cacheProbe())).toMatchObject({ ok: true, value: { state: 'rejected' } });
    expect(runRunner(other, sesFlags, strategyJob(LOCKED, { x: 2 }))).toMatchObject({
      ok: true,
      value: { x: 2, locked: true },
    });
  });

  it('names the state without a cache path, with a missing file and without ses', () => {
    const ses = `--ses=${sesBundlePath()}`;
    expect(runRunner(flags, [ses], cacheProbe())).toMatchObject({ value: { state: 'none' } });
    expect(runRunner(flags, [ses, `--ses-cache=${path.join(dir, 'absent')}`], cacheProbe())).toMatchObject({
      value: { state: 'missing' },
    });
    expect(runRunner(flags, ['--audit-no-compartment'], cacheProbe())).toMatchObject({
      value: { state: 'not-loaded' },
    });
  });
});

describe('the container command line names the cache only where the image holds one', () => {
  const spec = (memoryBytes: number, noCompartment = false) =>
    buildContainerSpec({
      config: { ...DEFAULT_SANDBOX_CONFIG, docker: { ...DEFAULT_SANDBOX_CONFIG.docker, memoryBytes } },
      imageRef: 'sandbox-gate/runner:test',
      seccomp: 'unconfined',
      relax: { noCompartment },
    }).Cmd;

  it('the shipped memory limit: heap cap, runner, ses and its cache', () => {
    expect(spec(DEFAULT_SANDBOX_CONFIG.docker.memoryBytes)).toEqual([
      '--max-old-space-size=1536',
      '/sandbox/runner/runner.cjs',
      '--ses=/sandbox/ses.umd.js',
      '--ses-cache=/sandbox/ses-cache/ses.max-old-space-size=1536.v8cache',
    ]);
  });

  it('another memory limit or none: no cache (V8 would refuse it); layer 1b off: no ses at all', () => {
    expect(spec(512 * MiB)).toEqual([
      '--max-old-space-size=384',
      '/sandbox/runner/runner.cjs',
      '--ses=/sandbox/ses.umd.js',
    ]);
    expect(spec(0)).toEqual(['/sandbox/runner/runner.cjs', '--ses=/sandbox/ses.umd.js']);
    expect(spec(DEFAULT_SANDBOX_CONFIG.docker.memoryBytes, true)).toEqual([
      '--max-old-space-size=1536',
      '/sandbox/runner/runner.cjs',
      '--audit-no-compartment',
    ]);
  });
});
