import { CONFIG_KEYS } from './config-keys.ts';
import { PACKAGE_CONFIG_DIR } from './package-config-dir.ts';
import { setAtPath } from './property-path.ts';
import type { SandboxConfig } from './sandbox-config.ts';
import { checkValue } from './schema-check.ts';

/**
 * The configuration when a key is not in the file: each row's `fileDefault` read as if it were
 * written in the package's config/learning_system.yaml (so the default seccomp profile is the
 * package's, whatever the working directory or the config file's folder).
 */
export const DEFAULT_SANDBOX_CONFIG: SandboxConfig = defaultConfig();

function defaultConfig(): SandboxConfig {
  const config: Record<string, unknown> = {};
  for (const row of CONFIG_KEYS) {
    const checked = checkValue(
      '(built-in defaults: harness/config/config-keys.ts)',
      row.keyPath,
      row.spec,
      row.fileDefault,
    );
    setAtPath(config, row.property, row.toCode(checked, PACKAGE_CONFIG_DIR));
  }
  return config as unknown as SandboxConfig;
}
