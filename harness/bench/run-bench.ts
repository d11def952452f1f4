import { cpus, loadavg } from 'node:os';
import { apiTimeoutOf, withDeadline } from '../sandbox/docker/engine-deadline.ts';
import type Docker from 'dockerode';
import createDebug from 'debug';
import { median } from 'simple-statistics';
import type { SandboxConfig } from '../config/sandbox-config.ts';
import type { BreakdownRecord, PerfModeRecord, PerfRecord } from '../results/results-types.ts';
import { createEngineClient } from '../sandbox/docker/engine-client.ts';
import { PooledDockerExecutor } from '../sandbox/docker/pooled-docker-executor.ts';
import type { WarmPoolStats } from '../sandbox/docker/pool.ts';
import type { ContainerTimeline } from '../sandbox/execution-result.ts';
import type { WorkloadName } from '../workload/workloads.ts';
import { BASELINE_MODE, BREAKDOWN_MODES, THROUGHPUT_MODES, type BenchModeName } from './bench-modes.ts';
import { normalizeBenchOptions, type BenchOptions } from './bench-options.ts';
import type { AbsentMode, BenchReport, MeasurementDetails, ThroughputDetails } from './bench-report.ts';
import type { BenchOutcome, BenchTarget } from './bench-target.ts';
import { buildBenchWorkload, type BenchWorkload } from './bench-workload.ts';
import { breakdownOf } from './breakdown.ts';
import { createBenchTarget, type BenchEnvironment } from './create-bench-target.ts';
import { ExecutorTarget } from './executor-target.ts';
import { computeOverheads } from './overheads.ts';
import { measureRaw } from './raw-samples.ts';
import { runSoak } from './soak.ts';
import { summarize } from './statistics/summary.ts';
import { measureThroughput } from './throughput.ts';

const debug = createDebug('sandbox-gate:bench');

export interface BenchContext {
  /** Engine client; by default one that honours DOCKER_HOST. */
  docker?: Docker;
  /** The config file, for messages. */
  configFile?: string;
}

/**
 * Measures every requested mode on every requested workload (raw, time-ordered samples and their
 * summary), the overhead of each mode over in-process, the breakdown of container time, the
 * throughput of docker-pool and docker-cold at each concurrency level, and the soak. This is
 * what `sandbox-gate bench` prints and what the gate's perf phase records as `perf`.
 *
 * Modes run one after another, each on every workload, then its throughput levels; each mode
 * is closed (its containers removed) before the next begins. A mode that cannot run here is
 * reported in `absent` with the reason.
 */
