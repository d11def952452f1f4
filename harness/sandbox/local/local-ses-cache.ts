import { createHash } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import createDebug from 'debug';
import { REPO_ROOT, sesBundlePath } from '../docker/image.ts';
import { makeSesCodeCache, sesCodeCacheName } from '../docker/ses-code-cache.ts';

const debug = createDebug('sandbox-gate:local');

/**
 * Under the package's .build/, as the image context: the runner reads the cache into V8 before
 * lockdown, so it must be no more writable than the runner file itself (never a shared /tmp).
 */
const CACHE_DIR = path.join(REPO_ROOT, '.build/ses-cache');
const SES_LOADER = path.join(REPO_ROOT, 'docker/runner/ses-loader.cjs');

/**
 * The local mode's ses code cache for these node flags, made on first use by this node (the
 * image's is made by the image build): one file per node binary, ses bundle, runner loader and
 * flags, so a change of any makes a new one. Undefined when it cannot be made (a read-only
 * package folder, a node whose cache V8 refuses): the runner then compiles ses from source.
 */
export async function localSesCodeCache(nodeFlags: readonly string[]): Promise<string | undefined> {
  const ses = sesBundlePath();
  try {
    const hash = createHash('sha256');
    hash.update(`${process.execPath}\0${process.version}\0${(await stat(process.execPath)).size}\0`);
    hash.update(await readFile(ses));
    hash.update(await readFile(SES_LOADER));
    const file = path.join(CACHE_DIR, `${hash.digest('hex').slice(0, 16)}.${sesCodeCacheName(nodeFlags)}`);
    if (await exists(file)) return file;
    await mkdir(CACHE_DIR, { recursive: true });
    // Made under a name of its own and renamed: two processes may make it at once.
    const partial = `${file}.${process.pid}.partial`;
    try {
      await makeSesCodeCache(process.execPath, nodeFlags, ses, partial);
      await rename(partial, file);
    } finally {
      await rm(partial, { force: true });
    }
    return file;
  } catch (error) {
    debug('No ses code cache for the local mode (ses compiles from source): %s', (error as Error).message);
    return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
