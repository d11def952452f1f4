/**
 * The contract of `results.json` (schema version 1): everything one gate run measured, and
 * nothing else. The report and the updated config are pure functions of this file
 * (`sandbox-gate report --from results.json`). `schemas/results.schema.json` is the same
 * shape as a JSON Schema; `validate-results.ts` checks a file against both the schema and
 * the arithmetic that ties its numbers together (counts, rates, summaries of raw samples).
 */
import type { SandboxConfig } from '../config/sandbox-config.ts';
import type { ClaimLayer, ClaimOutcome } from '../claims/claim.ts';
import type { Summary } from '../bench/statistics/summary.ts';
import type { StoredDecision } from '../decision/decision-types.ts';
import type { PhaseName } from '../phases/phase-names.ts';

export const RESULTS_SCHEMA_VERSION = 1;

export type TestStatus = 'passed' | 'failed' | 'skipped';

/** One vitest test, counted as one test however many executions it made. */
export interface TestRecord {
  /** Unique in the run, e.g. `limits/memory.test.ts > memory limit > kills at 64m`. Claims cite it. */
  id: string;
  title: string;
  /** The test file, relative to the repository root. */
  file: string;
  status: TestStatus;
  durationMs: number;
  /** What the test observed (inspect fields, errno, statuses), recorded verbatim. */
  evidence?: unknown;
  /** The failure message (failed tests only). */
  error?: string;
}

/**
 * An error vitest reported outside any test of a file: the file failed to load or collect
 * (`collection`: a syntax error, a throwing import or top level), or a suite's own code or
 * hooks threw (`suite`). Its tests never ran or never finished, so it counts as a failure.
 */
export interface FileErrorRecord {
  /** The test file, relative to the repository root. */
  file: string;
  kind: 'collection' | 'suite';
  /** The suite's full name (`suite` errors only). */
  suite?: string;
  message: string;
}

export interface PhaseRecord {
  name: PhaseName;
  tests: TestRecord[];
  /** Counts of `tests` by status; they must agree with the list. */
  passed: number;
  failed: number;
  skipped: number;
  /** Errors outside any test (a file that failed to load, a throwing hook); each is a failure. */
  errors: FileErrorRecord[];
  /**
   * Wall time from the phase's first test file starting to its last ending (collection, hooks
   * and files running side by side included; the tests' own durations do not show those).
   * Absent in runs recorded before it existed, and for a phase whose files never started.
   */
  wallMs?: number;
}

/** An error vitest caught outside every test and file of the run (an unhandled rejection...). */
export interface UnhandledErrorRecord {
  message: string;
  /** The test file vitest attributed it to, when it did. */
  file?: string;
}

/** A claim of the gate's registry (harness/claims/registry.ts) when the run was made. */
export interface RegistryClaimRecord {
  id: string;
  layer: ClaimLayer;
}

/** What the run ran on. Engine fields are null when the run had no engine (a unit-only run). */
export interface EnvironmentRecord {
  engineVersion: string | null;
  apiVersion: string | null;
  /** OCI runtimes the engine offered and the run used, e.g. `['runc', 'runsc']`. */
  runtimes: string[];
  kernel: string;
  node: string;
  os: string;
  imageRef: string | null;
  imageId: string | null;
  seccompProfileSha256: string | null;
  cores: number;
  memoryBytes: number;
  gitCommit?: string;
}

/** A security claim's outcome (harness/claims/claim.ts) and the tests that produced it. */
export interface ClaimRecord extends ClaimOutcome {
  testIds: string[];
}

/** What one layer did with one malicious corpus file. */
export interface LayerOutcome {
  blocked: boolean;
  /** The execution status or validator verdict, e.g. `rejected`, `error`, `ok`. */
  status: string;
  detail?: string;
}

export interface LayerMatrixRow {
  /** Corpus id, e.g. `malicious/function-constructor/bind-call`. */
  id: string;
  /** The attack family (the corpus subfolder). */
  group: string;
  /** Layer 1 alone (AST validation). */
  layer1: LayerOutcome;
  /** Layer 1b alone (SES Compartment, validation off). */
  layer1b: LayerOutcome;
  /** The container alone (validation off, no Compartment). */
  container: LayerOutcome;
  /** Every layer together, as users run it. */
  all: LayerOutcome;
}

/** Fractions in [0, 1] of `files` blocked by each layer; they must agree with the rows. */
export interface CatchRates {
  layer1: number;
  layer1b: number;
  container: number;
  all: number;
}

export interface LayerMatrix {
  files: LayerMatrixRow[];
  catchRates: CatchRates;
  /** The tests that produced the matrix, cited by the report. */
  testIds?: string[];
}

/** A workload the perf phase measured, so every figure can say on what. */
export interface PerfWorkloadRecord {
  name: string;
  /** `call`: a plain call; `backtest`: a backtest (the only kind with a percent overhead). */
  kind: 'call' | 'backtest';
  description: string;
}

