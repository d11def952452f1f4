// The one way a phase suite gets the Docker Engine and the config:
//
//   dockerTest('…', async ({ engine, config }) => …)   // engine: client + runtimes, config: the shipped one
//   runscTest('…', async ({ engine, config }) => …)    // the same, on an engine that has gVisor (runsc)
//
// The rules (engine.ts `judgeEngine`), decided once per file when the file is collected:
// - in CI (CI=true) a missing engine fails the file: this module throws, so the file fails to load;
// - on a laptop without an engine every test registered through dockerTest/runscTest is
//   skipped (one warning per file says why and how to start one), and a describe whose tests
//   are all skipped runs none of its hooks, so `dockerTest.beforeAll(({ engine }) => …)` is safe;
// - runscTest skips each test, with the reason as its note, when the engine has no runsc.
// Tests that need no engine (pure statistics, a profile file) keep plain `it`.
import { test } from 'vitest';
import { requireEngine, type Engine } from './engine.ts';
import { shippedConfig } from './shipped-config.ts';
import './task-meta.ts';

const verdict = await requireEngine();

const engineTest = test
  .extend('engine', { scope: 'file' }, (): Engine => {
    if ('engine' in verdict) return verdict.engine;
    // Only reachable from a hook of a describe that also holds tests without the engine.
    throw new Error(
      `the engine fixture was asked for, but ${verdict.skipBecause}; move the hook into a describe of dockerTest tests only`,
    );
  })
  .extend('config', () => shippedConfig());

const runscOnlyTest = engineTest.extend('runtime', { auto: true }, ({ engine, skip }): 'runsc' => {
  if (!engine.runtimes.includes('runsc')) {
    skip(
      `the engine has no runsc runtime (it has ${engine.runtimes.join(', ') || 'none'}); to register it, install gVisor and run: sudo SANDBOX_GATE_RELOAD_ENGINE=1 scripts/docker-engine.sh`,
    );
  }
  return 'runsc';
});

/**
 * `api` with every test it registers skipped, also those of the test APIs `extend` builds from
 * it: vitest's `extend` starts a fresh chain, which would forget `.skip` and run them.
 */
function skipAll<Api extends { skip: object; extend: object }>(api: Api): Api {
  const extend = (...args: unknown[]) => skipAll((api.extend as (...a: unknown[]) => Api)(...args));
  return Object.assign(api.skip, { extend }) as unknown as Api;
}

/** Tests that need the Docker Engine: fixtures `engine` (once per file) and `config` (a fresh shipped config per test). */
export const dockerTest = 'engine' in verdict ? engineTest : skipAll(engineTest);

/** Tests of the runsc runtime: as dockerTest, and skipped with the reason when the engine has no runsc; `runtime` is 'runsc'. */
export const runscTest = 'engine' in verdict ? runscOnlyTest : skipAll(runscOnlyTest);
