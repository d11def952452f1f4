import type { FieldSpec } from './schema-check.ts';

/** The validated `sandbox:` section, in units the code uses (bytes, milliseconds). */
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
    /** Path of the seccomp profile, relative to the repository root unless absolute, or `unconfined` (weakens the sandbox: the audit fails). @default 'seccomp/sandbox-node.json' */
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

/** Perturbations of the data after a cut day (harness/integrity/README.md describes each). */
export const lookaheadPerturbations = ['truncate', 'far-below', 'far-above'] as const;
export type LookaheadPerturbation = (typeof lookaheadPerturbations)[number];

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
}

/** The whole file: `sandbox:` is ours; other top-level keys belong to the trading system and are kept as they are. */
export interface LoadedConfig {
  /** Absolute path of the file it came from, for messages. */
  file: string;
  sandbox: SandboxConfig;
}

export const DEFAULT_SANDBOX_CONFIG: SandboxConfig = {
  enabled: true,
  docker: {
    image: 'sandbox-gate/runner',
    runtime: 'runc',
    memoryBytes: 2 * 1024 ** 3,
    cpuCount: 0.5,
    pidsLimit: 64,
    tmpfsBytes: 64 * 1024 ** 2,
    timeoutMs: 300_000,
    apiTimeoutMs: 10_000,
    seccompProfile: 'seccomp/sandbox-node.json',
    networkMode: 'none',
    readOnlyRootfs: true,
    capAdd: [],
    noNewPrivileges: true,
    user: '1000:1000',
  },
  input: { maxJobBytes: 64 * 1024 ** 2 },
  output: { maxStdoutBytes: 1024 ** 2, maxResultBytes: 64 * 1024 ** 2 },
  pool: { enabled: true, size: 2, idleMs: 300_000 },
  fallback: { enabled: true, maxRetries: 1 },
  monitoring: { enabled: true, alertFallbackRate: 0.1 },
  backtest: {
    maxGrossLeverage: 1,
    lookahead: { enabled: true, cuts: 2, seed: 'random', perturbations: ['truncate', 'far-below', 'far-above'] },
  },
};

/** What the YAML may contain under `sandbox:`, in the file's own units. */
export const SANDBOX_SECTION_SPEC: FieldSpec = {
  kind: 'record',
  fields: {
    enabled: { kind: 'boolean' },
    docker: {
      kind: 'record',
      fields: {
        image: { kind: 'string', pattern: /^[a-z0-9][a-z0-9._/-]*(:[\w.-]+)?$/, description: 'an image reference such as sandbox-gate/runner' },
        runtime: { kind: 'enum', values: ['runc', 'runsc'] },
        memory_limit: { kind: 'size', minBytes: 6 * 1024 ** 2, allowNone: true },
        cpu_count: { kind: 'number', min: 0.01, max: 1024 },
        pids_limit: { kind: 'number', integer: true, min: 8, max: 100_000 },
        tmpfs_size: { kind: 'size', minBytes: 4096 },
        timeout_seconds: { kind: 'number', min: 0, exclusiveMin: true, max: 86_400 },
        api_timeout_seconds: { kind: 'number', min: 0, exclusiveMin: true, max: 600 },
        seccomp_profile: { kind: 'string', description: 'a path to a seccomp JSON profile, or unconfined' },
        network_mode: { kind: 'enum', values: ['none', 'host'] },
        read_only_rootfs: { kind: 'boolean' },
        cap_add: { kind: 'string-list', pattern: /^[A-Z_]+$/, description: 'capability names such as NET_RAW' },
        no_new_privileges: { kind: 'boolean' },
        user: { kind: 'string', pattern: /^\d+:\d+$/, description: 'a numeric uid:gid such as 1000:1000' },
      },
    },
    input: { kind: 'record', fields: { max_job_bytes: { kind: 'number', integer: true, min: 1024 } } },
    output: {
      kind: 'record',
      fields: {
        max_stdout_bytes: { kind: 'number', integer: true, min: 1024 },
        max_result_bytes: { kind: 'number', integer: true, min: 1024 },
      },
    },
    pool: {
      kind: 'record',
      fields: {
        enabled: { kind: 'boolean' },
        size: { kind: 'number', integer: true, min: 0, max: 64 },
        idle_seconds: { kind: 'number', min: 1 },
      },
    },
    fallback: {
      kind: 'record',
      fields: { enabled: { kind: 'boolean' }, max_retries: { kind: 'number', integer: true, min: 0, max: 10 } },
    },
    monitoring: {
      kind: 'record',
      fields: { enabled: { kind: 'boolean' }, alert_fallback_rate: { kind: 'number', min: 0, max: 1 } },
    },
    backtest: {
      kind: 'record',
      fields: {
        max_gross_leverage: { kind: 'number', min: 0, exclusiveMin: true, max: 1000 },
        lookahead: {
          kind: 'record',
          fields: {
            enabled: { kind: 'boolean' },
            cuts: { kind: 'number', integer: true, min: 1, max: 64 },
            // An integer 0..2^32-1 or `random`: checked in load-config.ts (the schema has no unions).
            seed: { kind: 'any' },
            perturbations: {
              kind: 'string-list',
              pattern: new RegExp(`^(${lookaheadPerturbations.join('|')})$`),
              description: `perturbation names (${lookaheadPerturbations.join(', ')})`,
            },
          },
        },
      },
    },
  },
};
