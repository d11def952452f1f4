import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

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
  return {
    socketPath: path.join(folder.dir, 'nobody-listens.sock'),
    dir: folder.dir,
    [Symbol.asyncDispose]: folder[Symbol.asyncDispose],
  };
}

/** Writes a file into `dir` and returns its path. */
export async function writeTemp(dir: string, name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}
