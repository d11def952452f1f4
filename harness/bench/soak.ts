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
import { SOAK_EXPECTED_STATUS, SOAK_MEMORY_BYTES, SOAK_TIMEOUT_MS, soakJob, soakKindAt, type SoakKind } from './soak-mix.ts';
import { slopeInterval } from './statistics/trend.ts';

/** Executions before the memory baseline is taken, so first-use allocations do not count as growth. */
const SOAK_WARMUP_EXECUTIONS = 10;
/**
 * Memory and handles are sampled (after a full GC) every this many executions: 20 points over
 * 1,000 executions, enough for a slope with a useful interval.
 */
const MEMORY_SAMPLE_EVERY = 50;

export interface MemorySample {
  executions: number;
  heapUsedBytes: number;
  rssBytes: number;
  /** Open handles and requests of this process (sockets, timers, child processes). */
  activeResources: number;
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
  /** Executions per kind of the mix. */
  mix: Partial<Record<SoakKind, number>>;
  /** Executions whose status was not the one their kind must give, per kind and status. */
  unexpected: { kind: SoakKind; expected: ExecutionStatus; status: ExecutionStatus; count: number }[];
}

/**
 * The soak: `executions` executions through SandboxExecutionWrapper in `auto` mode with the warm
 * pool, one after another, as the trading system runs them, mixed (soak-mix.ts): calls,
 * backtests of `workload`, and strategies that time out, run out of memory and flood their
 * output, under a short timeout and a small memory limit. Counts failures (an execution whose
 * status is not the one its kind must give: a call not `ok`, a loop not `timeout`, ...),
 * fallbacks (the wrapper's own count), leaked containers (labelled containers of this session
 * left after close that were not there before), and the trend of this process's heap (after a
 * full GC), RSS and open handles over the executions, as a slope with its 95% interval.
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
  const soakConfig = modeConfig('docker-pool', config);
  soakConfig.docker = { ...soakConfig.docker, timeoutMs: SOAK_TIMEOUT_MS, memoryBytes: SOAK_MEMORY_BYTES };
  const wrapper = await SandboxExecutionWrapper.create(soakConfig, { mode: 'auto', docker });
  const mix: Partial<Record<SoakKind, number>> = {};
  const unexpected = new Map<string, { kind: SoakKind; expected: ExecutionStatus; status: ExecutionStatus; count: number }>();
  let failures = 0;
  let pooled = 0;
  let heapBefore = 0;
  let rssBefore = 0;
  const memory: MemorySample[] = [];
  const sampleMemory = (done: number) => {
    forceGc();
    const { heapUsed, rss } = process.memoryUsage();
    memory.push({ executions: done, heapUsedBytes: heapUsed, rssBytes: rss, activeResources: process.getActiveResourcesInfo().length });
    return { heapUsed, rss };
  };
  const started = clock();
  try {
    for (let i = 0; i < executions; i++) {
      if (i === Math.min(SOAK_WARMUP_EXECUTIONS, executions - 1)) ({ heapUsed: heapBefore, rss: rssBefore } = sampleMemory(i));
      const kind = soakKindAt(i);
      mix[kind] = (mix[kind] ?? 0) + 1;
      const result = await wrapper.execute(soakJob(kind, workload, i));
      const expected = SOAK_EXPECTED_STATUS[kind];
      if (result.status !== expected) {
        failures += 1;
        const key = `${kind}:${result.status}`;
        const entry = unexpected.get(key) ?? { kind, expected, status: result.status, count: 0 };
        entry.count += 1;
        unexpected.set(key, entry);
      }
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
  // The trend from after the warm-up: first-use allocations are not growth.
  const steady = memory.filter((sample) => sample.executions >= Math.min(SOAK_WARMUP_EXECUTIONS, executions - 1));
  const trend = (pick: (sample: MemorySample) => number) => slopeInterval(steady.map((sample) => [sample.executions, pick(sample)] as const));
  const heapSlope = trend((sample) => sample.heapUsedBytes);
  const rssSlope = trend((sample) => sample.rssBytes);
  const handlesSlope = trend((sample) => sample.activeResources);
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
      mix: { ...mix },
      ...(heapSlope ? { heapSlopeBytesPerExecution: heapSlope } : {}),
      ...(rssSlope ? { rssSlopeBytesPerExecution: rssSlope } : {}),
      ...(handlesSlope ? { handlesSlopePerExecution: handlesSlope } : {}),
      handlesBefore: steady[0]?.activeResources ?? 0,
      handlesAfter: memory.at(-1)?.activeResources ?? 0,
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
      mix,
      unexpected: [...unexpected.values()],
    },
  };
}
