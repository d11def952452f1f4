import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../harness/config/load-config.ts';
import type { SandboxConfig } from '../../../harness/config/sandbox-config.ts';

/** The repository's own config file: every integration test starts from what users run. */
export const CONFIG_FILE = 'config/learning_system.yaml';

type Overrides = {
  [K in keyof SandboxConfig]?: SandboxConfig[K] extends object ? Partial<SandboxConfig[K]> : SandboxConfig[K];
};

/** The shipped config with some keys replaced (in the code's units: bytes, milliseconds). */
export async function sandboxConfig(overrides: Overrides = {}): Promise<SandboxConfig> {
  const { sandbox } = await loadConfig(CONFIG_FILE);
  const merged = { ...sandbox, enabled: overrides.enabled ?? sandbox.enabled } as SandboxConfig;
  for (const key of ['docker', 'input', 'output', 'pool', 'fallback', 'monitoring'] as const) {
    (merged as unknown as Record<string, unknown>)[key] = { ...sandbox[key], ...(overrides[key] ?? {}) };
  }
  return merged;
}

/** A fresh private folder under os.tmpdir(), removed by the returned dispose. */
export async function tempDir(prefix: string): Promise<{ dir: string } & AsyncDisposable> {
  const dir = await mkdtemp(path.join(tmpdir(), `sandbox-gate-${prefix}-`));
  return { dir, [Symbol.asyncDispose]: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A unix socket path nobody listens on: the folder is ours and fresh, and nothing is bound
 * in it, so connecting fails with ENOENT exactly as with a stopped engine.
 */
export async function nobodyListensSocket(): Promise<{ socketPath: string; dir: string } & AsyncDisposable> {
  const folder = await tempDir('nobody');
  return { socketPath: path.join(folder.dir, 'nobody-listens.sock'), dir: folder.dir, [Symbol.asyncDispose]: folder[Symbol.asyncDispose] };
}

/** Writes a file into `dir` and returns its path. */
export async function writeTemp(dir: string, name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}
