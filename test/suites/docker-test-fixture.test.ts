// The rules of the Docker suites' fixture (suites/support/docker-test.ts), proven on the rule
// itself and on a real vitest run of a probe file: in CI a missing engine fails the file, on a
// laptop it skips loudly, and runscTest skips with its reason on an engine without runsc. The
// engine is never another host: a unix socket nobody listens on, or a fake engine on one.
import { createServer, type Server } from 'node:http';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVitest, type Reporter, type TestCase, type TestModule } from 'vitest/node';
import { REPO_ROOT } from '../../harness/sandbox/docker/image.ts';
import { judgeEngine, type EngineStatus } from '../../suites/support/engine.ts';

const docker = {} as Docker;
const missing: EngineStatus = { available: false, reason: 'connect ENOENT /tmp/x/nobody.sock', runtimes: [], docker };

describe('judgeEngine: the rule', () => {
  it('in CI a missing engine is an error naming the cause and the fix, never a skip', () => {
    expect(() => judgeEngine(missing, true)).toThrow(
      'CI=true and no Docker Engine answers (connect ENOENT /tmp/x/nobody.sock); start one with: sudo scripts/docker-engine.sh',
    );
  });

  it('on a laptop a missing engine is a skip with the same reason', () => {
    expect(judgeEngine(missing, false)).toEqual({
      skipBecause:
        'no Docker Engine answers (connect ENOENT /tmp/x/nobody.sock); start one with: sudo scripts/docker-engine.sh',
    });
  });

  it('an engine that answers is used, CI or not, with its runtimes', () => {
    const answering: EngineStatus = { available: true, runtimes: ['runc'], docker };
    for (const ci of [true, false])
      expect(judgeEngine(answering, ci)).toEqual({ engine: { docker, runtimes: ['runc'] } });
  });
});

/** What a test of the probe file does: a hook and tests through the fixture, and one without it. */
const PROBE = (fixture: string) => `import { describe, expect, it } from 'vitest';
import { dockerTest, runscTest } from ${JSON.stringify(fixture)};

it('needs no engine', () => expect(1 + 1).toBe(2));

describe('needs the engine', () => {
  dockerTest.beforeAll(({ engine }) => console.log('hook ran with runtimes ' + engine.runtimes.join(',')));
  dockerTest('gets the engine and the shipped config', ({ engine, config }) => {
    expect(engine.runtimes).toEqual(['runc']);
    expect(config.docker.runtime).toBe('runc');
  });
  runscTest('gets runsc', ({ runtime }) => expect(runtime).toBe('runsc'));
});

const extended = dockerTest.extend('runtimeCount', { scope: 'file' }, ({ engine }) => engine.runtimes.length);
describe('through a file fixture built on dockerTest', () => {
  extended('still skips without an engine', ({ runtimeCount }) => expect(runtimeCount).toBe(1));
});
`;

