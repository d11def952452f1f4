import { Counter, Histogram, Registry } from 'prom-client';
import type { ExecutionResult } from './execution-result.ts';

/**
 * The sandbox's Prometheus metrics, named as the reference report named them. Each wrapper
 * owns a Registry of its own (never prom-client's global one), so two wrappers in one process
 * never share or collide; `registry.metrics()` gives the exposition text.
 */
export class SandboxMetrics {
  readonly registry = new Registry();
  readonly dockerExecutions = new Counter({
    name: 'docker_sandbox_executions_total',
    help: 'Executions that ran in a Docker sandbox, by status.',
    labelNames: ['status'],
    registers: [this.registry],
  });
  readonly localExecutions = new Counter({
    name: 'ast_only_executions_total',
    help: 'Executions that ran in the local mode (AST validation, SES and a child process), by status and whether degraded.',
    labelNames: ['status', 'degraded'],
    registers: [this.registry],
  });
  readonly fallbacks = new Counter({
    name: 'sandbox_fallback_count',
    help: 'Fallbacks from Docker to the local mode, by reason; every fallback counts, raised or returned.',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly executionSeconds = new Histogram({
    name: 'sandbox_execution_time_seconds',
    help: 'Execution time from the first attempt to the result, by mode and status.',
    labelNames: ['mode', 'status'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  readonly startupSeconds = new Histogram({
    name: 'container_startup_time_seconds',
    help: 'Container create to started, cold or pooled.',
    labelNames: ['pooled'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly dockerErrors = new Counter({
    name: 'docker_errors_total',
    help: 'Infrastructure errors from the Docker Engine, by reason.',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly containerTimeouts = new Counter({
    name: 'container_timeout_total',
    help: 'Executions killed by the harness timeout, by mode.',
    labelNames: ['mode'],
    registers: [this.registry],
  });

  /**
   * enabled false (`sandbox.monitoring.enabled: false`): the registry is emptied, so nothing
   * is exposed or snapshotted; the counters still exist, unregistered, so callers need no check.
   */
  constructor(options: { enabled?: boolean } = {}) {
    if (options.enabled === false) this.registry.clear();
  }

  /** Records one finished execution (after any fallback). */
  record(result: ExecutionResult, totalMs: number): void {
    if (result.mode === 'docker') this.dockerExecutions.inc({ status: result.status });
    else this.localExecutions.inc({ status: result.status, degraded: String(result.degraded) });
    this.executionSeconds.observe({ mode: result.mode, status: result.status }, totalMs / 1000);
    if (result.status === 'timeout') this.containerTimeouts.inc({ mode: result.mode });
    const startMs = result.timeline?.startMs;
    if (result.mode === 'docker' && startMs !== undefined)
      this.startupSeconds.observe({ pooled: String(result.timeline?.pooled === true) }, startMs / 1000);
  }

  /** A snapshot for results.json: every metric with its values. */
  async snapshot(): Promise<unknown> {
    return this.registry.getMetricsAsJSON();
  }
}
