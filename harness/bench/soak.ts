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
import {
  SOAK_EXPECTED_STATUS,
  SOAK_MEMORY_BYTES,
  SOAK_TIMEOUT_MS,
  soakJob,
  soakJobOptions,
  soakKindAt,
  type SoakKind,
} from './soak-mix.ts';
import { slopeInterval } from './statistics/trend.ts';

/**
 * Executions before the memory baseline, as a fraction of the soak (at least 10, at most 300):
 * V8 is still compiling the harness's hot paths then, and that code is growth that stops. In a
 * 600-execution pooled soak (2026-12-02, 2 cores shared) code space went from 1.95 MB at 50 to
 * 2.24 MB at 300 and stayed within 2.22-2.29 MB to 600; a heap snapshot diff between 100 and
 * 300 put 540 KB of the 720 KB growth in code, deopt data and dependent-code lists, and
 * between 300 and 600 no object type outside V8's code grew. Counting from execution 10 the
 * heap slope was 1,019 B/exec [389, 1,650]; from 300, -74 B/exec [-1,723, 1,575]. The
 * default 1,000-execution soak, from 300: 439 B/exec [298, 581], the tail of that compiling;
 * with V8's optimizing compilers off (--no-opt --no-maglev), 600 executions from 180: -151
 * B/exec [-554, 252]. The policy's threshold (maxSoakHeapSlopeBytesPerExecution) leaves room
 * for the tail, not for a leak of a KiB per execution.
 */
export function soakWarmupExecutions(executions: number): number {
  return Math.min(300, Math.max(10, Math.round(executions * 0.3)), Math.max(0, executions - 1));
}
/**
 * Memory and handles are sampled (after a full GC) every this many executions: 28 points over
 * the 700 executions after a 1,000-execution soak's warm-up. A full GC of the ~21 MB heap
 * takes tens of ms, against ~300 ms per pooled execution.
 */
const MEMORY_SAMPLE_EVERY = 25;

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
  /** This process's memory along the soak (after a full GC each time), from the baseline on. */
  memory: MemorySample[];
  /** Before the wrapper was created: the open-handle baseline. */
  beforeWrapper: MemorySample;
  /** After the wrapper closed: its handles must be back to the baseline. Not part of the trends. */
  afterClose: MemorySample;
  /** Executions before the memory baseline (soakWarmupExecutions). */
  warmupExecutions: number;
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
  const memory: MemorySample[] = [];
  const measure = (done: number): MemorySample => {
    forceGc();
    const { heapUsed, rss } = process.memoryUsage();
    return {
      executions: done,
      heapUsedBytes: heapUsed,
      rssBytes: rss,
      activeResources: process.getActiveResourcesInfo().length,
    };
  };
  const sampleMemory = (done: number) => void memory.push(measure(done));
  // The handle baseline is taken before the wrapper exists: close() must give back all it opened.
  const beforeWrapper = measure(0);
  const warmup = soakWarmupExecutions(executions);
  const soakConfig = modeConfig('docker-pool', config);
  soakConfig.docker = { ...soakConfig.docker, timeoutMs: SOAK_TIMEOUT_MS, memoryBytes: SOAK_MEMORY_BYTES };
  const wrapper = await SandboxExecutionWrapper.create(soakConfig, { mode: 'auto', docker });
  const mix: Partial<Record<SoakKind, number>> = {};
  const unexpected = new Map<
    string,
    { kind: SoakKind; expected: ExecutionStatus; status: ExecutionStatus; count: number }
  >();
  let failures = 0;
  let pooled = 0;
  const started = clock();
  try {
    for (let i = 0; i < executions; i++) {
      if (i === warmup) sampleMemory(i);
      const kind = soakKindAt(i);
      mix[kind] = (mix[kind] ?? 0) + 1;
      const result = await wrapper.execute(soakJob(kind, workload, i), soakJobOptions(kind));
      const expected = SOAK_EXPECTED_STATUS[kind];
      if (result.status !== expected) {
        failures += 1;
        const key = `${kind}:${result.status}`;
        const entry = unexpected.get(key) ?? { kind, expected, status: result.status, count: 0 };
        entry.count += 1;
        unexpected.set(key, entry);
      }
      if (result.timeline?.pooled) pooled += 1;
      if ((i + 1) % MEMORY_SAMPLE_EVERY === 0 && i + 1 > warmup) sampleMemory(i + 1);
      if ((i + 1) % 50 === 0 || i + 1 === executions)
        options.onProgress?.(
          `soak: ${i + 1}/${executions} executions, ${failures} failures, ${wrapper.stats.fallbacks} fallbacks`,
        );
    }
  } finally {
    await wrapper.close();
  }
  const durationMs = Number(clock() - started) / 1e6;
  const afterClose = measure(wrapper.stats.executions);
  const leaked = (await listManagedContainers(docker, currentSessionId()))
    .map((info) => info.Id)
    .filter((id) => !before.has(id));
  // The trend of the running wrapper from the baseline on: the sample after close is left out,
  // since dropping the pool's containers there would pull the slope down and hide a leak.
  const trend = (pick: (sample: MemorySample) => number) =>
    slopeInterval(memory.map((sample) => [sample.executions, pick(sample)] as const));
  const baseline = memory[0] ?? beforeWrapper;
  const last = memory.at(-1) ?? afterClose;
  const heapSlope = trend((sample) => sample.heapUsedBytes);
  // RSS is reported, not gated (config/decision-policy.yaml says why): it moves in one-off steps
  // (V8's young generation growing, glibc keeping freed memory) that a slope cannot tell from a leak.
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
      heapGrowthBytes: last.heapUsedBytes - baseline.heapUsedBytes,
      rssGrowthBytes: last.rssBytes - baseline.rssBytes,
      mix: { ...mix },
      ...(heapSlope ? { heapSlopeBytesPerExecution: heapSlope } : {}),
      ...(rssSlope ? { rssSlopeBytesPerExecution: rssSlope } : {}),
      ...(handlesSlope ? { handlesSlopePerExecution: handlesSlope } : {}),
      handlesBefore: beforeWrapper.activeResources,
      handlesAfter: afterClose.activeResources,
    },
    details: {
      durationMs,
      executionsPerSecond: wrapper.stats.executions / (durationMs / 1000),
      byStatus: wrapper.stats.byStatus,
      pooled,
      heapUsedBeforeBytes: baseline.heapUsedBytes,
      heapUsedAfterBytes: last.heapUsedBytes,
      rssBeforeBytes: baseline.rssBytes,
      rssAfterBytes: last.rssBytes,
      leakedContainerIds: leaked,
      memory,
      beforeWrapper,
      afterClose,
      warmupExecutions: warmup,
      mix,
      unexpected: [...unexpected.values()],
    },
  };
}
