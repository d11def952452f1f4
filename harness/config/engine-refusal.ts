import { CONFIG_KEYS } from './config-keys.ts';
import { getAtPath } from './property-path.ts';
import type { SandboxConfig } from './sandbox-config.ts';

/**
 * The key an engine's refusal message is about (HTTP 400 "Range of CPUs is from 0.01 to 2.00"
 * -> `sandbox.docker.cpu_count`) and its configured value, from the table's `engineRefusal`
 * words, first row first, the value in the file's terms; undefined when the message names none of them.
 */
export function keyRefusedByEngine(
  message: string,
  config: SandboxConfig,
): { keyPath: string; value: unknown } | undefined {
  const row = CONFIG_KEYS.find((candidate) => candidate.engineRefusal?.test(message));
  return row ? { keyPath: row.keyPath, value: row.toFile(getAtPath(config, row.property)) } : undefined;
}
