import type { PerfRecord } from '../results/results-types.ts';
import type { WarmPoolStats } from '../sandbox/docker/pool.ts';
import type { LookaheadCost } from '../integrity/measure-lookahead-cost.ts';
import type { SoakDetails } from './soak.ts';

/** A requested mode that could not run here, and why: never silently dropped. */
export interface AbsentMode {
  mode: string;
  /** Set when only this part is absent (e.g. the soak). */
  workload?: string;
  reason: string;
}

/** Per mode and workload: what the numbers in `perf` rest on besides the samples. */
export interface MeasurementDetails {
  mode: string;
  workload: string;
  /** 1-minute load average of the host when this measurement began (others may share it). */
  loadAverage1m: number;
  /** docker-pool: measured executions served warm, and those that found no warm container. */
  pooled?: number;
  cold?: number;
  /** docker-pool: iterations that began before the pool had refilled (settle timed out). */
  unsettled?: number;
  /** Sandboxed modes: median of the executor's own durationMs (job sent to result read). */
  executorMedianMs?: number;
  /** The statuses of the failures, with counts. */
  failureStatuses?: Record<string, number>;
  /** The first failure's message, to say why. */
  firstFailure?: string;
}

export interface ThroughputDetails {
  mode: string;
  workload: string;
  concurrency: number;
  wallMs: number;
  /** docker-pool: executions served warm; the rest went cold because the pool had run dry. */
  pooled?: number;
}

/** What `sandboxGateBench` returns and `sandbox-gate bench --json` prints. */
export interface BenchReport {
  /** The `perf` section of results.json (harness/results/results-types.ts). */
  perf: PerfRecord;
  absent: AbsentMode[];
  measurements: MeasurementDetails[];
  throughputDetails: ThroughputDetails[];
  soakDetails?: SoakDetails;
  /** The look-ahead check's cost (`lookahead-check`), when requested: its own row, apart from `perf` (it compares two wrappers). */
  lookaheadCheck?: LookaheadCost;
  /** The docker-pool executor's pool counters over the latency and throughput runs. */
  poolStats?: WarmPoolStats;
  environment: {
    cores: number;
    node: string;
    engineRuntimes: string[];
    /** The CPU quota the measured containers ran with: the host's cores at equal CPU (in-process and local have none). */
    containerCpuCount: number;
    /** sandbox.docker.cpu_count of the config (measured on its own in perf.cpuQuota, and used by the soak). */
    configuredCpuCount: number;
    loadAverageBefore: number[];
    loadAverageAfter: number[];
  };
  startedAt: string;
  durationMs: number;
}
