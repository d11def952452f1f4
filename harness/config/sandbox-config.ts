import type { LookaheadPerturbation } from './lookahead-perturbations.ts';

// The values derived from the key table (config-keys.ts), kept importable from here where the tree imports them.
export { DEFAULT_SANDBOX_CONFIG } from './default-config.ts';
export { SANDBOX_SECTION_SPEC } from './section-spec.ts';
export { lookaheadPerturbations, type LookaheadPerturbation } from './lookahead-perturbations.ts';

/**
 * The validated `sandbox:` section, in units the code uses (bytes, milliseconds, absolute paths).
 * Each property is one row of the key table (config-keys.ts: YAML name, bounds, default).
 */
export interface SandboxConfig {
  /** Route executions to Docker; false sends them to the local mode. @default true */
  enabled: boolean;
  docker: {
    /** Repository of the sandbox image; the tag is the build context's content hash unless pinned with `:tag`. @default 'sandbox-gate/runner' */
    image: string;
    /** OCI runtime: `runc`, or `runsc` for gVisor. @default 'runc' */
    runtime: string;
    /** Memory limit, also used as memory+swap (no swap); 0 (`none` in the file) removes it and weakens the sandbox. @default 2 GiB */
    memoryBytes: number;
    /** CPU quota in cores. @default 0.5 */
    cpuCount: number;
    /** Maximum number of tasks (processes and threads). @default 64 */
    pidsLimit: number;
    /** Size of the noexec /tmp tmpfs. @default 64 MiB */
    tmpfsBytes: number;
    /** Wall-clock limit of one execution. @default 300_000 (300 s) */
    timeoutMs: number;
    /**
     * Deadline of each Engine API call (create, attach, start, inspect, kill, remove, list);
     * past it the call is an infrastructure error `engine-timeout`, retried, then fallen back
     * from. `wait` gets the job's timeout plus this as its grace. @default 10_000 (10 s)
     */
    apiTimeoutMs: number;
    /**
     * Path of the seccomp profile, or `unconfined` (weakens the sandbox: the audit fails). In a
     * file, a relative path resolves against the file's folder and loadConfig gives it absolute;
     * in a config built in code, a relative path resolves against the package root.
     * @default the package's seccomp/sandbox-node.json
     */
    seccompProfile: string;
    /** `none`, or `host` (weakens the sandbox: the audit fails). @default 'none' */
    networkMode: 'none' | 'host';
    /** @default true */
    readOnlyRootfs: boolean;
    /** Capabilities added back after dropping ALL (weakens the sandbox). @default [] */
    capAdd: string[];
    /** @default true */
    noNewPrivileges: boolean;
    /** `uid:gid` inside the container. @default '1000:1000' */
    user: string;
  };
  input: {
    /** A job (code plus input) larger than this is rejected before anything runs. @default 64 MiB */
    maxJobBytes: number;
  };
  output: {
    /** Cap on each of stdout and stderr; past it the execution is stopped (`output-limit`). @default 1 MiB */
    maxStdoutBytes: number;
    /** Cap on the serialized result. @default 64 MiB */
    maxResultBytes: number;
  };
  pool: {
    /** Keep pre-started single-use containers ready. @default true */
    enabled: boolean;
    /** Number of warm containers. @default 2 */
    size: number;
    /** A warm container idle longer than this is replaced. @default 300_000 (300 s) */
    idleMs: number;
  };
  fallback: {
    /** Fall back to the local mode on infrastructure errors (never on a strategy's failure). @default true */
    enabled: boolean;
    /** Retries in Docker before falling back or giving `infra-error`. @default 1 */
    maxRetries: number;
  };
  monitoring: {
    /** @default true */
    enabled: boolean;
    /** Fallback rate above which the report raises an alert. @default 0.10 */
    alertFallbackRate: number;
  };
  /** Score integrity: what a strategy's weights must satisfy before they are scored (issue 16). */
  backtest: {
    /** Largest gross exposure `sum_t |w[t][d]|` on any day; over it the run is `error`. @default 1 (long-only research, no leverage) */
    maxGrossLeverage: number;
    lookahead: LookaheadConfig;
  };
}

/** `sandbox.backtest.lookahead`: the invariance check run after every successful backtest. */
export interface LookaheadConfig {
  /** Re-run the strategy on inputs that differ only after cut days; `lookahead` status on any change. @default true */
  enabled: boolean;
  /** Number of cut days per backtest, drawn from the seeded generator. @default 2 */
  cuts: number;
  /**
   * Seed of the cut days: the same seed and data give the same cuts, recorded in the result.
   * `random`: a fresh seed per execution (from node:crypto), still recorded. A fixed seed makes
   * the cut days predictable to code that knows this algorithm, which can then avoid peeking
   * exactly there (suites/fixtures/strategies/lookahead/evasion/); a fixed seed is for replaying
   * a run (harness/integrity/README.md). @default 'random'
   */
  seed: number | 'random';
  /** What replaces the days after each cut; every cut gets every perturbation. @default ['truncate', 'far-below', 'far-above'] */
  perturbations: LookaheadPerturbation[];
  /**
   * The re-runs' own time budget, as a multiple of the full run's duration per re-run: they do
   * not share `sandbox.docker.timeout_seconds` with the strategy. A re-run's input is never longer
   * than the full input, so a causal strategy needs at most about 1x (a truncated input less);
   * 3x leaves room for a loaded host (the re-runs of different cut days run at once). Bounded:
   * the full run is at most timeout_seconds, so a check job is at most 5 s + this x its inputs x that.
   * A re-run that overruns it is a failure on a cut input (status `lookahead`, the budget named).
   * @default 3
   */
  budgetFactor: number;
}

/** The whole file: `sandbox:` is ours; other top-level keys belong to the trading system and are kept as they are. */
export interface LoadedConfig {
  /** Absolute path of the file it came from: named in messages; its folder is the base of the relative paths in it. */
  file: string;
  sandbox: SandboxConfig;
}
