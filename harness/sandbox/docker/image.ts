import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type Docker from 'dockerode';
import createDebug from 'debug';
import { InfrastructureError } from '../../errors.ts';
import { PACKAGE_ROOT } from '../../package-root.ts';
import { classifyEngineError, engineCall } from './engine-client.ts';
import { apiTimeoutOf, withDeadline } from './engine-deadline.ts';
import { isEngineError } from './engine-error.ts';
import {
  cachedSesCodeCacheNames,
  makeSesCodeCache,
  runnerNodeFlags,
  SES_CODE_CACHE_MEMORY_LIMITS,
  sesCodeCacheName,
} from './ses-code-cache.ts';

/**
 * Deadline of the build request: the engine answers once it has read the ~105 MB context,
 * ~3 s here; 10 minutes bounds a hung engine without failing a slow disk.
 */
const BUILD_REQUEST_TIMEOUT_MS = 600_000;

const debug = createDebug('sandbox-gate:docker');

/**
 * Bump when buildImage changes the rootfs in a way the hashed files do not show (4: ses's code
 * cache, made by ses-code-cache.ts; bump when that making changes).
 */
const ROOTFS_LAYOUT_VERSION = 4;

/** The package root (see package-root.ts): the same from source and from dist/. */
export const REPO_ROOT = PACKAGE_ROOT;
const RUNNER_DIR = path.join(REPO_ROOT, 'docker/runner');
const DOCKERFILE = path.join(REPO_ROOT, 'docker/Dockerfile');

/** Where things live inside the image. The container command is built from these. */
export const IMAGE_PATHS = {
  node: '/usr/local/bin/node',
  runner: '/sandbox/runner/runner.cjs',
  ses: '/sandbox/ses.umd.js',
  /** V8 code caches of ses, one per node flag set (ses-code-cache.ts), made at build time. */
  sesCodeCacheDir: '/sandbox/ses-cache',
} as const;

/**
 * The ses bundle on this host: the UMD script (it installs lockdown, harden and Compartment on
 * globalThis), which the runner compiles through vm.Script so that V8 can take a code cache.
 */
export function sesBundlePath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('ses/package.json')), 'dist/ses.umd.js');
}

/** The runner's --ses-cache path inside the image for these node flags, or undefined when the image holds none. */
export function imageSesCodeCachePath(nodeFlags: readonly string[]): string | undefined {
  const name = sesCodeCacheName(nodeFlags);
  return cachedSesCodeCacheNames().includes(name) ? path.posix.join(IMAGE_PATHS.sesCodeCacheDir, name) : undefined;
}

interface RootfsFile {
  /** Absolute path on the host. */
  from: string;
  /** Absolute path inside the image. */
  to: string;
}

/** Everything that goes into the image: node, the libraries ldd names, the runner, ses. */
export async function listRootfsFiles(nodeBinary = process.execPath): Promise<RootfsFile[]> {
  const files: RootfsFile[] = [{ from: nodeBinary, to: IMAGE_PATHS.node }];
  for (const library of sharedLibraries(nodeBinary)) files.push({ from: library, to: library });
  for (const name of await readdir(RUNNER_DIR, { recursive: true })) {
    // The runner and its loader are CommonJS (.cjs), the look-ahead check and the probes ES modules.
    if (/\.[cm]js$/.test(name)) files.push({ from: path.join(RUNNER_DIR, name), to: `/sandbox/runner/${name}` });
  }
  files.push({ from: sesBundlePath(), to: IMAGE_PATHS.ses });
  return files;
}

/** Absolute paths of the shared libraries (and the loader) that `ldd` resolves for a binary. */
export function sharedLibraries(binary: string): string[] {
  const output = execFileSync('ldd', [binary], { encoding: 'utf8' });
  const paths = new Set<string>();
  for (const line of output.split('\n')) {
    const match = /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line);
    if (match) paths.add(match[1]!);
  }
  if (paths.size === 0) throw new Error(`ldd named no libraries for ${binary}; is it a dynamic ELF binary?\n${output}`);
  return [...paths];
}

/**
 * The image tag: a hash of what makes the image behave as it does. The runner and ses by
 * content; node by version, path and size (hashing 100 MB on every start would cost ~0.3 s).
 */