export interface PerfModeRecord {
  mode: string;
  workload: string;
  /** Raw durations of successful executions, in the order they were measured. */
  samplesMs: number[];
  /** `summarize(samplesMs)` (harness/bench/statistics/summary.ts); null when no execution succeeded. */
  summary: Summary | null;
  /** Executions that did not return `ok` (not in `samplesMs`). */
  failures: number;
}

/** A point estimate with its interval at `perf.confidence`. */
export interface IntervalRecord {
  estimate: number;
  low: number;
  high: number;
}

export interface OverheadRecord {
  mode: string;
  workload: string;
  baselineMode: string;
  /** mean(mode) - mean(baseline) with Welch's interval. */
  differenceMs: IntervalRecord;
  /** 100 * (mean(mode) / mean(baseline) - 1) with a bootstrap interval; backtest workloads only. */
  percent?: IntervalRecord;
}

export interface ThroughputRecord {
  mode: string;
  workload: string;
  concurrency: number;
  /** Executions completed during the measurement (ok or not). */
  executions: number;
  /** Untimed executions before the measurement (a warm pool's ready containers); their failures count. */
  warmupExecutions?: number;
  executionsPerSecond: number;
  failures: number;
}

export type BreakdownPhase = 'create' | 'attach' | 'start' | 'firstByte' | 'result' | 'remove';

export interface BreakdownRecord {
  mode: string;
  workload: string;
  phase: BreakdownPhase;
  medianMs: number;
}

export interface SoakRecord {
  mode: string;
  workload: string;
  executions: number;
  /** Executions whose status was not the one their kind must give (a call not ok, a loop not timeout, ...). */
  failures: number;
  fallbacks: number;
  leakedContainers: number;
  heapGrowthBytes: number;
  rssGrowthBytes: number;
  /** Executions per kind: call, backtest, timeout, oom, flood. */
  mix?: Record<string, number>;
  /** Trend of the harness's heap (after a full GC) over the executions. */
  heapSlopeBytesPerExecution?: SlopeRecord;
  rssSlopeBytesPerExecution?: SlopeRecord;
  /** Trend of the harness's open handles (process.getActiveResourcesInfo()). */
  handlesSlopePerExecution?: SlopeRecord;
  handlesBefore?: number;
  handlesAfter?: number;
}

/** A least-squares slope with its confidence interval. */
export interface SlopeRecord {
  slope: number;
  lower: number;
  upper: number;
  confidence: number;
  points: number;
}

/** How much CPU the compared modes had (issue 12): the overheads are only fair at equal CPU. */
export interface CpuComparisonRecord {
  /**
   * `equal-cpu`: every container of the overhead rows ran at cpu_count = the host's cores, the
   * budget in-process and local get (no quota); `configured-quota`: at the configured cpu_count.
   */
  comparison: 'equal-cpu' | 'configured-quota';
  /** The cpu_count the benchmark's containers ran with. */
  containerCpuCount: number;
  /** sandbox.docker.cpu_count of the config. */
  configuredCpuCount: number;
  cores: number;
}

/** The configured quota's own effect: the same mode at the configured cpu_count over equal CPU. */
export interface CpuQuotaRecord {
  cpuCount: number;
  mode: string;
  workload: string;
  /** mean(at quota) / mean(at equal CPU), with a bootstrap interval at perf.confidence: "takes 2.0x". */
  factor: IntervalRecord;
  /** Raw durations at the quota (the equal-CPU ones are perf.modes' row of the same mode and workload). */
  samplesMs: number[];
  failures: number;
}

/** A fixed CPU loop timed before, during and after the measurements (harness/bench/calibration.ts). */
export interface CalibrationRecord {
  loopSteps: number;
  beforeMs: number;
  afterMs: number;
  /** One call after each measured round of the sampled workloads. */
  perRoundMs: number[];
  /** max(|after / before - 1|, |median(perRound) / before - 1|). */
  drift: number;
  loadAverageBefore: number[];
  loadAverageAfter: number[];
}

/** How one workload was sampled: interleaved rounds, adaptively stopped or fixed. */
export interface SamplingRecord {
  workload: string;
  rounds: number;
  minRounds: number;
  maxRounds: number;
  /** `clear`: the policy's interval held no band edge; `cap`: maxRounds; `fixed`: minRounds, no stop rule. */
  stoppedBy: 'clear' | 'cap' | 'fixed';
}

/** The warm pool's cleanup over the benchmark: executions returned on their frame are checked afterwards. */
export interface ContainerCleanupRecord {
  exitsCheckedAfterFrame: number;
  unexpectedExits: number;
  /** Containers still present after every removal attempt. */
  notRemoved: number;
  lastUnexpectedExit?: string;
}

