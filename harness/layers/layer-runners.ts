import type Docker from 'dockerode';
import type { SandboxConfig } from '../config/sandbox-config.ts';
import { DockerExecutor } from '../sandbox/docker/docker-executor.ts';
import type { ExecutionResult } from '../sandbox/execution-result.ts';
import type { Executor } from '../sandbox/executor.ts';
import { LocalExecutor } from '../sandbox/local/local-executor.ts';
import { prepareStrategyJob } from '../sandbox/prepare-job.ts';
import { SandboxExecutionWrapper } from '../sandbox/wrapper.ts';
import type { MarketData } from '../workload/market-data.ts';

/** One execution in a column that bypasses the wrapper. */
export interface ColumnRun {
  /** False when the harness refused the job before anything started (the module-to-script shape). */
  ran: boolean;
  result: ExecutionResult;
}

export interface LayerRunnersOptions {
  /** The configuration every column runs with (see matrixConfig). */
  config: SandboxConfig;
  /** The strategies' input: market data `{ dates, tickers, close }`. */
  data: MarketData;
  /** Engine client; by default one that honours DOCKER_HOST. */
  docker?: Docker;
}

/**
 * The three runtime configurations of the layer matrix, each built from the real executors:
 *
 * - layer 1b alone: LocalExecutor with `permissionModel: false` (audit only): the runner's
 *   lockdown and Compartment in a child process with the heap cap, timeout and output caps,
 *   and nothing else; no validation.
 * - container alone: DockerExecutor (cold, hardened, seccomp) with `relax: { noCompartment: true }`
 *   (audit only): the runner evaluates without lockdown or Compartment; no validation.
 * - all layers: SandboxExecutionWrapper in `docker` mode, validation on, a backtest as users
 *   run it (metrics computed outside, on the `ok` values).
 *
 * Owns every executor it creates; `close()` releases them (containers are removed after each
 * run by the executors themselves).
 */
export class LayerRunners implements AsyncDisposable {
  private readonly local: LocalExecutor;
  private readonly container: DockerExecutor;
  private readonly wrapper: Promise<SandboxExecutionWrapper>;
  private closed = false;

  constructor(private readonly options: LayerRunnersOptions) {
    this.local = new LocalExecutor(options.config, { permissionModel: false });
    this.container = new DockerExecutor(options.config, {
      ...(options.docker ? { docker: options.docker } : {}),
      relax: { noCompartment: true },
    });
    this.wrapper = SandboxExecutionWrapper.create(options.config, {
      mode: 'docker',
      ...(options.docker ? { docker: options.docker } : {}),
    });
  }

  /** Layer 1b alone. */
  layer1b(code: string): Promise<ColumnRun> {
    return this.runPrepared(this.local, code);
  }

  /** The container alone. */
  containerAlone(code: string): Promise<ColumnRun> {
    return this.runPrepared(this.container, code);
  }

  /** Every layer, through the wrapper: validation, the hardened container, the Compartment, the backtest. */
  async allLayers(code: string): Promise<ExecutionResult> {
    this.assertOpen();
    const wrapper = await this.wrapper;
    return wrapper.execute({ code, backtest: { data: this.options.data } });
  }

  private async runPrepared(executor: Executor, code: string): Promise<ColumnRun> {
    this.assertOpen();
    const prepared = prepareStrategyJob(code, this.options.data, this.options.config.input.maxJobBytes, executor.mode);
    if (prepared.failure) return { ran: false, result: prepared.failure };
    return { ran: true, result: await executor.execute(prepared.job) };
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('these LayerRunners are closed');
  }

  /** Releases the executors and the wrapper (and its warm pool, if configured). Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.local.close(), this.container.close(), this.wrapper.then((wrapper) => wrapper.close())]);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
