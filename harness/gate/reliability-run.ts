import type Docker from 'dockerode';
import type { SandboxConfig } from '../config/sandbox-config.ts';
import { currentSessionId } from '../sandbox/docker/labels.ts';
import { listManagedContainers } from '../sandbox/docker/sweeper.ts';
import type { ExecutionStatus } from '../sandbox/execution-result.ts';
import { SandboxExecutionWrapper } from '../sandbox/wrapper.ts';
import { SMA_CROSSOVER } from '../workload/reference-strategies.ts';

/** What the reliability section of results.json reports. */
export interface Reliability {
  /** What was executed, in words: the workload and the routing. */
  workload: string;
  executions: number;
  /** Executions whose status was not `ok`. */
  failures: number;
  /** Executions whose status was `ok` in Docker, not degraded (a fallback that returned ok is no success). */
  successes: number;
  /** Fallbacks to the local mode; counted by the wrapper whether the failure was raised or returned. */
  fallbacks: number;
  fallbackRate: number;
  successRate: number;
  /** Labelled containers of this session still present after the wrapper closed. */
  leakedContainers: number;
  byStatus: Partial<Record<ExecutionStatus, number>>;
  fallbackReasons: Record<string, number>;
}

/**
 * Executes the realistic workload (SMA crossover on the real S&P 500 series) `executions` times
 * through the wrapper in `auto` mode, exactly as the trading system would, and counts.
 * Success means status `ok` in Docker: a degraded success is a fallback, not a success.
 */
export { DEFAULT_RELIABILITY_EXECUTIONS } from './reliability-default.ts';

export async function runReliability(
  config: SandboxConfig,
  docker: Docker,
  executions: number,
  onProgress?: (done: number) => void,
): Promise<Reliability> {
  const wrapper = await SandboxExecutionWrapper.create(config, { mode: 'auto', docker });
  let successes = 0;
  try {
    for (let i = 0; i < executions; i++) {
      const result = await wrapper.execute({ code: SMA_CROSSOVER, backtest: {} });
      if (result.status === 'ok' && !result.degraded) successes += 1;
      onProgress?.(i + 1);
    }
  } finally {
    await wrapper.close();
  }
  const leaked = await listManagedContainers(docker, currentSessionId()).catch(() => []);
  const { stats } = wrapper;
  return {
    workload: 'sp500 backtest of the SMA crossover reference strategy, wrapper in auto mode',
    executions: stats.executions,
    failures: stats.executions - (stats.byStatus.ok ?? 0),
    successes,
    fallbacks: stats.fallbacks,
    fallbackRate: stats.executions ? stats.fallbacks / stats.executions : 0,
    successRate: stats.executions ? successes / stats.executions : 0,
    leakedContainers: leaked.length,
    byStatus: stats.byStatus,
    fallbackReasons: stats.fallbackReasons,
  };
}
