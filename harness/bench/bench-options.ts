import { cpus } from 'node:os';
import { UsageError } from '../errors.ts';
import type { PoolTuning } from '../sandbox/docker/pooled-docker-executor.ts';
import { workloadNames, type WorkloadName } from '../workload/workloads.ts';
import { benchModeNames, isBenchMode, type BenchModeName } from './bench-modes.ts';
import type { AdaptiveTarget } from './adaptive-stop.ts';
import type { NanoClock } from './raw-samples.ts';

/** Everything a benchmark run can be told. */
export interface BenchOptions {
  /** @default every mode (benchModeNames) */
  modes: BenchModeName[];
  /** @default every workload (workloadNames) */
  workloads: WorkloadName[];
  /**
   * Measured rounds per workload, after one warm-up round (each round runs every mode once, in
   * a shuffled order). At least 2 (Welch needs 2). With `adaptive`, the cap of its workload.
   */
  iterations: number;
  /** With `adaptive`: the rounds of every other workload, and the minimum of the adaptive one. @default min(5, iterations) */
  minIterations: number;
  /** Sample this workload until the policy's interval holds no band edge (or `iterations`); absent: fixed `iterations` everywhere. */
  adaptive?: AdaptiveTarget;
  /**
   * `equal-cpu`: the containers run at cpu_count = the host's cores, the CPU in-process and
   * local get, so that an overhead is the sandbox's cost and not the quota's; the configured
   * quota is measured on its own (cpuQuota). `configured-quota`: at the configured cpu_count.
   * @default 'equal-cpu'
   */
  cpu: 'equal-cpu' | 'configured-quota';
  /** Where the configured quota's own factor is measured (docker-pool at the quota vs at equal CPU). @default 'universe-1s' */
  quotaWorkload: WorkloadName;
  /** Concurrency levels of the throughput runs (docker-pool and docker-cold, when requested). @default [1, 2, cores] */
  concurrency: number[];
  /** Workloads of the throughput runs, each among `workloads`. @default those of DEFAULT_THROUGHPUT_WORKLOADS that are measured */
  throughputWorkloads: WorkloadName[];
  /** Executions per throughput level. @default max(8, 4 x concurrency) on a call, max(4, 2 x concurrency) on a backtest */
  throughputExecutions: (concurrency: number, kind: 'call' | 'backtest') => number;
  /** Executions of the soak through the wrapper (warm pool); 0 skips it. @default 1000 when docker-pool is requested, else 0 */
  soak: number;
  /** @default 'trivial' */
  soakWorkload: WorkloadName;
  /**
   * The look-ahead check's own row (`lookahead-check`): universe-1s through the wrapper with the
   * check off and on, `iterations` each, interleaved, at the configured cpu_count. Absent: not measured.
   */
  lookaheadCheck?: { iterations: number };
  /** Of every interval. @default 0.95 */
  confidence: number;
  /** @default 2000 */
  bootstrapResamples: number;
  /** Seed of the percent-overhead bootstrap: the same samples and seed give the same interval. @default 20_200_417 */
  bootstrapSeed: number;
  /** Clock of the raw samples. @default process.hrtime.bigint */
  clock?: NanoClock;
  poolTuning?: PoolTuning;
  /** Progress lines (a terminal shows them on stderr). */
  onProgress?: (line: string) => void;
}

/** A plain call (the fixed cost, against the no-op container) and the policy's backtest (against in-process threads). */
export const DEFAULT_THROUGHPUT_WORKLOADS: readonly WorkloadName[] = ['trivial', 'universe-1s'];

/** 1, 2 and the core count (deduplicated): the levels the throughput goals are stated at. */
export function defaultConcurrency(cores = cpus().length): number[] {
  return [...new Set([1, 2, cores])].sort((a, b) => a - b);
}
export const DEFAULT_SOAK_EXECUTIONS = 1000;
/** Rounds of the workloads the decision does not read: enough for Welch and a median, 5 x every mode. */
export const DEFAULT_MIN_ITERATIONS = 5;