export interface PerfRecord {
  /** Measured iterations per mode and workload (after warm-up); with adaptive sampling, the cap. */
  iterations: number;
  /**
   * Benchmark executions that failed, in total over every mode and workload (written by the
   * bench). A decision input (requirements.maxFailedBenchmarkExecutions); when absent, the
   * decision reads it as missing evidence, never as 0.
   */
  failedExecutions?: number;
  /** Confidence level of every interval in `overheads`, e.g. 0.95. */
  confidence: number;
  /** The bootstrap behind `overheads[].percent`. */
  bootstrap?: { resamples: number; seed: number };
  workloads: PerfWorkloadRecord[];
  modes: PerfModeRecord[];
  overheads: OverheadRecord[];
  throughput: ThroughputRecord[];
  breakdown?: BreakdownRecord[];
  soak?: SoakRecord;
  /** failedExecutions by mode (the soak under its mode). */
  failuresByMode?: Record<string, number>;
  cpu?: CpuComparisonRecord;
  cpuQuota?: CpuQuotaRecord;
  calibration?: CalibrationRecord;
  sampling?: SamplingRecord[];
  cleanup?: ContainerCleanupRecord;
  /**
   * docker-pool back to back (the throughput run at concurrency 1, no settling between
   * executions): the sustained latency, beside the settled one in `modes`.
   */
  sustained?: PerfModeRecord[];
  /**
   * Layer 1b's own cost: the same pooled runner at the same CPU with lockdown and the
   * Compartment on (perf.modes) over off (samplesMsWithout), in percent with a bootstrap interval.
   */
  layer1b?: { mode: string; workload: string; percent: IntervalRecord; samplesMsWithout: number[]; failures: number };
  /** Wall time of each part of the measurement, in ms: calibration, latency:<workload>, throughput, soak. */
  wallMs?: Record<string, number>;
}

/** An input of a projection: a measured value (with its pointer) or an assumption (no source). */
export interface ProjectionInput {
  name: string;
  value: number;
  unit?: string;
  /** JSON pointer into this file; absent when the input is an assumption. */
  source?: string;
}

/** A computed, not measured, figure. The report prints it only in its own labelled subsection. */
export interface ProjectionRecord {
  projection: true;
  id: string;
  title: string;
  /** In words and symbols, e.g. `20 x differenceMs.estimate`. */
  formula: string;
  inputs: ProjectionInput[];
  value: number;
  unit: string;
}

export interface ReliabilityRecord {
  /** Which executions are counted, e.g. `every execution of a benign workload in integration and perf`. */
  scope?: string;
  executions: number;
  /** Executions whose status was not `ok`. */
  failures: number;
  /** Executions whose status was `ok` and that were not degraded (no fallback): the successes. */
  successes: number;
  /** Executions that fell back to the local mode, whether the fallback was raised or returned. */
  fallbacks: number;
  /** fallbacks / executions; null when nothing was executed. */
  fallbackRate: number | null;
  /** successes / executions; null when nothing was executed. A degraded `ok` is not a success. */
  successRate: number | null;
  /** Containers carrying the run's session label left after cleanup. */
  leakedContainers: number;
  /** Executions by `ExecutionStatus`; the counts sum to `executions`. */
  byStatus: Record<string, number>;
}

/** The configuration file the run used, kept so that `report --from` can reproduce the rendered config. */
export interface ConfigSourceRecord {
  file: string;
  text: string;
}

export interface Results {
  /** Free text for people (fixtures say they are test data here). */
  _comment?: string;
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  runId: string;
  /** ISO 8601 timestamps, written by the runner; the report never reads a clock. */
  startedAt: string;
  finishedAt: string;
  environment: EnvironmentRecord;
  /** The effective configuration (defaults applied, code units). */
  config: SandboxConfig;
  configSource?: ConfigSourceRecord;
  /** The phases that ran, in run order. A phase that did not run is absent. */
  phases: PhaseRecord[];
  /** Errors outside every test file (vitest's unhandled errors); each is a failure. */
  unhandledErrors: UnhandledErrorRecord[];
  /** Every claim the registry had: the decision expects each on every measured runtime. */
  claimRegistry: RegistryClaimRecord[];
  claims: ClaimRecord[];
  /** Absent when the layer matrix was not measured. */
  layerMatrix?: LayerMatrix;
  /** Absent when the perf phase did not run. */
  perf?: PerfRecord;
  projections?: ProjectionRecord[];
  reliability: ReliabilityRecord;
  /** Written by the decision step (attach-decision.ts), with the policy it applied. */
  decision?: StoredDecision;
  /** Set when the engine stopped answering during the run: the run failed for that cause. */
  engineLost?: EngineLostRecord;
}

/** The engine stopped answering in the middle of a gate run. */
export interface EngineLostRecord {
  /** The stage that was running: phases, perf, reliability, or the end of the run. */
  during: string;
  /** The error of the last ping, e.g. "Docker Engine ping failed (engine-unreachable): connect ENOENT ...". */
  cause: string;
  /** ISO 8601, when the loss was established. */
  at: string;
}
