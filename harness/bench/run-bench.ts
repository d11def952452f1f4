import { cpus, loadavg } from 'node:os';
import { apiTimeoutOf, withDeadline } from '../sandbox/docker/engine-deadline.ts';
import type Docker from 'dockerode';
import createDebug from 'debug';
import { median } from 'simple-statistics';
import type { SandboxConfig } from '../config/sandbox-config.ts';
import type { PerfRecord } from '../results/results-types.ts';
import { createEngineClient } from '../sandbox/docker/engine-client.ts';
import { PooledDockerExecutor } from '../sandbox/docker/pooled-docker-executor.ts';
import type { WarmPoolStats } from '../sandbox/docker/pool.ts';
import type { ContainerTimeline } from '../sandbox/execution-result.ts';
import type { WorkloadName } from '../workload/workloads.ts';
import { BASELINE_MODE, BREAKDOWN_MODES, type BenchModeName } from './bench-modes.ts';
import { normalizeBenchOptions, type BenchOptions } from './bench-options.ts';
import type { AbsentMode, BenchReport, MeasurementDetails, ThroughputDetails } from './bench-report.ts';
import type { BenchOutcome, BenchTarget } from './bench-target.ts';
import { buildBenchWorkload, type BenchWorkload } from './bench-workload.ts';
import { breakdownOf } from './breakdown.ts';
import { createBenchTarget, type BenchEnvironment } from './create-bench-target.ts';
import { ExecutorTarget } from './executor-target.ts';
import { computeOverheads } from './overheads.ts';
import { hrtimeClock } from './raw-samples.ts';
import { stopWhenClear } from './adaptive-stop.ts';
import { calibrate, calibrateOnce, calibrationRecord } from './calibration.ts';
import { atCpuCount, describeQuota, noSesKey, quotaFactor, quotaKey } from './cpu-budget.ts';
import { bootstrapRatioInterval } from './statistics/bootstrap-ratio-interval.ts';
import { countFailures } from './failure-count.ts';
import { runInterleavedRounds, type RoundContender } from './interleaved-rounds.ts';
import { createPrng } from '../workload/prng.ts';
import { runSoak } from './soak.ts';
import { LOOKAHEAD_CHECK_MODE, LOOKAHEAD_CHECK_WORKLOAD, measureLookaheadCheckCost } from './lookahead-check-cost.ts';
import { summarize } from './statistics/summary.ts';
import { measureThroughput } from './throughput.ts';
import { throughputSubjects } from './throughput-subjects.ts';

const debug = createDebug('sandbox-gate:bench');

/** What a limit row of the throughput runs executes, for the progress line. */
const NOOP_DESCRIPTIONS: Record<string, string> = {
  'docker-noop': 'a no-op container',
  'docker-node-noop': 'a container in which Node starts and exits',
};

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
 * How (issue 12):
 * - Equal CPU: every container runs at cpu_count = the host's cores (the CPU in-process and
 *   local get), so that an overhead is the sandbox's cost; the configured quota's own effect
 *   is measured beside it (docker-pool at the configured cpu_count, `perf.cpuQuota`).
 * - Interleaved: every mode is open at once; each round runs every mode once in a freshly
 *   shuffled order, every mode settled (the pool full, no removal pending) before each sample.
 * - Adaptive: the workload the policy reads is sampled until its interval holds no band edge
 *   (or `iterations`); the others take `minIterations` rounds.
 * - Calibrated: a fixed CPU loop is timed before, after and once per round, with the load
 *   average; the decision marks a run whose calibration drifted noisy.
 * A mode that cannot run here is reported in `absent` with the reason.
 */