/** Merges options over the defaults once, then validates each; messages name the option. */
export function normalizeBenchOptions(input: Partial<BenchOptions> & { iterations: number }): BenchOptions {
  const modes = input.modes ?? [...benchModeNames];
  const workloads = input.workloads ?? [...workloadNames];
  const options: BenchOptions = {
    modes,
    workloads,
    iterations: input.iterations,
    minIterations: input.minIterations ?? Math.min(DEFAULT_MIN_ITERATIONS, input.iterations),
    adaptive: input.adaptive,
    cpu: input.cpu ?? 'equal-cpu',
    quotaWorkload: input.quotaWorkload ?? 'universe-1s',
    concurrency: input.concurrency ?? defaultConcurrency(),
    // Only measured workloads: every throughput row names a workload of perf.workloads.
    throughputWorkloads:
      input.throughputWorkloads ?? DEFAULT_THROUGHPUT_WORKLOADS.filter((name) => workloads.includes(name)),
    throughputExecutions:
      input.throughputExecutions ??
      ((concurrency, kind) => (kind === 'call' ? Math.max(12, 4 * concurrency) : Math.max(4, 2 * concurrency))),
    soak: input.soak ?? (modes.includes('docker-pool') ? DEFAULT_SOAK_EXECUTIONS : 0),
    soakWorkload: input.soakWorkload ?? 'trivial',
    lookaheadCheck: input.lookaheadCheck,
    confidence: input.confidence ?? 0.95,
    bootstrapResamples: input.bootstrapResamples ?? 2000,
    bootstrapSeed: input.bootstrapSeed ?? 20_200_417,
    clock: input.clock,
    poolTuning: input.poolTuning,
    onProgress: input.onProgress,
  };
  if (options.modes.length === 0 && !options.lookaheadCheck)
    throw new UsageError(`modes: expected at least one of ${benchModeNames.join(', ')}`);
  for (const mode of options.modes) {
    if (!isBenchMode(mode))
      throw new UsageError(
        `modes: unknown mode ${JSON.stringify(mode)}; expected some of ${benchModeNames.join(', ')}`,
      );
  }
  if (options.workloads.length === 0)
    throw new UsageError(`workloads: expected at least one of ${workloadNames.join(', ')}`);
  for (const name of options.throughputWorkloads) {
    if (!options.workloads.includes(name))
      throw new UsageError(
        `throughputWorkloads: ${JSON.stringify(name)} is not among the measured workloads (${options.workloads.join(', ')}); every throughput row names a measured workload`,
      );
  }
  for (const name of [...options.workloads, ...options.throughputWorkloads, options.soakWorkload]) {
    if (!(workloadNames as readonly string[]).includes(name))
      throw new UsageError(
        `workloads: unknown workload ${JSON.stringify(name)}; expected some of ${workloadNames.join(', ')}`,
      );
  }
  if (!Number.isInteger(options.iterations) || options.iterations < 2) {
    throw new UsageError(
      `iterations: expected an integer of at least 2 (a Welch interval needs 2 samples per mode), received ${String(options.iterations)}`,
    );
  }
  if (
    !Number.isInteger(options.minIterations) ||
    options.minIterations < 2 ||
    options.minIterations > options.iterations
  ) {
    throw new UsageError(
      `minIterations: expected an integer from 2 to iterations (${options.iterations}), received ${String(options.minIterations)}`,
    );
  }
  if (options.cpu !== 'equal-cpu' && options.cpu !== 'configured-quota')
    throw new UsageError(`cpu: expected equal-cpu or configured-quota, received ${String(options.cpu)}`);
  for (const level of options.concurrency) {
    if (!Number.isInteger(level) || level < 1 || level > 64)
      throw new UsageError(`concurrency: expected integers from 1 to 64, received ${String(level)}`);
  }
  if (
    options.lookaheadCheck &&
    !(Number.isInteger(options.lookaheadCheck.iterations) && options.lookaheadCheck.iterations >= 2)
  ) {
    throw new UsageError(
      `lookaheadCheck.iterations: expected an integer of at least 2 (a bootstrap interval needs 2 samples per side), received ${String(options.lookaheadCheck.iterations)}`,
    );
  }
  if (!Number.isInteger(options.soak) || options.soak < 0)
    throw new UsageError(`soak: expected a number of executions (0 or more), received ${String(options.soak)}`);
  if (!(options.confidence > 0 && options.confidence < 1))
    throw new UsageError(`confidence: expected a number in (0, 1), received ${String(options.confidence)}`);
  return options;
}

/** Parses a comma-separated CLI list ("a,b"), dropping blanks; undefined stays undefined. */
export function parseList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
