import path from 'node:path';
import { parseYamlMapping, readYamlText } from './yaml-file.ts';
import { ConfigError } from '../errors.ts';
import { didYouMean } from './did-you-mean.ts';
import { checkValue } from './schema-check.ts';
import { DEFAULT_SANDBOX_CONFIG, SANDBOX_SECTION_SPEC, type LoadedConfig, type SandboxConfig } from './sandbox-config.ts';

export const DEFAULT_CONFIG_PATH = 'config/learning_system.yaml';

/** The top-level sections a learning_system.yaml may have. */
const TOP_LEVEL_SECTIONS: readonly string[] = ['sandbox'];

/** Reads, validates and applies defaults to a learning_system.yaml. Throws ConfigError (exit 2). */
export async function loadConfig(file: string = DEFAULT_CONFIG_PATH): Promise<LoadedConfig> {
  return parseConfig(await readYamlText(file), path.resolve(file));
}

/** Validates configuration text; `file` is only used in messages. */
export function parseConfig(text: string, file: string): LoadedConfig {
  const document = parseYamlMapping(text, file, 'a mapping with a sandbox: section');
  // The file holds the sandbox section only; a misspelled one (`sandbx:`) would otherwise be
  // ignored silently and every default would apply.
  for (const key of Object.keys(document)) {
    if (!TOP_LEVEL_SECTIONS.includes(key)) {
      const hint = didYouMean(key, TOP_LEVEL_SECTIONS);
      throw new ConfigError(file, key, `no such top-level section${hint ? ` (did you mean ${hint}?)` : ''}; known sections are ${TOP_LEVEL_SECTIONS.join(', ')}`, document[key]);
    }
  }
  const section = document.sandbox;
  if (section === undefined) throw new ConfigError(file, 'sandbox', 'a sandbox: section', undefined);
  const raw = checkValue(file, 'sandbox', SANDBOX_SECTION_SPEC, section) as RawSection;
  const seed = raw.backtest?.lookahead?.seed;
  if (seed !== undefined && seed !== 'random' && !(typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed <= 4_294_967_295)) {
    throw new ConfigError(file, 'sandbox.backtest.lookahead.seed', 'an integer >= 0 and <= 4294967295, or random', seed);
  }
  const perturbations = raw.backtest?.lookahead?.perturbations;
  if (Array.isArray(perturbations) && perturbations.length === 0) {
    // An empty list would run a check that compares nothing and passes every strategy.
    throw new ConfigError(file, 'sandbox.backtest.lookahead.perturbations', 'at least one perturbation (turn the check off with enabled: false instead)', perturbations);
  }
  return { file, sandbox: applyDefaults(raw) };
}

interface RawSection {
  enabled?: boolean;
  docker?: Partial<Record<string, unknown>>;
  input?: Partial<Record<string, unknown>>;
  output?: Partial<Record<string, unknown>>;
  pool?: Partial<Record<string, unknown>>;
  fallback?: Partial<Record<string, unknown>>;
  monitoring?: Partial<Record<string, unknown>>;
  backtest?: { max_gross_leverage?: number; lookahead?: Partial<Record<string, unknown>> };
}

function applyDefaults(raw: RawSection): SandboxConfig {
  const d = DEFAULT_SANDBOX_CONFIG;
  const pick = <T>(value: unknown, fallback: T): T => (value === undefined ? fallback : (value as T));
  const seconds = (value: unknown, fallbackMs: number): number => (value === undefined ? fallbackMs : Math.round((value as number) * 1000));
  return {
    enabled: pick(raw.enabled, d.enabled),
    docker: {
      image: pick(raw.docker?.image, d.docker.image),
      runtime: pick(raw.docker?.runtime, d.docker.runtime),
      memoryBytes: pick(raw.docker?.memory_limit, d.docker.memoryBytes),
      cpuCount: pick(raw.docker?.cpu_count, d.docker.cpuCount),
      pidsLimit: pick(raw.docker?.pids_limit, d.docker.pidsLimit),
      tmpfsBytes: pick(raw.docker?.tmpfs_size, d.docker.tmpfsBytes),
      timeoutMs: seconds(raw.docker?.timeout_seconds, d.docker.timeoutMs),
      apiTimeoutMs: seconds(raw.docker?.api_timeout_seconds, d.docker.apiTimeoutMs),
      seccompProfile: pick(raw.docker?.seccomp_profile, d.docker.seccompProfile),
      networkMode: pick(raw.docker?.network_mode, d.docker.networkMode),
      readOnlyRootfs: pick(raw.docker?.read_only_rootfs, d.docker.readOnlyRootfs),
      capAdd: pick(raw.docker?.cap_add, d.docker.capAdd),
      noNewPrivileges: pick(raw.docker?.no_new_privileges, d.docker.noNewPrivileges),
      user: pick(raw.docker?.user, d.docker.user),
    },
    input: { maxJobBytes: pick(raw.input?.max_job_bytes, d.input.maxJobBytes) },
    output: {
      maxStdoutBytes: pick(raw.output?.max_stdout_bytes, d.output.maxStdoutBytes),
      maxResultBytes: pick(raw.output?.max_result_bytes, d.output.maxResultBytes),
    },
    pool: {
      enabled: pick(raw.pool?.enabled, d.pool.enabled),
      size: pick(raw.pool?.size, d.pool.size),
      idleMs: seconds(raw.pool?.idle_seconds, d.pool.idleMs),
    },
    fallback: {
      enabled: pick(raw.fallback?.enabled, d.fallback.enabled),
      maxRetries: pick(raw.fallback?.max_retries, d.fallback.maxRetries),
    },
    monitoring: {
      enabled: pick(raw.monitoring?.enabled, d.monitoring.enabled),
      alertFallbackRate: pick(raw.monitoring?.alert_fallback_rate, d.monitoring.alertFallbackRate),
    },
    backtest: {
      maxGrossLeverage: pick(raw.backtest?.max_gross_leverage, d.backtest.maxGrossLeverage),
      lookahead: {
        enabled: pick(raw.backtest?.lookahead?.enabled, d.backtest.lookahead.enabled),
        cuts: pick(raw.backtest?.lookahead?.cuts, d.backtest.lookahead.cuts),
        seed: pick(raw.backtest?.lookahead?.seed, d.backtest.lookahead.seed),
        perturbations: pick(raw.backtest?.lookahead?.perturbations, [...d.backtest.lookahead.perturbations]),
      },
    },
  };
}
