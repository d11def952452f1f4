import { spawn } from 'node:child_process';
import path from 'node:path';
import createDebug from 'debug';
import type { SandboxConfig } from '../../config/sandbox-config.ts';
import { REPO_ROOT, sesBundlePath } from '../docker/image.ts';
import { monotonicClock, type Clock } from '../docker/sandbox-container.ts';
import { emptyResult, type ExecutionResult } from '../execution-result.ts';
import type { ExecuteOptions, Executor } from '../executor.ts';
import { runnerNodeFlags } from '../docker/ses-code-cache.ts';
import { localSesCodeCache } from './local-ses-cache.ts';
import {
  CappedText,
  StdoutSplitter,
  captureOutput,
  encodeJob,
  interpretExit,
  resultMarker,
  type RunnerJob,
} from '../runner-protocol.ts';

const debug = createDebug('sandbox-gate:local');
const RUNNER = path.join(REPO_ROOT, 'docker/runner/runner.cjs');
/** The runner's modules: its look-ahead check (issue 16, imported for check jobs) and its ses loader. */
const RUNNER_LOOKAHEAD = path.join(REPO_ROOT, 'docker/runner/lookahead.mjs');
const RUNNER_SES_LOADER = path.join(REPO_ROOT, 'docker/runner/ses-loader.cjs');

export interface LocalExecutorOptions {
  clock?: Clock;
  /**
   * AUDIT ONLY (the layer matrix, harness/layers/): `false` drops `--experimental-permission`
   * and its `--allow-fs-read` flags, so that the runner's lockdown and Compartment (layer 1b)
   * can be measured alone. Everything else (heap cap, timeout, output caps, empty environment)
   * stays the same. Neither the config file nor the CLI can reach it: the wrapper never passes it.
   * @default true
   */
  permissionModel?: boolean;
}

/**
 * The local (fallback) mode: the same runner file as the container, in a child process under
 * Node's permission model. Layers 1 and 1b apply; layer 2 is replaced by:
 *
 * - `--experimental-permission` with reads allowed only of the runner's files, ses and ses's
 *   code cache: no file writes, no child processes, no worker threads, no native addons;
 * - a V8 heap cap derived from `memory_limit`, the same timeout (SIGKILL), the same output caps;
 * - an empty environment, so no secret of the harness reaches the child.
 *
 * What it does NOT protect: the network (Node 20's permission model has no network scope),
 * CPU share, the number of threads V8 and libuv start, and memory outside the V8 heap
 * (ArrayBuffers) beyond what the host allows. That is why it is the fallback, flagged
 * `degraded`, and never the default.
 */
export class LocalExecutor implements Executor {
  readonly mode = 'local' as const;
  private readonly clock: Clock;
  private readonly permissionModel: boolean;
  private readonly children = new Set<ReturnType<typeof spawn>>();
  /** This host's ses code cache for the runner's flags, made on the first execution. */
  private sesCache: Promise<string | undefined> | undefined;

  constructor(
    readonly config: SandboxConfig,
    options: LocalExecutorOptions = {},
  ) {
    this.clock = options.clock ?? monotonicClock;
    this.permissionModel = options.permissionModel ?? true;
  }

  /**
   * The child's command line; exported for the audit and the docs. `sesCache`: ses's code cache
   * on this host (local-ses-cache.ts); without it the runner compiles ses from source.
   */
  commandLine(sesCache?: string): string[] {
    const ses = sesBundlePath();
    const args = this.permissionModel
      ? [
          '--experimental-permission',
          `--allow-fs-read=${RUNNER}`,
          `--allow-fs-read=${RUNNER_LOOKAHEAD}`,
          `--allow-fs-read=${RUNNER_SES_LOADER}`,
          `--allow-fs-read=${ses}`,
          ...(sesCache ? [`--allow-fs-read=${sesCache}`] : []),
        ]
      : [];
    args.push('--disable-warning=ExperimentalWarning');
    args.push(...runnerNodeFlags(this.config.docker.memoryBytes));
    args.push(RUNNER, `--ses=${ses}`);
    if (sesCache) args.push(`--ses-cache=${sesCache}`);
    return args;
  }

  async execute(job: RunnerJob, options: ExecuteOptions = {}): Promise<ExecutionResult> {
    // Made once, before the clock starts: the first execution does not pay for it.
    const sesCache = await (this.sesCache ??= localSesCodeCache(runnerNodeFlags(this.config.docker.memoryBytes)));
    const started = this.clock();
    const timeoutMs = options.timeoutMs ?? this.config.docker.timeoutMs;
    const result = emptyResult('local');
    const limits = this.config.output;
    const child = spawn(process.execPath, this.commandLine(sesCache), {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {},
      cwd: path.dirname(RUNNER),
    });
    this.children.add(child);
    debug('Started local runner pid %d', child.pid);

    const kill = () => child.kill('SIGKILL');
    const stdout = new StdoutSplitter(resultMarker(job.nonce), limits.maxStdoutBytes, limits.maxResultBytes, kill);
    const stderr = new CappedText(limits.maxStdoutBytes, kill);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    // The child may exit before reading its job (a bad flag): that EPIPE is not ours to throw.
    child.stdin.on('error', () => undefined);
    child.stdin.end(encodeJob(job));

    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);

    return new Promise((resolve) => {
      // 'close' fires after the exit and after stdio has drained: every byte is in.
      child.once('close', (exitCode, signal) => {
        clearTimeout(timer);
        this.children.delete(child);
        stdout.end();
        Object.assign(
          result,
          interpretExit({
            frame: stdout.frame(),
            exitCode,
            signal,
            timedOut,
            timeoutMs,
            cgroupOomKilled: false,
            stdoutOverflow: stdout.strategyOutput.overflowed,
            stderrOverflow: stderr.overflowed,
            resultTooLarge: stdout.resultTooLarge,
            stderrText: stderr.text(),
            memoryBytes: this.config.docker.memoryBytes,
          }),
        );
        result.exitCode = exitCode;
        result.signal = signal;
        captureOutput(result, stdout, stderr);
        result.durationMs = this.clock() - started;
        resolve(result);
      });
    });
  }

  async close(): Promise<void> {
    for (const child of this.children) child.kill('SIGKILL');
    this.children.clear();
  }
}
