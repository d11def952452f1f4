import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import createDebug from 'debug';
import type { SandboxConfig } from '../config/sandbox-config.ts';
import { DockerExecutor } from '../sandbox/docker/docker-executor.ts';
import { monotonicClock, type Clock } from '../sandbox/docker/sandbox-container.ts';
import { emptyResult, type ExecutionResult } from '../sandbox/execution-result.ts';
import type { Executor } from '../sandbox/executor.ts';
import {
  CappedText,
  StdoutSplitter,
  captureOutput,
  encodeJob,
  interpretExit,
  resultMarker,
  type RunnerJob,
} from '../sandbox/runner-protocol.ts';

const debug = createDebug('sandbox-gate:bench');

/** Exit codes of `docker run` itself (not the container's): daemon error, cannot invoke, not found. */
const CLI_FAILURE_CODES = new Set([125, 126, 127]);

/**
 * The `docker run --rm -i` flags equivalent to a container spec built by buildContainerSpec:
 * the same image, command, user, labels and every hardening setting. The seccomp profile goes
 * by path, as the CLI reads the file itself.
 */
export function dockerRunArgs(spec: Docker.ContainerCreateOptions, seccompPath: string, name: string): string[] {
  const host = spec.HostConfig ?? {};
  const args = ['run', '--rm', '-i', `--name=${name}`];
  if (host.NetworkMode) args.push(`--network=${host.NetworkMode}`);
  if (host.ReadonlyRootfs) args.push('--read-only');
  for (const cap of host.CapDrop ?? []) args.push(`--cap-drop=${cap}`);
  for (const cap of host.CapAdd ?? []) args.push(`--cap-add=${cap}`);
  for (const option of host.SecurityOpt ?? []) {
    args.push(option.startsWith('seccomp=') ? `--security-opt=seccomp=${seccompPath}` : `--security-opt=${option}`);
  }
  if (host.Memory) args.push(`--memory=${host.Memory}b`);
  if (host.MemorySwap) args.push(`--memory-swap=${host.MemorySwap}b`);
  if (host.NanoCpus) args.push(`--cpus=${host.NanoCpus / 1e9}`);
  if (host.PidsLimit) args.push(`--pids-limit=${host.PidsLimit}`);
  for (const [path, options] of Object.entries(host.Tmpfs ?? {})) args.push(`--tmpfs=${path}:${options}`);
  if (host.IpcMode) args.push(`--ipc=${host.IpcMode}`);
  if (host.Runtime) args.push(`--runtime=${host.Runtime}`);
  if (host.LogConfig?.Type) args.push(`--log-driver=${host.LogConfig.Type}`);
  if (spec.User) args.push(`--user=${spec.User}`);
  if (spec.WorkingDir) args.push(`--workdir=${spec.WorkingDir}`);
  for (const [key, value] of Object.entries(spec.Labels ?? {})) args.push(`--label=${key}=${value}`);
  const [entrypoint, ...entryArgs] = [spec.Entrypoint ?? []].flat();
  if (entrypoint) args.push(`--entrypoint=${entrypoint}`);
  args.push(spec.Image!, ...entryArgs, ...[spec.Cmd ?? []].flat());
  return args;
}

/**
 * The naive reference: each job through `docker run --rm -i` of the Docker CLI, with the same
 * image and hardening flags as DockerExecutor and the same framed job on stdin. It measures
 * what the sandbox would cost without the Engine API (a CLI process per execution, AutoRemove).
 * For the benchmark only: it cannot see `State.OOMKilled`, so an OOM shows as a crash.
 */
export class DockerCliExecutor implements Executor {
  readonly mode = 'docker' as const;
  private readonly cold: DockerExecutor;
  private readonly clock: Clock;
  private readonly running = new Map<string, ChildProcess>();

  constructor(
    readonly config: SandboxConfig,
    options: { docker?: Docker; clock?: Clock; configFile?: string } = {},
    /** The CLI binary. @default 'docker' */
    private readonly cli = 'docker',
  ) {
    this.cold = new DockerExecutor(config, options);
    this.clock = options.clock ?? monotonicClock;
  }

  /** The image (built if absent) and profile, exactly as the cold executor resolves them. */
  prepare() {
    return this.cold.prepare();
  }

  async execute(job: RunnerJob): Promise<ExecutionResult> {
    const { spec, seccomp } = await this.cold.prepare();
    const name = `sandbox-gate-cli-${randomBytes(6).toString('hex')}`;
    const args = dockerRunArgs(spec, seccomp === 'unconfined' ? 'unconfined' : seccomp.path, name);
    const limits = this.cold.limits;
    const started = this.clock();
    const result = emptyResult('docker');
    result.runtime = spec.HostConfig?.Runtime ?? 'runc';

    const child = spawn(this.cli, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.running.set(name, child);
    let timedOut = false;
    const kill = () => this.killContainer(name);
    const stdout = new StdoutSplitter(resultMarker(job.nonce), limits.maxStdoutBytes, limits.maxResultBytes, kill);
    const stderr = new CappedText(limits.maxStdoutBytes, kill);
    child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(encodeJob(job));
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, limits.timeoutMs);

    const { exitCode, signal, spawnError } = await new Promise<{
      exitCode: number | null;
      signal: NodeJS.Signals | null;
      spawnError?: Error;
    }>((resolve) => {
      child.once('error', (error) => resolve({ exitCode: null, signal: null, spawnError: error }));
      child.once('close', (code, sig) => resolve({ exitCode: code, signal: sig }));
    });
    clearTimeout(timer);
    this.running.delete(name);
    stdout.end();
    const frame = stdout.frame();
    if (spawnError || (!frame && exitCode !== null && CLI_FAILURE_CODES.has(exitCode))) {
      Object.assign(result, {
        status: 'infra-error',
        message: `docker run failed: ${spawnError?.message ?? stderr.text().trim()}`,
      });
    } else {
      Object.assign(
        result,
        interpretExit({
          frame,
          exitCode,
          signal: exitCode === 137 ? 'SIGKILL' : signal,
          timedOut,
          timeoutMs: limits.timeoutMs,
          cgroupOomKilled: false,
          stdoutOverflow: stdout.strategyOutput.overflowed,
          stderrOverflow: stderr.overflowed,
          resultTooLarge: stdout.resultTooLarge,
          stderrText: stderr.text(),
          memoryBytes: limits.memoryBytes,
        }),
      );
    }
    result.exitCode = exitCode;
    result.signal = signal;
    captureOutput(result, stdout, stderr);
    result.durationMs = this.clock() - started;
    return result;
  }

  /** `docker kill` by name: killing the CLI process alone would leave the container running. */
  private killContainer(name: string): void {
    const killer = spawn(this.cli, ['kill', name], { stdio: 'ignore' });
    killer.on('error', (error) => debug('docker kill %s failed: %s', name, error.message));
  }

  /** Kills what still runs; `--rm` removes each container when it exits. */
  async close(): Promise<void> {
    for (const [name, child] of this.running) {
      this.killContainer(name);
      await new Promise((resolve) => child.once('close', resolve));
    }
    this.running.clear();
  }
}