export async function runBench(
  config: SandboxConfig,
  input: Partial<BenchOptions> & { iterations: number },
  context: BenchContext = {},
): Promise<BenchReport> {
  const options = normalizeBenchOptions(input);
  const startedAt = new Date().toISOString();
  const startedMs = performance.now();
  const wallMs: Record<string, number> = {};
  const timed = async <T>(part: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      wallMs[part] = (wallMs[part] ?? 0) + (performance.now() - t0);
    }
  };
  const loadAverageBefore = loadavg();
  const progress = options.onProgress ?? (() => {});
  const docker = context.docker ?? createEngineClient();
  const engine = await probeEngine(docker);
  const cores = cpus().length;
  const benchConfig = options.cpu === 'equal-cpu' ? atCpuCount(config, cores) : config;
  const env: BenchEnvironment = {
    config: benchConfig,
    docker,
    configFile: context.configFile,
    engineUnavailable: engine.unavailable,
    runtimes: engine.runtimes,
    poolTuning: options.poolTuning,
    onProgress: progress,
  };

  const workloads = new Map<WorkloadName, BenchWorkload>();
  const checkWorkloads: WorkloadName[] = options.lookaheadCheck ? [LOOKAHEAD_CHECK_WORKLOAD] : [];
  for (const name of new Set([
    ...options.workloads,
    ...options.throughputWorkloads,
    options.soakWorkload,
    ...checkWorkloads,
  ]))
    workloads.set(name, await buildBenchWorkload(name));
  const measured = options.workloads.map((name) => workloads.get(name)!);

  const perf: PerfRecord = {
    iterations: options.iterations,
    confidence: options.confidence,
    bootstrap: { resamples: options.bootstrapResamples, seed: options.bootstrapSeed },
    workloads: measured.map((w) => ({
      name: w.name,
      kind: w.kind,
      description: `${w.description}; strategy ${w.strategy}`,
    })),
    modes: [],
    overheads: [],
    throughput: [],
    breakdown: [],
    cpu: {
      comparison: options.cpu,
      containerCpuCount: benchConfig.docker.cpuCount,
      configuredCpuCount: config.docker.cpuCount,
      cores,
    },
    sampling: [],
  };
  const absent: AbsentMode[] = [];
  const measurements: MeasurementDetails[] = [];
  const throughputDetails: ThroughputDetails[] = [];
  const interval = {
    confidence: options.confidence,
    resamples: options.bootstrapResamples,
    seed: options.bootstrapSeed,
  };

  progress(
    `bench: calibrating (a fixed CPU loop), load average ${loadAverageBefore.map((x) => x.toFixed(2)).join(' ')}`,
  );
  const calibrationBefore = await timed('calibration', () => calibrate());
  const perRoundCalibrationMs: number[] = [];

  const targets: BenchTarget[] = [];
  let quotaTarget: BenchTarget | undefined;
  let noSesTarget: BenchTarget | undefined;
  let poolStats: WarmPoolStats | undefined;
  const timelines = new Map<string, ContainerTimeline[]>();
  let noSesSamples: { samplesMs: number[]; failures: number } | undefined;
  try {
    await timed('prepare', async () => {
      for (const mode of options.modes) {
        const created = await createOrAbsent(mode, env);
        if ('absent' in created) {
          progress(`bench: ${mode} is absent: ${created.absent}`);
          absent.push({ mode, reason: created.absent });
        } else targets.push(created.target);
      }
      // The quota's own factor: docker-pool at the configured cpu_count, beside docker-pool at equal CPU.
      const measuresQuota =
        options.cpu === 'equal-cpu' &&
        config.docker.cpuCount !== benchConfig.docker.cpuCount &&
        targets.some((t) => t.mode === QUOTA_MODE) &&
        options.workloads.includes(options.quotaWorkload);
      if (measuresQuota) {
        const created = await createOrAbsent(QUOTA_MODE, { ...env, config });
        if ('absent' in created)
          absent.push({ mode: quotaKey(QUOTA_MODE), workload: options.quotaWorkload, reason: created.absent });
        else quotaTarget = created.target;
      }
      // Layer 1b's own cost: the same pooled runner at the same CPU, with lockdown and the Compartment off.
      if (targets.some((t) => t.mode === QUOTA_MODE) && options.workloads.includes(options.quotaWorkload)) {
        const created = await createOrAbsent(QUOTA_MODE, { ...env, relax: { noCompartment: true } });
        if ('absent' in created)
          absent.push({ mode: noSesKey(QUOTA_MODE), workload: options.quotaWorkload, reason: created.absent });
        else noSesTarget = created.target;
      }
    });
    const all = [...targets, ...(quotaTarget ? [quotaTarget] : []), ...(noSesTarget ? [noSesTarget] : [])];
    const settleAll = async () => {
      for (const target of all) await target.settle();
    };
    const prng = createPrng(options.bootstrapSeed);

    for (const workload of measured) {
      const contenders: RoundContender[] = targets.map((target) => ({
        key: target.mode,
        execute: () => target.execute(workload),
      }));
      if (contenders.length === 0) continue; // only the lookahead-check row was requested
      if (quotaTarget && workload.name === options.quotaWorkload)
        contenders.push({ key: quotaKey(QUOTA_MODE), execute: () => quotaTarget!.execute(workload) });
      if (noSesTarget && workload.name === options.quotaWorkload)
        contenders.push({ key: noSesKey(QUOTA_MODE), execute: () => noSesTarget!.execute(workload) });
      const adaptive =
        options.adaptive?.workload === workload.name &&
        contenders.some((c) => c.key === options.adaptive!.mode) &&
        contenders.some((c) => c.key === options.adaptive!.baseline);
      const minRounds = options.adaptive ? options.minIterations : options.iterations;
      const maxRounds = adaptive ? options.iterations : minRounds;
      progress(
        `bench: ${workload.name}: ${contenders.map((c) => c.key).join(', ')} interleaved, ${adaptive ? `${minRounds} to ${maxRounds} rounds (until the interval is clear of ${options.adaptive!.edgesPct.join(', ')}%)` : `${minRounds} rounds`} after 1 warm-up round...`,
      );
      const loadAverage1m = loadavg()[0]!;
      const unsettledBefore = new Map(targets.map((t) => [t.mode, t instanceof ExecutorTarget ? t.unsettled : 0]));
      const rounds = await timed(`latency:${workload.name}`, () =>
        runInterleavedRounds(contenders, {
          minRounds,
          maxRounds,
          beforeEach: settleAll,
          shouldStop: adaptive ? stopWhenClear(options.adaptive!, interval) : undefined,
          prng,
          clock: options.clock,
          afterRound: async (round) => {
            await settleAll();
            perRoundCalibrationMs.push(calibrateOnce(hrtimeClock));
            if (adaptive) progress(`bench: ${workload.name}: round ${round + 1} done`);
          },
        }),
      );
      perf.sampling!.push({
        workload: workload.name,
        rounds: rounds.rounds,
        minRounds,
        maxRounds,
        stoppedBy: rounds.stoppedBy,
      });
      for (const target of targets) {
        const outcomes = rounds.outcomes.get(target.mode)!;
        const samplesMs = rounds.samplesMs.get(target.mode)!;
        const details: MeasurementDetails = {
          mode: target.mode,
          workload: workload.name,
          loadAverage1m,
          ...describeOutcomes(outcomes),
        };
        if (target instanceof ExecutorTarget && target.executor instanceof PooledDockerExecutor)
          details.unsettled = target.unsettled - unsettledBefore.get(target.mode)!;
        measurements.push(details);
        // No success, nothing to summarize: the record says so with summary null and its failures.
        const summary = samplesMs.length > 0 ? summarize(samplesMs) : null;
        const failures = outcomes.filter((outcome) => !outcome.ok).length;
        perf.modes.push({ mode: target.mode, workload: workload.name, samplesMs, summary, failures });
        progress(
          `bench: ${target.mode} x ${workload.name}: ${summary ? `median ${summary.p50Ms.toFixed(1)} ms, p95 ${summary.p95Ms.toFixed(1)} ms, ` : ''}${failures} failures${details.firstFailure ? ` (first: ${details.firstFailure})` : ''}`,
        );
        if (BREAKDOWN_MODES.includes(target.mode))
          timelines.set(`${target.mode}\u0000${workload.name}`, timelinesOf(target.mode, outcomes));
      }
      if (noSesTarget && workload.name === options.quotaWorkload) {
        noSesSamples = {
          samplesMs: rounds.samplesMs.get(noSesKey(QUOTA_MODE))!,
          failures: rounds.outcomes.get(noSesKey(QUOTA_MODE))!.filter((o) => !o.ok).length,
        };
      }
      if (quotaTarget && workload.name === options.quotaWorkload) {
        const atQuota = rounds.samplesMs.get(quotaKey(QUOTA_MODE))!;
        const equal = rounds.samplesMs.get(QUOTA_MODE)!;
        const failures = rounds.outcomes.get(quotaKey(QUOTA_MODE))!.filter((outcome) => !outcome.ok).length;
        if (atQuota.length >= 2 && equal.length >= 2) {
          perf.cpuQuota = {
            cpuCount: config.docker.cpuCount,
            mode: QUOTA_MODE,
            workload: workload.name,
            factor: quotaFactor(equal, atQuota, interval),
            samplesMs: atQuota,
            failures,
          };
          progress(`bench: ${describeQuota(perf.cpuQuota, options.confidence)}`);
        } else {
          absent.push({
            mode: quotaKey(QUOTA_MODE),
            workload: workload.name,
            reason: `too few successful executions for a factor (${atQuota.length} at the quota, ${equal.length} at equal CPU; ${failures} failures at the quota)`,
          });
        }
      }
    }

    const withSes = perf.modes.find((m) => m.mode === QUOTA_MODE && m.workload === options.quotaWorkload);
    const withoutSes = noSesSamples;
    if (withSes && withoutSes && withSes.samplesMs.length >= 2 && withoutSes.samplesMs.length >= 2) {
      const ratio = bootstrapRatioInterval(withoutSes.samplesMs, withSes.samplesMs, interval);
      perf.layer1b = {
        mode: QUOTA_MODE,
        workload: options.quotaWorkload,
        percent: { estimate: ratio.overheadPct, low: ratio.lowPct, high: ratio.highPct },
        samplesMsWithout: withoutSes.samplesMs,
        failures: withoutSes.failures,
      };
      progress(
        `bench: layer 1b (lockdown + Compartment) costs ${ratio.overheadPct.toFixed(1)}% [${ratio.lowPct.toFixed(1)}, ${ratio.highPct.toFixed(1)}] on ${options.quotaWorkload} (${QUOTA_MODE}, on vs off)`,
      );
    }

    await timed('throughput', async () => {
      const subjects = await throughputSubjects(targets);
      for (const workloadName of options.throughputWorkloads) {
        const workload = workloads.get(workloadName)!;
        for (const subject of subjects) {
          if (!subject.on(workload, workloadName === options.throughputWorkloads[0])) continue;
          for (const concurrency of options.concurrency) {
            const executions = options.throughputExecutions(concurrency, workload.kind);
            progress(
              `bench: ${subject.mode} throughput at concurrency ${concurrency} (${executions} executions of ${NOOP_DESCRIPTIONS[subject.mode] ?? workload.name})...`,
            );
            await settleAll();
            const opened = subject.open(concurrency);
            try {
              const run = await measureThroughput(opened, workload, concurrency, executions, options.clock);
              perf.throughput.push(run.record);
              const pooled =
                subject.mode === 'docker-pool'
                  ? run.outcomes.filter((outcome) => outcome.result?.timeline?.pooled).length
                  : undefined;
              throughputDetails.push({
                mode: subject.mode,
                workload: run.record.workload,
                concurrency,
                wallMs: run.wallMs,
                pooled,
              });
              // Back to back at concurrency 1: the sustained latency, beside the settled one of the rounds.
              if (concurrency === 1 && subject.mode === 'docker-pool') {
                const samplesMs = run.durationsMs.filter((_, i) => run.outcomes[i]!.ok);
                if (samplesMs.length > 0)
                  (perf.sustained ??= []).push({
                    mode: subject.mode,
                    workload: workload.name,
                    samplesMs,
                    summary: summarize(samplesMs),
                    failures: run.record.failures,
                  });
              }
              progress(
                `bench: ${subject.mode} at concurrency ${concurrency}: ${run.record.executionsPerSecond.toFixed(2)} executions/s, ${run.record.failures} failures`,
              );
            } finally {
              await opened.close?.();
            }
          }
        }
      }
    });
  } finally {
    await timed('close', async () => {
      for (const target of [...targets, ...(quotaTarget ? [quotaTarget] : []), ...(noSesTarget ? [noSesTarget] : [])])
        await target.close();
    });
  }
  // After close: every removal has ended, so the pool's cleanup counts and removeMs are final.
  const pools = [...targets, ...(quotaTarget ? [quotaTarget] : []), ...(noSesTarget ? [noSesTarget] : [])].flatMap(
    (t) => (t instanceof ExecutorTarget && t.executor instanceof PooledDockerExecutor ? [t.executor.pool.stats] : []),
  );
  if (pools.length > 0) {
    poolStats = structuredClone(pools[0]!);
    perf.cleanup = {
      exitsCheckedAfterFrame: sum(pools.map((p) => p.exitsCheckedAfterFrame)),
      unexpectedExits: sum(pools.map((p) => p.unexpectedExits)),
      notRemoved: sum(pools.map((p) => p.notRemoved)),
      ...(pools.find((p) => p.lastUnexpectedExit)
        ? { lastUnexpectedExit: pools.find((p) => p.lastUnexpectedExit)!.lastUnexpectedExit }
        : {}),
    };
  }
  for (const [key, list] of timelines) {
    const [mode, workload] = key.split('\u0000') as [string, string];
    perf.breakdown!.push(...breakdownOf(mode, workload, list));
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
      cores,
      node: process.version,
      engineRuntimes: engine.runtimes,
      containerCpuCount: benchConfig.docker.cpuCount,
      configuredCpuCount: config.docker.cpuCount,
      loadAverageBefore,
      loadAverageAfter: [],
    },
    startedAt,
    durationMs: 0,
  };

  if (options.lookaheadCheck) {
    if (engine.unavailable) {
      absent.push({
        mode: LOOKAHEAD_CHECK_MODE,
        workload: LOOKAHEAD_CHECK_WORKLOAD,
        reason: `no Docker Engine answers: ${engine.unavailable}`,
      });
    } else {
      progress(
        `bench: ${LOOKAHEAD_CHECK_MODE}: ${LOOKAHEAD_CHECK_WORKLOAD} through the wrapper, check off and on interleaved, ${options.lookaheadCheck.iterations} each at cpu_count ${config.docker.cpuCount}...`,
      );
      try {
        report.lookaheadCheck = await timed(LOOKAHEAD_CHECK_MODE, () =>
          measureLookaheadCheckCost(
            config,
            docker,
            workloads.get(LOOKAHEAD_CHECK_WORKLOAD)!,
            options.lookaheadCheck!.iterations,
            options.bootstrapSeed,
          ),
        );
        const o = report.lookaheadCheck.overhead;
        progress(
          `bench: ${LOOKAHEAD_CHECK_MODE}: ${o.overheadPct.toFixed(1)}% [${o.lowPct.toFixed(1)}, ${o.highPct.toFixed(1)}], ${report.lookaheadCheck.failures.length} failures`,
        );
      } catch (error) {
        absent.push({
          mode: LOOKAHEAD_CHECK_MODE,
          workload: LOOKAHEAD_CHECK_WORKLOAD,
          reason: `it could not be measured: ${(error as Error).message}`,
        });
      }
    }
  }

  if (options.soak > 0) {
    if (engine.unavailable) {
      absent.push({
        mode: 'docker-pool',
        workload: `soak (${options.soakWorkload})`,
        reason: `no Docker Engine answers: ${engine.unavailable}`,
      });
    } else {
      // Through the wrapper with the configuration as shipped (its quota included): what users run.
      progress(
        `bench: soak of ${options.soak} executions through the wrapper (warm pool, ${options.soakWorkload}, cpu_count ${config.docker.cpuCount})...`,
      );
      const soak = await timed('soak', () =>
        runSoak(config, docker, workloads.get(options.soakWorkload)!, options.soak, {
          clock: options.clock,
          onProgress: progress,
        }),
      );
      perf.soak = soak.record;
      report.soakDetails = soak.details;
    }
  }
  const calibrationAfter = await timed('calibration', () => calibrate());
  perf.calibration = calibrationRecord(calibrationBefore, calibrationAfter, perRoundCalibrationMs);
  progress(
    `bench: calibration ${perf.calibration.beforeMs.toFixed(1)} ms before, ${perf.calibration.afterMs.toFixed(1)} ms after, drift ${(perf.calibration.drift * 100).toFixed(1)}%`,
  );
  Object.assign(perf, countFailures(perf));
  if (perf.breakdown!.length === 0) delete perf.breakdown;
  report.environment.loadAverageAfter = loadavg();
  report.durationMs = performance.now() - startedMs;
  wallMs.total = report.durationMs;
  perf.wallMs = wallMs;
  debug('Bench finished in %d ms', Math.round(report.durationMs));
  return report;
}

/** The mode whose configured quota is measured on its own (the one the policy reads). */
const QUOTA_MODE: BenchModeName = 'docker-pool';

async function createOrAbsent(
  mode: BenchModeName,
  env: BenchEnvironment,
): Promise<{ target: BenchTarget } | { absent: string }> {
  try {
    return await createBenchTarget(mode, env);
  } catch (error) {
    return { absent: `it could not be prepared: ${(error as Error).message}` };
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

async function probeEngine(docker: Docker): Promise<{ unavailable?: string; runtimes: string[] }> {
  try {
    const info = (await withDeadline('info', apiTimeoutOf(docker), () => docker.info())) as {
      Runtimes?: Record<string, unknown>;
    };
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
    for (const outcome of failed)
      details.failureStatuses[outcome.status] = (details.failureStatuses[outcome.status] ?? 0) + 1;
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
