// Phase 2, the `exec` command as a user runs it: a child process, real config files, the
// real engine (or a DOCKER_HOST nobody listens on), exit codes and one JSON document.
import { hostname } from 'node:os';
import { describe, expect } from 'vitest';
import { LABEL_OWNER } from '../../harness/sandbox/docker/labels.ts';
import { listManagedContainers } from '../../harness/sandbox/docker/sweeper.ts';
import type { ExecutionResult } from '../../harness/sandbox/execution-result.ts';
import { SMA_CROSSOVER } from '../../harness/workload/reference-strategies.ts';
import { dockerTest } from '../support/docker-test.ts';
import { runSandboxGate, type CliRun } from '../support/sandbox-gate-cli.ts';
import type { Engine } from '../support/engine.ts';
import { shippedConfigFile } from '../support/shipped-config.ts';
import { nobodyListensSocket, tempDir, writeTemp } from '../support/temp-files.ts';

const ECHO_DOUBLE = 'export default function strategy(input) { return { doubled: input.n * 2 }; }\n';
const OOM = `export default function strategy() {
  const keep = [];
  for (let i = 0; i < 32; i++) { const a = new Uint8Array(8 * 1024 * 1024); a.fill(i + 1); keep.push(a); }
  return keep.length;
}
`;
const LOOP = 'export default function strategy() { for (;;) {} }\n';

/**
 * The child is another harness process with its own session, which the setup file's leak
 * check does not see: its containers carry its owner label, and none may outlive it.
 */
async function expectNothingLeftBy(engine: Engine, run: CliRun): Promise<void> {
  const owner = `${hostname()}:${run.pid}`;
  const left = (await listManagedContainers(engine.docker)).filter((c) => c.Labels[LABEL_OWNER] === owner);
  expect(
    left.map((c) => `${c.Id.slice(0, 12)} ${c.State}`),
    `containers left by sandbox-gate pid ${run.pid}`,
  ).toEqual([]);
}

/** `--json` prints exactly one JSON document on stdout. */
function onlyJson(run: CliRun): ExecutionResult {
  const lines = run.stdout.split('\n').filter((line) => line !== '');
  expect(lines, run.stderr).toHaveLength(1);
  return JSON.parse(lines[0]!) as ExecutionResult;
}

/** The shipped config with some keys set, written under os.tmpdir(); comments and order kept. */
async function configFile(dir: string, name: string, changes: Array<[string[], unknown]>): Promise<string> {
  return (await shippedConfigFile(dir, name, changes)).file;
}

