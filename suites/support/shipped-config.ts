import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { makeConfigPathsAbsolute } from '../../harness/config/absolute-paths.ts';
import { loadConfig } from '../../harness/config/load-config.ts';
import { PACKAGE_ROOT } from '../../harness/package-root.ts';
import type { SandboxConfig } from '../../harness/config/sandbox-config.ts';

/**
 * The repository's own config file, relative to the repository root (the suites' working
 * directory and what evidence records): every Docker suite starts from what users run.
 */
export const CONFIG_FILE = 'config/learning_system.yaml';

/** Some keys of the shipped config replaced, section by section (in the code's units: bytes, milliseconds). */
export type ConfigOverrides = {
  [K in keyof SandboxConfig]?: SandboxConfig[K] extends object ? Partial<SandboxConfig[K]> : SandboxConfig[K];
};

/**
 * A fresh copy of the shipped, hardened config (safe to mutate), with `overrides` merged into
 * each section they name; the other sections and keys stay as shipped.
 */
export async function shippedConfig(overrides: ConfigOverrides = {}): Promise<SandboxConfig> {
  const merged = structuredClone((await loadConfig(CONFIG_FILE)).sandbox) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const section = merged[key];
    merged[key] =
      typeof value === 'object' && typeof section === 'object' && section !== null ? { ...section, ...value } : value;
  }
  return merged as unknown as SandboxConfig;
}

/**
 * The shipped config file with some keys set (YAML paths such as ['sandbox', 'docker', 'user']),
 * written as `dir/name` the way a user would edit it: comments and key order kept. Its file
 * paths (the seccomp profile) are made absolute, so the copy still names the package's files.
 * Returns the file's path and its text.
 */
export async function shippedConfigFile(
  dir: string,
  name: string,
  changes: Array<[keyPath: string[], value: unknown]>,
): Promise<{ file: string; text: string }> {
  const shipped = path.join(PACKAGE_ROOT, CONFIG_FILE);
  const document = parseDocument(await readFile(shipped, 'utf8'));
  makeConfigPathsAbsolute(document, shipped);
  for (const [keyPath, value] of changes) document.setIn(keyPath, value);
  const file = path.join(dir, name);
  const text = String(document);
  await writeFile(file, text);
  return { file, text };
}
