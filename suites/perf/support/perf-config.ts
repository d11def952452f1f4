import { loadConfig } from '../../../harness/config/load-config.ts';
import type { SandboxConfig } from '../../../harness/config/sandbox-config.ts';

/** The repository's own config file: every perf test starts from what users run. */
export const CONFIG_FILE = 'config/learning_system.yaml';

/** A fresh copy of the shipped sandbox config, safe to mutate. */
export async function shippedConfig(): Promise<SandboxConfig> {
  return structuredClone((await loadConfig(CONFIG_FILE)).sandbox);
}
