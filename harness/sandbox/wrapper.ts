import type Docker from 'dockerode';
import createDebug from 'debug';
import { keyRefusedByEngine } from '../config/engine-refusal.ts';
import type { LoadedConfig, SandboxConfig } from '../config/sandbox-config.ts';
import { ConfigError, InfrastructureError } from '../errors.ts';
import { planLookahead, scoreCheckedBacktest } from '../integrity/score-backtest.ts';
import { loadSp500 } from '../workload/market-data.ts';
import { createDockerExecutor } from './docker/create-docker-executor.ts';
import { createEngineClient } from './docker/engine-client.ts';
import { setApiTimeout } from './docker/engine-deadline.ts';
import { engineErrorDetail, isEngineError } from './docker/engine-error.ts';
import { settleRemovals } from './docker/removal-debt.ts';
import { removeContainer } from './docker/remove-container.ts';
import { sweepContainers } from './docker/sweeper.ts';
import type { Clock } from './docker/sandbox-container.ts';
import { monotonicClock } from './docker/sandbox-container.ts';
import type { ExecutionJob } from './execution-job.ts';
import { emptyResult, type ExecutionResult, type ExecutionStatus } from './execution-result.ts';
import type { ExecuteOptions, Executor } from './executor.ts';
import { LocalExecutor } from './local/local-executor.ts';
import { SandboxMetrics } from './metrics.ts';
import { prepareStrategyJob } from './prepare-job.ts';
import { newNonce, type RunnerJob } from './runner-protocol.ts';
import { validateStrategy } from './validator/validate-strategy.ts';

const debug = createDebug('sandbox-gate');

/** `auto` follows `sandbox.enabled` and may fall back; `docker` and `local` are forced, with no fallback. */
export type RoutingMode = 'auto' | 'docker' | 'local';

export interface WrapperOptions {
  /** @default 'auto' */
  mode?: RoutingMode;
  /** Engine client; by default one that honours DOCKER_HOST. */
  docker?: Docker;
  clock?: Clock;
  /** Image build output, for progress on a terminal. */
  onProgress?: (line: string) => void;
}

/** Counts the wrapper keeps besides the Prometheus metrics, for results.json and tests. */
export interface WrapperStats {
  executions: number;
  byStatus: Partial<Record<ExecutionStatus, number>>;
  fallbacks: number;
  fallbackReasons: Record<string, number>;
  /** Attempts in Docker that failed on the infrastructure (each retry counts). */
  infrastructureFailures: number;
}

/**
 * The sandbox as the trading system calls it. Routes each execution to Docker or to the local
 * mode, validates first (layer 1), retries infrastructure failures, falls back only for them,
 * and computes backtest metrics outside the sandbox.
 *
 * Fallback is for infrastructure, never for the strategy: a strategy that times out, runs out
 * of memory, floods output, crashes or is rejected gets that status, never a second run in a
 * weaker mode.
 */
export class SandboxExecutionWrapper {
  /** Prometheus metrics; empty when `sandbox.monitoring.enabled` is false. */
  readonly metrics: SandboxMetrics;
  readonly stats: WrapperStats = {
    executions: 0,
    byStatus: {},
    fallbacks: 0,
    fallbackReasons: {},
    infrastructureFailures: 0,
  };
  private dockerExecutor: Executor | undefined;
  private localExecutor: LocalExecutor | undefined;
  private swept = false;
  private settling: Promise<void> | undefined;
  private closed = false;

  private constructor(
    readonly config: SandboxConfig,
    private readonly options: WrapperOptions,
    private readonly docker: Docker,
    private readonly clock: Clock,
    private readonly configFile?: string,
  ) {
    this.metrics = new SandboxMetrics({ enabled: config.monitoring.enabled });
  }

  /** Creates a wrapper. Nothing is started until the first execution. */
  static async create(
    config: LoadedConfig | SandboxConfig,
    options: WrapperOptions = {},
  ): Promise<SandboxExecutionWrapper> {
    const sandbox = 'sandbox' in config ? config.sandbox : config;
    const file = 'file' in config ? config.file : undefined;
    // Every Engine API call through this client gets the configured deadline (engine-timeout).
    const docker = setApiTimeout(options.docker ?? createEngineClient(), sandbox.docker.apiTimeoutMs);
    return new SandboxExecutionWrapper(sandbox, options, docker, options.clock ?? monotonicClock, file);
  }