export async function imageContentHash(files: RootfsFile[]): Promise<string> {
  const hash = createHash('sha256');
  hash.update(await readFile(DOCKERFILE));
  // The rootfs layout made in buildImage (here: /tmp mode 1777), so a layout fix rebuilds.
  hash.update(`layout:${ROOTFS_LAYOUT_VERSION}\0`);
  // ses's code caches: their inputs are node (below), ses and the runner's loader (hashed as
  // /sandbox/ files) and the node flags each is made under.
  hash.update(`ses-code-caches:${cachedSesCodeCacheNames().join('\0')}\0`);
  for (const file of [...files].sort((a, b) => a.to.localeCompare(b.to))) {
    hash.update(`${file.to}\0`);
    if (file.to === IMAGE_PATHS.node) {
      hash.update(`${process.version}\0${(await stat(file.from)).size}\0`);
    } else if (file.to.startsWith('/sandbox/')) {
      hash.update(await readFile(file.from));
    } else {
      hash.update(`${file.from}\0${(await stat(file.from)).size}\0`);
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/** `repo` alone gets the content-hash tag; `repo:tag` is pinned. */
export async function resolveImageRef(image: string): Promise<{ ref: string; pinned: boolean; files: RootfsFile[] }> {
  const files = await listRootfsFiles();
  if (/:[\w.-]+$/.test(image)) return { ref: image, pinned: true, files };
  return { ref: `${image}:${await imageContentHash(files)}`, pinned: false, files };
}

export async function imageExists(docker: Docker, ref: string): Promise<boolean> {
  try {
    await withDeadline('image inspect', apiTimeoutOf(docker), () => docker.getImage(ref).inspect());
    return true;
  } catch (error) {
    if (isEngineError(error, 'no-such-image', 'not-found')) return false;
    throw classifyEngineError(error, 'image inspect') ?? error;
  }
}

/**
 * Builds the image through the Engine API from a context assembled under .build/: a Dockerfile
 * FROM scratch and a rootfs/ holding exactly the files above. No registry is contacted.
 */
export async function buildImage(
  docker: Docker,
  ref: string,
  files: RootfsFile[],
  onProgress?: (line: string) => void,
): Promise<void> {
  // A context folder per build: two processes may build at once (parallel test files).
  await mkdir(path.join(REPO_ROOT, '.build'), { recursive: true });
  const context = await mkdtemp(path.join(REPO_ROOT, '.build/image-context-'));
  try {
    await buildFromContext(docker, ref, files, context, onProgress);
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}

async function buildFromContext(
  docker: Docker,
  ref: string,
  files: RootfsFile[],
  context: string,
  onProgress?: (line: string) => void,
): Promise<void> {
  await mkdir(path.join(context, 'rootfs/tmp'), { recursive: true });
  // runc chmods a tmpfs mount to the mode of the image directory beneath it, whatever the
  // tmpfs `mode=` option says; a 0755 root-owned /tmp would leave uid 1000 nowhere to write.
  await chmod(path.join(context, 'rootfs/tmp'), 0o1777);
  for (const file of files) {
    const target = path.join(context, 'rootfs', file.to);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(file.from, target);
  }
  await makeSesCodeCaches(files, path.join(context, 'rootfs', IMAGE_PATHS.sesCodeCacheDir));
  // Node looks up the user's name in a few places; give uid 1000 one.
  await mkdir(path.join(context, 'rootfs/etc'), { recursive: true });
  await writeFile(path.join(context, 'rootfs/etc/passwd'), 'sandbox:x:1000:1000:sandbox:/tmp:/nonexistent\n');
  await writeFile(path.join(context, 'rootfs/etc/group'), 'sandbox:x:1000:\n');
  await copyFile(DOCKERFILE, path.join(context, 'Dockerfile'));

  await buildFromDirectory(docker, ref, context, 'runner', onProgress);
}

/** One ses code cache per cached node flag set, made by the node binary the image holds. */
async function makeSesCodeCaches(files: RootfsFile[], outDir: string): Promise<void> {
  const from = (to: string) => files.find((file) => file.to === to)?.from;
  const node = from(IMAGE_PATHS.node);
  const ses = from(IMAGE_PATHS.ses);
  if (!node || !ses) throw new Error(`the rootfs file list has no ${node ? 'ses bundle' : 'node binary'}`);
  await mkdir(outDir, { recursive: true });
  for (const memoryBytes of SES_CODE_CACHE_MEMORY_LIMITS) {
    const flags = runnerNodeFlags(memoryBytes);
    await makeSesCodeCache(node, flags, ses, path.join(outDir, sesCodeCacheName(flags)));
  }
}

/**
 * Builds `ref` from a context folder holding a Dockerfile and rootfs/, through the Engine API.
 * `kind` labels the image (`sandbox-gate.image`): `runner` (production) or `probe`.
 */
export async function buildFromDirectory(
  docker: Docker,
  ref: string,
  context: string,
  kind: 'runner' | 'probe',
  onProgress?: (line: string) => void,
): Promise<void> {
  debug('Building image %s from %s', ref, context);
  // GNU tar rather than dockerode's packer: tar-fs masks every mode with the process umask,
  // which turned /tmp's 1777 into 1755.
  const tar = spawn('tar', ['-c', '-C', context, '--owner=0', '--group=0', '--numeric-owner', 'Dockerfile', 'rootfs'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stream = await engineCall(
    'image build',
    (abortSignal) =>
      docker.buildImage(tar.stdout, {
        t: ref,
        labels: { 'sandbox-gate.image': kind },
        rm: true,
        forcerm: true,
        abortSignal,
      }),
    BUILD_REQUEST_TIMEOUT_MS,
  );
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, output: Array<{ error?: string }>) => {
        const failure = error?.message ?? output.find((event) => event.error)?.error;
        if (failure)
          reject(
            new InfrastructureError('image-build-failed', `building ${ref} failed: ${failure}`, {
              cause: error ?? undefined,
            }),
          );
        else resolve();
      },
      (event: { stream?: string }) => {
        if (event.stream?.trim()) onProgress?.(event.stream.trim());
      },
    );
  });
  debug('Built image %s', ref);
}

/** Returns the image reference, building the image first when it is absent. */
export async function ensureImage(docker: Docker, image: string, onProgress?: (line: string) => void): Promise<string> {
  const { ref, pinned, files } = await resolveImageRef(image);
  if (await imageExists(docker, ref)) return ref;
  if (pinned)
    throw new InfrastructureError(
      'image-missing',
      `the pinned image ${ref} is not on this engine; build it or remove the tag from sandbox.docker.image`,
    );
  await buildImage(docker, ref, files, onProgress);
  return ref;
}