export async function runBench(config: SandboxConfig, input: Partial<BenchOptions> & { iterations: number }, context: BenchContext = {}): Promise<BenchReport> {
  const options = normalizeBenchOptions(input);
  const startedAt = new Date().toISOString();
  const startedMs = performance.now();
  const loadAverageBefore = loadavg();
  const progress = options.onProgress ?? (() => {});
  const docker = context.docker ?? createEngineClient();
  const engine = await probeEngine(docker);
  const env: BenchEnvironment = { config, docker, configFile: context.configFile, engineUnavailable: engine.unavailable, runtimes: engine.runtimes, poolTuning: options.poolTuning, onProgress: progress };

  const workloads = new Map<WorkloadName, BenchWorkload>();
  for (const name of new Set([...options.workloads, options.throughputWorkload, options.soakWorkload])) workloads.set(name, await buildBenchWorkload(name));
  const measured = options.workloads.map((name) => workloads.get(name)!);

  const perf: PerfRecord = {
    iterations: options.iterations,
    confidence: options.confidence,
    bootstrap: { resamples: options.bootstrapResamples, seed: options.bootstrapSeed },
    workloads: measured.map((w) => ({ name: w.name, kind: w.kind, description: `${w.description}; strategy ${w.strategy}` })),
    modes: [],
    overheads: [],
    throughput: [],
    breakdown: [],
  };
  const absent: AbsentMode[] = [];
  const measurements: MeasurementDetails[] = [];
  const throughputDetails: ThroughputDetails[] = [];
  let poolStats: WarmPoolStats | undefined;

  for (const mode of options.modes) {
    let created: Awaited<ReturnType<typeof createBenchTarget>>;
    try {
      created = await createBenchTarget(mode, env);
    } catch (error) {
      created = { absent: `it could not be prepared: ${(error as Error).message}` };
    }
    if ('absent' in created) {
      progress(`bench: ${mode} is absent: ${created.absent}`);
      absent.push({ mode, reason: created.absent });
      continue;
    }
    const target = created.target;
    const timelines = new Map<string, ContainerTimeline[]>();
    try {
      for (const workload of measured) {
        progress(`bench: ${mode} x ${workload.name}: ${options.iterations} iterations after 1 warm-up...`);
        const loadAverage1m = loadavg()[0]!;
        const unsettledBefore = target instanceof ExecutorTarget ? target.unsettled : 0;
        const run = await measureRaw(() => target.execute(workload), { iterations: options.iterations, beforeEach: () => target.settle(), clock: options.clock });
        const samplesMs = run.samplesMs.filter((_, i) => run.outcomes[i]!.ok);
        const failed = run.outcomes.filter((outcome) => !outcome.ok);
        const details: MeasurementDetails = { mode, workload: workload.name, mitata: run.mitata, loadAverage1m, ...describeOutcomes(run.outcomes) };
        if (target instanceof ExecutorTarget && target.executor instanceof PooledDockerExecutor) details.unsettled = target.unsettled - unsettledBefore;
        measurements.push(details);
        // No success, nothing to summarize: the record says so with summary null and its failures.
        const summary = samplesMs.length > 0 ? summarize(samplesMs) : null;
        const record: PerfModeRecord = { mode, workload: workload.name, samplesMs, summary, failures: failed.length };
        perf.modes.push(record);
        progress(`bench: ${mode} x ${workload.name}: ${summary ? `median ${summary.p50Ms.toFixed(1)} ms, p95 ${summary.p95Ms.toFixed(1)} ms, ` : ''}${record.failures} failures${details.firstFailure ? ` (first: ${details.firstFailure})` : ''}`);
        if (BREAKDOWN_MODES.includes(mode)) timelines.set(workload.name, timelinesOf(mode, run.outcomes));
      }
      if (THROUGHPUT_MODES.includes(mode)) {
        const workload = workloads.get(options.throughputWorkload)!;
        for (const concurrency of options.concurrency) {
          const executions = options.throughputExecutions(concurrency);
          progress(`bench: ${mode} throughput at concurrency ${concurrency} (${executions} executions of ${workload.name})...`);
          const run = await measureThroughput(target, workload, concurrency, executions, options.clock);
          perf.throughput.push(run.record);
          const pooled = mode === 'docker-pool' ? run.outcomes.filter((outcome) => outcome.result?.timeline?.pooled).length : undefined;
          throughputDetails.push({ mode, concurrency, wallMs: run.wallMs, pooled });
          progress(`bench: ${mode} at concurrency ${concurrency}: ${run.record.executionsPerSecond.toFixed(2)} executions/s, ${run.record.failures} failures`);
        }
      }
      if (target instanceof ExecutorTarget && target.executor instanceof PooledDockerExecutor) poolStats = structuredClone(target.executor.pool.stats);
    } finally {
      await target.close();
    }
    // After close: a pooled container's removeMs is written when its background removal ends.
    for (const [workload, list] of timelines) perf.breakdown!.push(...breakdownOf(mode, workload, list));
  }

  perf.overheads = computeOverheads(perf.modes, perf.workloads, {
    baselineMode: BASELINE_MODE,
    confidence: options.confidence,
    resamples: options.bootstrapResamples,
    seed: options.bootstrapSeed,
  });

  const report: BenchReport = {
    perf,
    absent,
    measurements,
    throughputDetails,
    poolStats,
    environment: {
      cores: cpus().length,
      node: process.version,
      engineRuntimes: engine.runtimes,
      containerCpuCount: config.docker.cpuCount,
      loadAverageBefore,
      loadAverageAfter: [],
    },
    startedAt,
    durationMs: 0,
  };

  if (options.soak > 0) {
    if (engine.unavailable) {
      absent.push({ mode: 'docker-pool', workload: `soak (${options.soakWorkload})`, reason: `no Docker Engine answers: ${engine.unavailable}` });
    } else {
      progress(`bench: soak of ${options.soak} executions through the wrapper (warm pool, ${options.soakWorkload})...`);
      const soak = await runSoak(config, docker, workloads.get(options.soakWorkload)!, options.soak, { clock: options.clock, onProgress: progress });
      perf.soak = soak.record;
      report.soakDetails = soak.details;
    }
  }
  if (perf.breakdown!.length === 0) delete perf.breakdown;
  report.environment.loadAverageAfter = loadavg();
  report.durationMs = performance.now() - startedMs;
  debug('Bench finished in %d ms', Math.round(report.durationMs));
  return report;
}

async function probeEngine(docker: Docker): Promise<{ unavailable?: string; runtimes: string[] }> {
  try {
    const info = (await withDeadline('info', apiTimeoutOf(docker), () => docker.info())) as { Runtimes?: Record<string, unknown> };
    return { runtimes: Object.keys(info.Runtimes ?? {}) };
  } catch (error) {
    return { unavailable: (error as Error).message, runtimes: [] };
  }
}

/** Container timelines of successful executions; for the pool only the ones served warm. */
function timelinesOf(mode: BenchModeName, outcomes: readonly BenchOutcome[]): ContainerTimeline[] {
  return outcomes
    .filter((outcome) => outcome.ok && outcome.result?.timeline)
    .map((outcome) => outcome.result!.timeline!)
    .filter((timeline) => (mode === 'docker-pool' ? timeline.pooled === true : true));
}

function describeOutcomes(outcomes: readonly BenchOutcome[]): Partial<MeasurementDetails> {
  const details: Partial<MeasurementDetails> = {};
  const failed = outcomes.filter((outcome) => !outcome.ok);
  if (failed.length > 0) {
    details.failureStatuses = {};
    for (const outcome of failed) details.failureStatuses[outcome.status] = (details.failureStatuses[outcome.status] ?? 0) + 1;
    details.firstFailure = failed[0]!.message;
  }
  const results = outcomes.map((outcome) => outcome.result).filter((result) => result !== undefined);
  if (results.length > 0) details.executorMedianMs = median(results.map((result) => result.durationMs));
  const timelines = results.map((result) => result.timeline).filter((timeline) => timeline !== undefined);
  if (timelines.length > 0 && timelines.some((timeline) => timeline.pooled !== undefined)) {
    details.pooled = timelines.filter((timeline) => timeline.pooled === true).length;
    details.cold = timelines.length - details.pooled;
  }
  return details;
}
