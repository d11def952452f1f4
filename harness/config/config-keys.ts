import {
  filePath,
  flag,
  integerOrWord,
  list,
  listOf,
  number,
  oneOf,
  seconds,
  size,
  text,
  type ConfigProperty,
} from './config-key.ts';
import { lookaheadPerturbations } from './lookahead-perturbations.ts';

/**
 * Every key of the `sandbox:` section, once: YAML name, property in SandboxConfig, bounds,
 * default as written in the file, unit, doc line. Defaults (default-config.ts), the schema
 * (section-spec.ts), the report's config rows, the engine-refusal mapping (wrapper.ts), the
 * audit's key names and config/README.md derive from it; test/config checks the shipped file
 * and the docs against it, and tries every bound.
 *
 * SandboxConfig stays a hand-written interface (sandbox-config.ts): its JSDoc is what users of
 * `loadConfig` read on hover, which a type mapped from this table would lose. The builders only
 * accept a property whose type holds the key's value, and `everyPropertyHasAKey` below fails
 * to compile when a property has no row, so the two cannot drift.
 */
export const CONFIG_KEYS = [
  flag('sandbox.enabled', 'enabled', true, 'route executions to Docker; false: the local mode only'),

  text(
    'sandbox.docker.image',
    'docker.image',
    /^[a-z0-9][a-z0-9._/-]*(:[\w.-]+)?$/,
    'an image reference such as sandbox-gate/runner',
    'sandbox-gate/runner',
    "repository of the sandbox image; the tag is the build context's content hash unless pinned with :tag",
  ),
  oneOf(
    'sandbox.docker.runtime',
    'docker.runtime',
    ['runc', 'runsc'],
    'runc',
    'OCI runtime: runc, or runsc (gVisor) where the engine has it',
    { engineRefusal: /runtime/i },
  ),
  // 6 MiB: the smallest memory limit the Docker Engine accepts ("Minimum memory limit allowed is 6MB").
  size(
    'sandbox.docker.memory_limit',
    'docker.memoryBytes',
    { minBytes: 6 * 1024 ** 2, allowNone: true },
    '2g',
    'memory and memory+swap (no swap); none removes the limit and weakens the sandbox',
    { engineRefusal: /memory/i },
  ),
  // 0.01: the engine's smallest quota ("Range of CPUs is from 0.01 to <cores>"); above the host's cores it refuses (wrapper.ts).
  number('sandbox.docker.cpu_count', 'docker.cpuCount', { min: 0.01, max: 1024 }, 0.5, 'cores', 'CPU quota in cores', {
    engineRefusal: /cpu/i,
  }),
  number(
    'sandbox.docker.pids_limit',
    'docker.pidsLimit',
    { integer: true, min: 8, max: 100_000 },
    64,
    'tasks',
    'maximum number of tasks (processes and threads)',
    { engineRefusal: /pids/i },
  ),
  size(
    'sandbox.docker.tmpfs_size',
    'docker.tmpfsBytes',
    { minBytes: 4096 },
    '64m',
    'size of /tmp, a tmpfs mounted noexec,nosuid,nodev',
    { engineRefusal: /tmpfs/i },
  ),
  seconds(
    'sandbox.docker.timeout_seconds',
    'docker.timeoutMs',
    { min: 0, exclusiveMin: true, max: 86_400 },
    300,
    'wall-clock limit of one execution; past it: killed, status timeout',
  ),
  // On the shared 2-core host (six parallel users) `doctor` measured version + info in 52 ms and
  // an image inspect in 32 ms, and the fault suite's 2 s-per-answer delay still ran fine under an
  // 8 s deadline; 10 s fires on an engine that is stuck, not on one that is slow.
  seconds(
    'sandbox.docker.api_timeout_seconds',
    'docker.apiTimeoutMs',
    { min: 0, exclusiveMin: true, max: 600 },
    10,
    'deadline of each Engine API call; past it: engine-timeout, retry, fallback',
  ),
  filePath(
    'sandbox.docker.seccomp_profile',
    'docker.seccompProfile',
    ['unconfined'],
    'a path to a seccomp JSON profile, or unconfined',
    '../seccomp/sandbox-node.json',
    "seccomp profile, relative to this file's folder unless absolute; unconfined weakens the sandbox (the audit fails)",
    { engineRefusal: /seccomp/i },
  ),
  oneOf(
    'sandbox.docker.network_mode',
    'docker.networkMode',
    ['none', 'host'],
    'none',
    'none, or host (weakens the sandbox: the audit fails)',
  ),
  flag(
    'sandbox.docker.read_only_rootfs',
    'docker.readOnlyRootfs',
    true,
    'read-only root filesystem (false weakens the sandbox)',
  ),
  list(
    'sandbox.docker.cap_add',
    'docker.capAdd',
    /^[A-Z_]+$/,
    'capability names such as NET_RAW',
    [],
    'capabilities added back after dropping ALL (weakens the sandbox)',
  ),
  flag(
    'sandbox.docker.no_new_privileges',
    'docker.noNewPrivileges',
    true,
    'no-new-privileges (false weakens the sandbox; with a seccomp profile no container starts)',
  ),
  text(
    'sandbox.docker.user',
    'docker.user',
    /^\d+:\d+$/,
    'a numeric uid:gid such as 1000:1000',
    '1000:1000',
    'uid:gid inside the container',
  ),

  number(
    'sandbox.input.max_job_bytes',
    'input.maxJobBytes',
    { integer: true, min: 1024 },
    67_108_864,
    'bytes',
    'a job (code plus input) larger than this is rejected before anything runs',
  ),
  number(
    'sandbox.output.max_stdout_bytes',
    'output.maxStdoutBytes',
    { integer: true, min: 1024 },
    1_048_576,
    'bytes',
    'cap on each of stdout and stderr; past it: stopped, status output-limit',
  ),
  number(
    'sandbox.output.max_result_bytes',
    'output.maxResultBytes',
    { integer: true, min: 1024 },
    67_108_864,
    'bytes',
    'cap on the serialized result',
  ),

  flag('sandbox.pool.enabled', 'pool.enabled', true, 'keep pre-started single-use containers ready'),
  number(
    'sandbox.pool.size',
    'pool.size',
    { integer: true, min: 0, max: 64 },
    2,
    'containers',
    'number of warm containers',
  ),
  seconds(
    'sandbox.pool.idle_seconds',
    'pool.idleMs',
    { min: 1 },
    300,
    'a warm container idle longer than this is replaced',
  ),

  flag(
    'sandbox.fallback.enabled',
    'fallback.enabled',
    true,
    "fall back to the local mode on infrastructure errors (never on a strategy's failure)",
  ),
  number(
    'sandbox.fallback.max_retries',
    'fallback.maxRetries',
    { integer: true, min: 0, max: 10 },
    1,
    'retries',
    'retries in Docker before falling back or giving infra-error',
  ),

  flag(
    'sandbox.monitoring.enabled',
    'monitoring.enabled',
    true,
    'nothing in the harness reads it yet (alert rules are written regardless)',
  ),
  number(
    'sandbox.monitoring.alert_fallback_rate',
    'monitoring.alertFallbackRate',
    { min: 0, max: 1 },
    0.1,
    'ratio',
    'fallback rate above which the report raises an alert',
  ),

  number(
    'sandbox.backtest.max_gross_leverage',
    'backtest.maxGrossLeverage',
    { min: 0, exclusiveMin: true, max: 1000 },
    1,
    'ratio',
    'largest sum |w[t][d]| on any day; over it the run is an error',
  ),
  flag(
    'sandbox.backtest.lookahead.enabled',
    'backtest.lookahead.enabled',
    true,
    're-run on inputs that differ only after cut days; status lookahead on any change',
  ),
  // Each cut costs about 2-3 extra evaluations of the strategy (config/learning_system.yaml).
  number(
    'sandbox.backtest.lookahead.cuts',
    'backtest.lookahead.cuts',
    { integer: true, min: 1, max: 64 },
    2,
    'days',
    'cut days per backtest, drawn from the seed',
  ),
  integerOrWord(
    'sandbox.backtest.lookahead.seed',
    'backtest.lookahead.seed',
    { min: 0, max: 4_294_967_295 },
    'random',
    'random',
    'random: fresh cut days per execution, recorded; an integer replays a run (and is predictable)',
  ),
  listOf(
    'sandbox.backtest.lookahead.perturbations',
    'backtest.lookahead.perturbations',
    lookaheadPerturbations,
    'perturbation names',
    'at least one perturbation (turn the check off with enabled: false instead)',
    ['truncate', 'far-below', 'far-above'],
    'what replaces the days after each cut; every cut gets every perturbation',
  ),
  // A re-run's input is never longer than the full one (a causal re-run needs at most about 1x its
  // full run); 3x covers a loaded host, where the cut days' check jobs run at once (harness/integrity/README.md).
  number(
    'sandbox.backtest.lookahead.budget_factor',
    'backtest.lookahead.budgetFactor',
    { min: 1, max: 100 },
    3,
    'ratio',
    "the re-runs' own time limit: this x the full run's time per re-run, + 5 s; never a share of timeout_seconds",
  ),
] as const;

export type DeclaredProperty = (typeof CONFIG_KEYS)[number]['property'];
type MissingProperty = Exclude<ConfigProperty, DeclaredProperty>;
/** Compile-time: a SandboxConfig property without a row here is a type error naming it. */
export const everyPropertyHasAKey: [MissingProperty] extends [never] ? true : MissingProperty = true;

/** Where a property is written: `keyPathOf('docker.capAdd')` is `sandbox.docker.cap_add` (a typo is a type error). */
export function keyPathOf(property: DeclaredProperty): string {
  return CONFIG_KEYS.find((row) => row.property === property)!.keyPath;
}