describe('exec CLI', () => {
  dockerTest(
    '--mode auto --json with DOCKER_HOST where nobody listens: falls back, degraded, reason given, exit 0',
    async ({ task }) => {
      await using folder = await tempDir('exec');
      await using socket = await nobodyListensSocket();
      const strategy = await writeTemp(folder.dir, 'double.js', ECHO_DOUBLE);
      const input = await writeTemp(folder.dir, 'input.json', '{"n": 21}');
      const run = await runSandboxGate(['exec', strategy, '--mode', 'auto', '--input', input, '--json'], {
        DOCKER_HOST: `unix://${socket.socketPath}`,
      });
      const result = onlyJson(run);
      expect(run.code, run.stderr).toBe(0);
      expect(result).toMatchObject({
        status: 'ok',
        mode: 'local',
        degraded: true,
        value: { doubled: 42 },
        attempts: 2,
      });
      expect(result.fallbackReason).toMatch(/^engine-unreachable: /);
      expect(result.fallbackReason).toContain(socket.socketPath);
      task.meta.evidence = {
        exitCode: run.code,
        status: result.status,
        mode: result.mode,
        degraded: result.degraded,
        fallbackReason: result.fallbackReason,
      };
    },
  );

  dockerTest(
    'a config file with fallback.enabled: false gives infra-error and exit 3 (the environment), nothing run locally',
    async () => {
      await using folder = await tempDir('exec');
      await using socket = await nobodyListensSocket();
      const strategy = await writeTemp(folder.dir, 'double.js', ECHO_DOUBLE);
      const input = await writeTemp(folder.dir, 'input.json', '{"n": 21}');
      const config = await configFile(folder.dir, 'no-fallback.yaml', [[['sandbox', 'fallback', 'enabled'], false]]);
      const run = await runSandboxGate(['exec', strategy, '--config', config, '--input', input, '--json'], {
        DOCKER_HOST: `unix://${socket.socketPath}`,
      });
      const result = onlyJson(run);
      expect(run.code).toBe(3);
      expect(result).toMatchObject({
        status: 'infra-error',
        mode: 'docker',
        degraded: false,
        fallbackReason: 'engine-unreachable',
        attempts: 2,
      });
      expect(result.value).toBeUndefined();
    },
  );

  dockerTest('an OOM in Docker is returned as oom, never re-run locally (exit 1)', async ({ task, engine }) => {
    await using folder = await tempDir('exec');
    const strategy = await writeTemp(folder.dir, 'oom.js', OOM);
    const config = await configFile(folder.dir, 'small.yaml', [
      [['sandbox', 'docker', 'memory_limit'], '128m'],
      [['sandbox', 'fallback', 'enabled'], true],
    ]);
    const run = await runSandboxGate(['exec', strategy, '--config', config, '--mode', 'auto', '--json']);
    const result = onlyJson(run);
    expect(run.code).toBe(1);
    expect(result).toMatchObject({ status: 'oom', mode: 'docker', degraded: false, attempts: 1 });
    expect(result.fallbackReason).toBeUndefined();
    expect(result.containerId).toMatch(/^[0-9a-f]{64}$/);
    await expectNothingLeftBy(engine, run);
    task.meta.evidence = {
      exitCode: run.code,
      status: result.status,
      mode: result.mode,
      degraded: result.degraded,
      message: result.message,
    };
  });

  dockerTest('a timeout in Docker is returned as timeout, never re-run locally (exit 1)', async ({ engine }) => {
    await using folder = await tempDir('exec');
    const strategy = await writeTemp(folder.dir, 'loop.js', LOOP);
    const config = await configFile(folder.dir, 'short.yaml', [
      [['sandbox', 'docker', 'timeout_seconds'], 2],
      [['sandbox', 'fallback', 'enabled'], true],
    ]);
    const run = await runSandboxGate(['exec', strategy, '--config', config, '--json']);
    const result = onlyJson(run);
    expect(run.code).toBe(1);
    expect(result).toMatchObject({ status: 'timeout', mode: 'docker', degraded: false, attempts: 1 });
    expect(result.containerId).toMatch(/^[0-9a-f]{64}$/);
    await expectNothingLeftBy(engine, run);
  });

  dockerTest(
    '--backtest prints the metrics computed outside the sandbox, the same as --json carries',
    async ({ task, engine }) => {
      await using folder = await tempDir('exec');
      const strategy = await writeTemp(folder.dir, 'sma.js', SMA_CROSSOVER);
      const text = await runSandboxGate(['exec', strategy, '--backtest', '--mode', 'docker']);
      const json = await runSandboxGate(['exec', strategy, '--backtest', '--mode', 'docker', '--json']);
      expect(text.code, text.stderr).toBe(0);
      expect(json.code, json.stderr).toBe(0);
      const b = onlyJson(json).backtest!;
      const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
      expect(text.stdout).toContain('status: ok');
      expect(text.stdout).toContain('mode: docker (runc)');
      expect(text.stdout).toContain(
        `backtest: ${b.days} days, total return ${pct(b.totalReturn)}, CAGR ${pct(b.cagr)}, volatility ${pct(b.volatility)}, Sharpe ${b.sharpe.toFixed(3)}, max drawdown ${pct(b.maxDrawdown)}, turnover ${b.turnover.toFixed(4)}/day`,
      );
      expect(b.days).toBe(5104);
      await expectNothingLeftBy(engine, text);
      await expectNothingLeftBy(engine, json);
      task.meta.evidence = {
        printed: text.stdout.split('\n').find((line) => line.startsWith('backtest:')),
        backtest: b,
      };
    },
  );

  dockerTest(
    'a malformed config (memory_limit: lots) exits 2 naming the file and sandbox.docker.memory_limit',
    async () => {
      await using folder = await tempDir('exec');
      const strategy = await writeTemp(folder.dir, 'double.js', ECHO_DOUBLE);
      const config = await configFile(folder.dir, 'lots.yaml', [[['sandbox', 'docker', 'memory_limit'], 'lots']]);
      const run = await runSandboxGate(['exec', strategy, '--config', config, '--json']);
      // With --json, the error is the one JSON document on stdout.
      expect(run.code).toBe(2);
      const { error } = JSON.parse(run.stdout) as { error: { code: string; message: string; exitCode: number } };
      expect(error).toMatchObject({ code: 'SANDBOX_GATE_CONFIG_INVALID', exitCode: 2 });
      expect(error.message).toContain(config);
      expect(error.message).toContain('sandbox.docker.memory_limit');
      expect(error.message).toContain('"lots"');
    },
  );

  dockerTest(
    'a config the engine refuses (cpu_count above the host cores) exits 2 naming sandbox.docker.cpu_count',
    async ({ task, engine }) => {
      await using folder = await tempDir('exec');
      const { NCPU } = (await engine.docker.info()) as { NCPU: number };
      const strategy = await writeTemp(folder.dir, 'double.js', ECHO_DOUBLE);
      const config = await configFile(folder.dir, 'cpus.yaml', [[['sandbox', 'docker', 'cpu_count'], NCPU + 1]]);
      const run = await runSandboxGate(['exec', strategy, '--config', config, '--json']);
      expect(run.code, run.stdout).toBe(2);
      const { error } = JSON.parse(run.stdout) as { error: { message: string; exitCode: number } };
      expect(error.exitCode).toBe(2);
      expect(error.message).toContain(config);
      expect(error.message).toContain('sandbox.docker.cpu_count');
      expect(error.message).toContain('HTTP 400');
      task.meta.evidence = { exitCode: run.code, error };
    },
  );
});