/** A Docker Engine API on a unix socket that knows two calls: `docker info` (runc only) and an empty container list. */
async function fakeEngine(socketPath: string): Promise<Server> {
  const server = createServer((request, response) => {
    const url = request.url ?? '';
    const body = /\/info$/.test(url)
      ? { Runtimes: { runc: { path: 'runc' } } }
      : /\/containers\/json/.test(url)
        ? []
        : undefined;
    response.writeHead(body === undefined ? 404 : 200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body ?? { message: `the fake engine has no ${url}` }));
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return server;
}

interface ProbeRun {
  tests: Map<string, { state: string; note?: string }>;
  moduleErrors: Map<string, string[]>;
  /** What the probe's workers printed, in all three projects: `warning` (the skip warnings) and `log`. */
  logs: Map<string, string>;
}

/**
 * One vitest run of the probe file in three projects that differ only in their environment:
 * CI=true with no engine, no CI with no engine, no CI with the fake engine (runc only). Each
 * project runs the file in its own worker with setup.ts, as the phase projects do.
 */
async function runProbe(root: string, nobodySocket: string, fakeSocket: string): Promise<ProbeRun> {
  const project = (name: string, env: Record<string, string>) => ({
    test: { name, include: ['t/*.test.ts'], env, setupFiles: [path.join(REPO_ROOT, 'suites/support/setup.ts')] },
  });
  const config = {
    test: {
      projects: [
        project('ci-no-engine', { CI: 'true', DOCKER_HOST: `unix://${nobodySocket}` }),
        project('laptop-no-engine', { DOCKER_HOST: `unix://${nobodySocket}` }),
        project('laptop-runc-only', { DOCKER_HOST: `unix://${fakeSocket}` }),
      ],
    },
  };
  await writeFile(path.join(root, 'vitest.config.mjs'), `export default ${JSON.stringify(config)};\n`);
  const run: ProbeRun = { tests: new Map(), moduleErrors: new Map(), logs: new Map() };
  const collector: Reporter = {
    onTestCaseResult(testCase: TestCase) {
      const result = testCase.result() as { state: string; note?: string };
      run.tests.set(`${testCase.project.name} > ${testCase.fullName}`, {
        state: result.state,
        ...(result.note ? { note: result.note } : {}),
      });
    },
    onUserConsoleLog(log) {
      const key = log.content.includes('SKIPPING') ? 'warning' : 'log';
      run.logs.set(key, (run.logs.get(key) ?? '') + log.content);
    },
    onTestRunEnd(modules: ReadonlyArray<TestModule>) {
      for (const module of modules)
        run.moduleErrors.set(
          module.project.name,
          module.errors().map((e) => e.message),
        );
    },
  };
  // CI=true of the process running this test (CI itself) must not leak into the laptop projects.
  const ciBefore = process.env.CI;
  delete process.env.CI;
  const exitCodeBefore = process.exitCode;
  try {
    const vitest = await startVitest('test', [], { root, watch: false, reporters: [collector] }, undefined, {
      stdout: process.stderr,
    });
    await vitest.close();
  } finally {
    process.exitCode = exitCodeBefore;
    if (ciBefore === undefined) delete process.env.CI;
    else process.env.CI = ciBefore;
  }
  return run;
}

describe('dockerTest and runscTest in a real vitest run', () => {
  let root: string;
  let engine: Server;
  let run: ProbeRun;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'sandbox-gate-fixture-'));
    await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    await mkdir(path.join(root, 't'));
    await writeFile(
      path.join(root, 't', 'probe.test.ts'),
      PROBE(path.join(REPO_ROOT, 'suites/support/docker-test.ts')),
    );
    engine = await fakeEngine(path.join(root, 'fake-engine.sock'));
    run = await runProbe(root, path.join(root, 'nobody-listens.sock'), path.join(root, 'fake-engine.sock'));
  }, 120_000);

  afterAll(async () => {
    await new Promise<void>((resolve) => (engine ? engine.close(() => resolve()) : resolve()));
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('CI=true and no engine: the file fails to load, naming the socket and the fix; no test of it runs', () => {
    expect(run.moduleErrors.get('ci-no-engine')).toEqual([
      expect.stringMatching(
        /^CI=true and no Docker Engine answers \(connect ENOENT .*nobody-listens\.sock\); start one with: sudo scripts\/docker-engine\.sh$/,
      ),
    ]);
    expect([...run.tests.keys()].filter((name) => name.startsWith('ci-no-engine'))).toEqual([]);
  });

  it('no CI and no engine: the Docker tests skip, hooks included, one loud warning for the file; the test without the engine runs', () => {
    const laptop = Object.fromEntries(
      [...run.tests]
        .filter(([name]) => name.startsWith('laptop-no-engine'))
        .map(([name, t]) => [name.slice('laptop-no-engine > '.length), t.state]),
    );
    expect(laptop).toEqual({
      'needs no engine': 'passed',
      'needs the engine > gets the engine and the shipped config': 'skipped',
      'needs the engine > gets runsc': 'skipped',
      'through a file fixture built on dockerTest > still skips without an engine': 'skipped',
    });
    expect(run.moduleErrors.get('laptop-no-engine')).toEqual([]);
    const warning = run.logs.get('warning') ?? '';
    expect(
      warning.match(
        /\*\*\* SKIPPING the Docker suites: no Docker Engine answers \(connect ENOENT .*nobody-listens\.sock\); start one with: sudo scripts\/docker-engine\.sh \*\*\*/g,
      ),
    ).toHaveLength(1);
    // The hook printed only where an engine answered.
    expect((run.logs.get('log') ?? '').match(/hook ran with runtimes runc/g)).toHaveLength(1);
  });

  it('an engine without runsc: dockerTest runs with engine and config, runscTest skips with the reason as its note', () => {
    const get = (name: string) => run.tests.get(`laptop-runc-only > ${name}`);
    expect(get('needs the engine > gets the engine and the shipped config')).toEqual({ state: 'passed' });
    expect(get('through a file fixture built on dockerTest > still skips without an engine')).toEqual({
      state: 'passed',
    });
    expect(get('needs the engine > gets runsc')).toEqual({
      state: 'skipped',
      note: 'the engine has no runsc runtime (it has runc); to register it, install gVisor and run: sudo SANDBOX_GATE_RELOAD_ENGINE=1 scripts/docker-engine.sh',
    });
    expect(run.moduleErrors.get('laptop-runc-only')).toEqual([]);
  });
});
