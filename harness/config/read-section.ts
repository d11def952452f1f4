import { CONFIG_KEYS } from './config-keys.ts';
import { DEFAULT_SANDBOX_CONFIG } from './default-config.ts';
import { getAtPath, setAtPath } from './property-path.ts';
import type { SandboxConfig } from './sandbox-config.ts';
import { pathInSection } from './section-spec.ts';

/**
 * A checked `sandbox:` section (sizes already in bytes) in the code's units, each absent key at
 * its default. `baseDir` is the config file's folder: relative paths resolve against it.
 */
export function readSection(checked: Record<string, unknown>, baseDir: string): SandboxConfig {
  const config = structuredClone(DEFAULT_SANDBOX_CONFIG) as unknown as Record<string, unknown>;
  for (const row of CONFIG_KEYS) {
    const fileValue = getAtPath(checked, pathInSection(row.keyPath));
    if (fileValue !== undefined) setAtPath(config, row.property, row.toCode(fileValue, baseDir));
  }
  return config as unknown as SandboxConfig;
}
