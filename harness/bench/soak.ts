import type Docker from 'dockerode';
import type { SoakRecord } from '../results/results-types.ts';
import type { SandboxConfig } from '../config/sandbox-config.ts';
import { currentSessionId } from '../sandbox/docker/labels.ts';
import { listManagedContainers } from '../sandbox/docker/sweeper.ts';
import type { ExecutionStatus } from '../sandbox/execution-result.ts';
import { SandboxExecutionWrapper } from '../sandbox/wrapper.ts';
import type { BenchWorkload } from './bench-workload.ts';
import { modeConfig } from './create-bench-target.ts';
import { forceGc } from './force-gc.ts';
import { hrtimeClock, type NanoClock } from './raw-samples.ts';

/** Executions before the memory baseline is taken, so first-use allocations do not count as growth. */
const SOAK_WARMUP_EXECUTIONS = 10;
/** Memory is sampled (after a full GC) every this many executions, to show whether growth levels off. */
const MEMORY_SAMPLE_EVERY = 100;

export interface MemorySample {
  executions: number;
  heapUsedBytes: number;
  rssBytes: number;
}

export interface SoakDetails {
  durationMs: number;
  executionsPerSecond: number;
  byStatus: Partial<Record<ExecutionStatus, number>>;
  /** Executions served by a warm container (the rest went cold: the pool had run dry). */
  pooled: number;
  heapUsedBeforeBytes: number;
  heapUsedAfterBytes: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  /** Labelled containers of this session present after the wrapper closed that were not there before. */
  leakedContainerIds: string[];
  /** This process's memory along the soak (after a full GC each time). */
  memory: MemorySample[];
}

/**
 * The soak: `executions` executions through SandboxExecutionWrapper in `auto` mode with the warm
 * pool, one after another, as the trading system runs them. Counts failures (any status other
 * than `ok`), fallbacks (the wrapper's own count), leaked containers (labelled containers of
 * this session left after close that were not there before), and the growth of this process's
 * heap (after a full GC) and RSS from after a short warm-up to after close.
 */
export async function runSoak(
  config: SandboxConfig,
  docker: Docker,
  workload: BenchWorkload,
  executions: number,
  options: { clock?: NanoClock; onProgress?: (line: string) => void } = {},
): Promise<{ record: SoakRecord; details: SoakDetails }> {
  const clock = options.clock ?? hrtimeClock;
  const before = new Set((await listManagedContainers(docker, currentSessionId())).map((info) => info.Id));
  const wrapper = await SandboxExecutionWrapper.create(modeConfig('docker-pool', config), { mode: 'auto', docker });
  const job = workload.kind === 'backtest' ? { code: workload.code, backtest: { data: workload.data } } : { code: workload.code, input: workload.input };
  let failures = 0;
  let pooled = 0;
  let heapBefore = 0;
  let rssBefore = 0;
  const memory: MemorySample[] = [];
  const sampleMemory = (done: number) => {
    forceGc();
    const { heapUsed, rss } = process.memoryUsage();
    memory.push({ executions: done, heapUsedBytes: heapUsed, rssBytes: rss });
    return { heapUsed, rss };
  };
  const started = clock();
  try {
    for (let i = 0; i < executions; i++) {
      if (i === Math.min(SOAK_WARMUP_EXECUTIONS, executions - 1)) ({ heapUsed: heapBefore, rss: rssBefore } = sampleMemory(i));
      const result = await wrapper.execute(job);
      if (result.status !== 'ok') failures += 1;
      if (result.timeline?.pooled) pooled += 1;
      if ((i + 1) % MEMORY_SAMPLE_EVERY === 0) sampleMemory(i + 1);
      if ((i + 1) % 50 === 0 || i + 1 === executions) options.onProgress?.(`soak: ${i + 1}/${executions} executions, ${failures} failures, ${wrapper.stats.fallbacks} fallbacks`);
    }
  } finally {
    await wrapper.close();
  }
  const durationMs = Number(clock() - started) / 1e6;
  const { heapUsed: heapAfter, rss: rssAfter } = sampleMemory(wrapper.stats.executions);
  const leaked = (await listManagedContainers(docker, currentSessionId())).map((info) => info.Id).filter((id) => !before.has(id));
  return {
    record: {
      mode: 'docker-pool',
      workload: workload.name,
      executions: wrapper.stats.executions,
      failures,
      fallbacks: wrapper.stats.fallbacks,
      leakedContainers: leaked.length,
      heapGrowthBytes: heapAfter - heapBefore,
      rssGrowthBytes: rssAfter - rssBefore,
    },
    details: {
      durationMs,
      executionsPerSecond: wrapper.stats.executions / (durationMs / 1000),
      byStatus: wrapper.stats.byStatus,
      pooled,
      heapUsedBeforeBytes: heapBefore,
      heapUsedAfterBytes: heapAfter,
      rssBeforeBytes: rssBefore,
      rssAfterBytes: rssAfter,
      leakedContainerIds: leaked,
      memory,
    },
  };
}