  get mode(): RoutingMode {
    return this.options.mode ?? 'auto';
  }

  /**
   * Runs one job and returns its result; never throws for anything the strategy does.
   * `options.timeoutMs` is this job's deadline instead of sandbox.docker.timeout_seconds, in
   * Docker and in a fallback alike (the soak's looping strategies: harness/bench/soak-mix.ts).
   */
  async execute(job: ExecutionJob, options: ExecuteOptions = {}): Promise<ExecutionResult> {
    if (this.closed) throw new Error('this SandboxExecutionWrapper is closed');
    const started = this.clock();
    const result = await this.route(job, options);
    const totalMs = this.clock() - started;
    this.stats.executions += 1;
    this.stats.byStatus[result.status] = (this.stats.byStatus[result.status] ?? 0) + 1;
    this.metrics.record(result, totalMs);
    debug(
      'Execution %s in %s mode (%d ms)%s',
      result.status,
      result.mode,
      Math.round(totalMs),
      result.degraded ? ` degraded: ${result.fallbackReason}` : '',
    );
    return result;
  }

  private async route(job: ExecutionJob, options: ExecuteOptions): Promise<ExecutionResult> {
    const primary = this.mode === 'local' || (this.mode === 'auto' && !this.config.enabled) ? 'local' : 'docker';

    if (job.validate !== false) {
      const report = validateStrategy(job.code);
      if (!report.ok) {
        const count = report.violations.length;
        return {
          ...emptyResult(primary),
          status: 'rejected',
          violations: report.violations,
          message: `layer 1 rejected the strategy: ${count} violation${count === 1 ? '' : 's'}; nothing was run`,
        };
      }
    }

    const data = job.backtest ? (job.backtest.data ?? (await loadSp500())) : undefined;
    const prepared = prepareStrategyJob(job.code, data ?? job.input ?? null, this.config.input.maxJobBytes, primary);
    if (prepared.failure) return prepared.failure;

    let result: ExecutionResult;
    if (primary === 'local') {
      result = await this.local().execute(prepared.job, options);
    } else {
      result = await this.executeInDocker(prepared.job, options);
      if (result.status === 'infra-error' && this.mode === 'auto' && this.config.fallback.enabled) {
        const reason = result.fallbackReason ?? 'infrastructure';
        this.countFallback(reason);
        const fallback = await this.local().execute(prepared.job, options);
        result = {
          ...fallback,
          degraded: true,
          fallbackReason: `${reason}: ${result.message}`,
          attempts: result.attempts,
        };
      }
    }
    // Score integrity (harness/integrity/): valid weights, no look-ahead, then the metrics.
    // The check's jobs run where the full run did (a fallen-back run is checked locally), no fallback.
    if (data && result.status === 'ok') {
      const full = prepared.job;
      const checkMode = result.mode;
      return scoreCheckedBacktest(
        result,
        data,
        this.config.backtest,
        planLookahead(this.config.backtest, data),
        (cuts, timeoutMs) => {
          const job: RunnerJob = { ...full, nonce: newNonce(), ...(cuts ? { lookahead: { cuts } } : {}) };
          return checkMode === 'local'
            ? this.local().execute(job, { timeoutMs })
            : this.executeInDocker(job, { timeoutMs });
        },
      );
    }
    return result;
  }

