// Phase 2, the CLI without an engine, as a user meets it: a child process with DOCKER_HOST at
// a socket nobody listens on, or at one that accepts and never answers (a hung dockerd).
// `run`, `bench`, `audit` and `exec --mode docker` must exit 3 naming the fix, before any
// suite or measurement starts and without writing a report; `exec` in auto mode must fall
// back and answer a degraded `ok` within the job timeout plus the grace.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import type { ExecutionResult } from '../../harness/sandbox/execution-result.ts';
import { dockerTest } from '../support/docker-test.ts';
import { runSandboxGate } from '../support/sandbox-gate-cli.ts';
import { EngineProxy, engineSocketPath } from '../support/engine-proxy.ts';
import { shippedConfigFile } from '../support/shipped-config.ts';
import { nobodyListensSocket, tempDir, writeTemp } from '../support/temp-files.ts';

/** The bound for an environment error, from the user's side (process start included). */
const ENVIRONMENT_ANSWER_MS = 15_000;

describe('the CLI with no engine, or a hung one', () => {
  const commands: Array<[string, (out: string) => string[]]> = [
    ['run', (out) => ['run', '--out', out, '--soak', '0']],
    ['bench', () => ['bench', '--modes', 'docker-pool', '--iterations', '2']],
    ['audit', () => ['audit']],
    [
      'exec --mode docker',
      () => ['exec', 'suites/fixtures/strategies/benign/buy-and-hold.js', '--backtest', '--mode', 'docker'],
    ],
  ];

  for (const [name, args] of commands) {
    dockerTest(
      `${name} with DOCKER_HOST where nobody listens: exit 3 naming the engine and the fix, nothing written`,
      async ({ task }) => {
        await using socket = await nobodyListensSocket();
        await using folder = await tempDir('preflight');
        const out = path.join(folder.dir, 'out');
        const run = await runSandboxGate(args(out), { DOCKER_HOST: `unix://${socket.socketPath}` });
        expect(run.code, run.stderr).toBe(3);
        expect(run.stderr).toContain(`needs a Docker Engine and none answers at unix://${socket.socketPath}`);
        expect(run.stderr).toContain('scripts/docker-engine.sh');
        expect(run.stderr).toContain('sandbox-gate doctor');
        // No report blames the sandbox for a missing engine: nothing was written at all.
        expect(existsSync(out)).toBe(false);
        expect(run.elapsedMs).toBeLessThanOrEqual(ENVIRONMENT_ANSWER_MS);
        task.meta.evidence = {
          command: name,
          exitCode: run.code,
          elapsedMs: run.elapsedMs,
          boundMs: ENVIRONMENT_ANSWER_MS,
        };
      },
    );
  }

  dockerTest(
    'bench with a hung engine (accepts, never answers): exit 3 with engine-timeout, within the bound',
    async ({ task, engine }) => {
      await using proxy = await EngineProxy.start(await engineSocketPath(engine.docker), 'never-answer');
      const run = await runSandboxGate(['bench', '--modes', 'docker-pool', '--iterations', '2'], {
        DOCKER_HOST: `unix://${proxy.socketPath}`,
      });
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toMatch(/\(engine-timeout\): no answer within 3 s/);
      expect(run.elapsedMs).toBeLessThanOrEqual(ENVIRONMENT_ANSWER_MS);
      task.meta.evidence = {
        command: 'bench (hung engine)',
        exitCode: run.code,
        elapsedMs: run.elapsedMs,
        boundMs: ENVIRONMENT_ANSWER_MS,
      };
    },
  );

  dockerTest(
    'doctor with a hung engine: exit 3, the engine check timed out after its 3 s, each check with its duration',
    async ({ engine }) => {
      await using proxy = await EngineProxy.start(await engineSocketPath(engine.docker), 'never-answer');
      const run = await runSandboxGate(['doctor', '--json'], { DOCKER_HOST: `unix://${proxy.socketPath}` });
      expect(run.code, run.stderr).toBe(3);
      const report = JSON.parse(run.stdout) as {
        checks: Array<{ name: string; ok: boolean; durationMs: number; detail: string }>;
      };
      const engineCheck = report.checks.find((check) => check.name === 'engine')!;
      expect(engineCheck.ok).toBe(false);
      expect(engineCheck.detail).toMatch(/engine-timeout/);
      expect(engineCheck.durationMs).toBeGreaterThanOrEqual(3_000);
      expect(engineCheck.durationMs).toBeLessThan(10_000);
      for (const check of report.checks) expect(typeof check.durationMs).toBe('number');
    },
  );

  dockerTest(
    'exec in auto mode with a hung engine: a degraded ok from the local mode, within the job timeout plus the grace',
    async ({ task, engine }) => {
      await using proxy = await EngineProxy.start(await engineSocketPath(engine.docker), 'never-answer');
      await using folder = await tempDir('preflight');
      const { file: config } = await shippedConfigFile(folder.dir, 'hung.yaml', [
        [['sandbox', 'docker', 'timeout_seconds'], 30],
        [['sandbox', 'docker', 'api_timeout_seconds'], 2],
      ]);
      const strategy = await writeTemp(
        folder.dir,
        'double.js',
        'export default function strategy(input) { return { doubled: input.n * 2 }; }\n',
      );
      const input = await writeTemp(folder.dir, 'input.json', '{"n": 21}');
      const run = await runSandboxGate(['exec', strategy, '--config', config, '--input', input, '--json'], {
        DOCKER_HOST: `unix://${proxy.socketPath}`,
      });
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as ExecutionResult;
      expect(result).toMatchObject({
        status: 'ok',
        mode: 'local',
        degraded: true,
        value: { doubled: 42 },
        attempts: 2,
      });
      expect(result.fallbackReason).toMatch(/^engine-timeout: .*no answer within 2 s/);
      const boundMs = (30 + 2) * 1000;
      expect(run.elapsedMs).toBeLessThanOrEqual(boundMs);
      task.meta.evidence = {
        command: 'exec --mode auto (hung engine)',
        exitCode: run.code,
        status: result.status,
        degraded: result.degraded,
        fallbackReason: result.fallbackReason,
        elapsedMs: run.elapsedMs,
        boundMs,
      };
    },
  );
});
