import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import { InfrastructureError } from '../../errors.ts';
import { buildFromDirectory, ensureImage, imageExists, REPO_ROOT } from './image.ts';

/**
 * The probe image: the production image's content plus a trusted syscall prober (a static C
 * program) and the runner probe that calls it. Used only by the claims' probes and controls
 * (suites, `sandbox-gate audit`); never by executions. The production image is its base, so
 * everything the claims measure besides the prober is the production image itself.
 */
export const PROBE_IMAGE_REPOSITORY = 'sandbox-gate/probe';

const PROBE_DIR = path.join(REPO_ROOT, 'docker/probe');
const PROBER_SOURCE = path.join(PROBE_DIR, 'syscall-prober.c');
const PROBE_MODULE = path.join(PROBE_DIR, 'raw-syscalls.mjs');

/** Where the probe image puts its additions. The runner loads every module in its probes folder. */
export const PROBE_IMAGE_PATHS = {
  prober: '/sandbox/probe/syscall-prober',
  probeModule: '/sandbox/runner/probes/raw-syscalls.mjs',
} as const;

/** Bump when the build below changes in a way the hashed inputs do not show. */
const PROBE_LAYOUT_VERSION = 1;

/** The probe image's tag: the production image's ref and the prober's sources, hashed. */
export async function probeImageRef(productionRef: string): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`layout:${PROBE_LAYOUT_VERSION}\0${productionRef}\0`);
  for (const file of [PROBER_SOURCE, PROBE_MODULE]) hash.update(await readFile(file));
  return `${PROBE_IMAGE_REPOSITORY}:${hash.digest('hex').slice(0, 16)}`;
}

/** Compiles the prober statically (it runs in a FROM-scratch image with no loader for it). */
function compileProber(output: string): void {
  try {
    execFileSync('gcc', ['-static', '-O2', '-Wall', '-o', output, PROBER_SOURCE], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).slice(0, 800);
    throw new InfrastructureError(
      'image-build-failed',
      `compiling ${path.relative(REPO_ROOT, PROBER_SOURCE)} with gcc -static failed (the probe image needs gcc and libc6-dev's libc.a; Debian: apt-get install gcc libc6-dev): ${stderr}`,
      { cause: error },
    );
  }
}

/**
 * Returns the probe image's ref for `image` (the production image setting), building the
 * production image and then the probe image when absent.
 */
export async function ensureProbeImage(
  docker: Docker,
  image: string,
  onProgress?: (line: string) => void,
): Promise<string> {
  const productionRef = await ensureImage(docker, image, onProgress);
  const ref = await probeImageRef(productionRef);
  if (await imageExists(docker, ref)) return ref;
  await mkdir(path.join(REPO_ROOT, '.build'), { recursive: true });
  const context = await mkdtemp(path.join(REPO_ROOT, '.build/probe-context-'));
  try {
    const prober = path.join(context, 'rootfs', PROBE_IMAGE_PATHS.prober);
    const module = path.join(context, 'rootfs', PROBE_IMAGE_PATHS.probeModule);
    await mkdir(path.dirname(prober), { recursive: true });
    await mkdir(path.dirname(module), { recursive: true });
    compileProber(prober);
    await copyFile(PROBE_MODULE, module);
    // FROM the local production image: no registry is contacted; USER, WORKDIR and ENTRYPOINT carry over.
    await writeFile(path.join(context, 'Dockerfile'), `FROM ${productionRef}\nCOPY rootfs/ /\n`);
    await buildFromDirectory(docker, ref, context, 'probe', onProgress);
  } finally {
    await rm(context, { recursive: true, force: true });
  }
  return ref;
}