  /**
   * Executes in Docker with up to `fallback.max_retries` retries of infrastructure failures. An
   * infrastructure failure ends as a result with status `infra-error` (reason kept in
   * `fallbackReason` for the caller to decide on a fallback), whether it was thrown or returned.
   */
  private async executeInDocker(
    job: Parameters<Executor['execute']>[0],
    options: ExecuteOptions = {},
  ): Promise<ExecutionResult> {
    const attemptsAllowed = 1 + this.config.fallback.maxRetries;
    let lastError: InfrastructureError | undefined;
    for (let attempt = 1; attempt <= attemptsAllowed; attempt++) {
      try {
        await this.sweepOnce();
        const result = await this.dockerPath().execute(job, options);
        if (result.status !== 'infra-error') return { ...result, attempts: attempt };
        lastError = new InfrastructureError(
          'daemon-error',
          result.message ?? 'the engine returned an infrastructure error',
        );
      } catch (error) {
        if (!(error instanceof InfrastructureError)) {
          const refused = this.refusedSetting(error);
          if (refused) this.metrics.dockerErrors.inc({ reason: 'config-refused' });
          throw refused ?? error;
        }
        lastError = error;
      }
      this.stats.infrastructureFailures += 1;
      this.metrics.dockerErrors.inc({ reason: lastError.reason });
      debug('Docker attempt %d/%d failed: %s', attempt, attemptsAllowed, lastError.message);
    }
    return {
      ...emptyResult('docker'),
      status: 'infra-error',
      message: lastError!.message,
      fallbackReason: lastError!.reason,
      attempts: attemptsAllowed,
    };
  }

  /**
   * An HTTP 400 from the engine means it refused the container settings (e.g. `cpu_count: 64`
   * on a 2-core host: "Range of CPUs is from 0.01 to 2.00"). That is a configuration error, not
   * infrastructure: it would fail the same way on every retry, and a fallback would silently run
   * every strategy in the weaker mode until someone read the fallback rate. So no retry, no
   * fallback: a ConfigError naming the key (exit 2 in the CLI), as loadConfig would have raised.
   */
  private refusedSetting(error: unknown): ConfigError | undefined {
    if (!isEngineError(error, 'bad-parameter')) return undefined;
    const detail = engineErrorDetail(error);
    const refused = keyRefusedByEngine(detail, this.config);
    const file = this.configFile ?? '(configuration passed in code)';
    return new ConfigError(
      file,
      refused?.keyPath ?? 'sandbox.docker',
      `settings this Docker Engine accepts (it refused them with HTTP 400: ${detail.trim()})`,
      refused?.value ?? 'the settings above',
      { cause: error },
    );
  }

  private countFallback(reason: string): void {
    this.stats.fallbacks += 1;
    this.stats.fallbackReasons[reason] = (this.stats.fallbackReasons[reason] ?? 0) + 1;
    this.metrics.fallbacks.inc({ reason });
  }

  /** The start-up sweep: containers a crashed harness left behind are removed once per wrapper. */
  private async sweepOnce(): Promise<void> {
    // In the background: owed removals wait on an engine that may still be hung.
    this.settling ??= this.settleRemovals().finally(() => (this.settling = undefined));
    if (this.swept) return;
    try {
      await sweepContainers(this.docker);
      this.swept = true;
    } catch (error) {
      // A hung engine fails this attempt now: going on would wait one more deadline per call.
      if (error instanceof InfrastructureError && error.reason === 'engine-timeout') throw error;
      // An unreachable engine shows up on the run itself, with its reason; the sweep retries next time.
      debug('Start-up sweep failed: %s', (error as Error).message);
    }
  }

  private dockerPath(): Executor {
    this.dockerExecutor ??= createDockerExecutor(this.config, {
      docker: this.docker,
      clock: this.clock,
      onProgress: this.options.onProgress,
      configFile: this.configFile,
    });
    return this.dockerExecutor;
  }

  private local(): LocalExecutor {
    this.localExecutor ??= new LocalExecutor(this.config, { clock: this.clock });
    return this.localExecutor;
  }

  /** Stops everything the wrapper started; waits for containers to be removed. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.dockerExecutor?.close(), this.localExecutor?.close(), this.settling]);
    await this.settleRemovals();
  }

  /** Removes containers whose removal failed while the engine did not answer; never throws. */
  private async settleRemovals(): Promise<void> {
    const owed = await settleRemovals(
      this.docker,
      async (container) => void (await removeContainer(container, { timeoutMs: this.config.docker.apiTimeoutMs })),
    );
    if (owed) debug('%d container(s) still owed removal; the engine does not answer', owed);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
