import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { DEFAULT_SANDBOX_CONFIG } from '../../config/default-config.ts';
import { PACKAGE_ROOT } from '../../package-root.ts';
import { heapCapMiB } from '../runner-protocol.ts';

const execFileAsync = promisify(execFile);

/** The runner's loader (docker/runner/ses-loader.cjs): the build makes the cache through it. */
const SES_LOADER = path.join(PACKAGE_ROOT, 'docker/runner/ses-loader.cjs');

/**
 * The memory limits whose node flags the image holds a ses code cache for: the shipped
 * config's (2g). V8 refuses a cache made under other flags, and the heap cap that follows the
 * memory limit is a V8 flag, so a sandbox with another limit (a control's, or a config's own
 * memory_limit) compiles ses from source: the same code, ~16 ms more CPU per start.
 */
export const SES_CODE_CACHE_MEMORY_LIMITS: readonly number[] = [DEFAULT_SANDBOX_CONFIG.docker.memoryBytes];

/** The node flags in front of the runner's path, container and local child alike: the V8 heap cap. */
export function runnerNodeFlags(memoryBytes: number): string[] {
  // A memory limit of 0 (`memory_limit: none`) means none; V8 then keeps its own default heap.
  return memoryBytes > 0 ? [`--max-old-space-size=${heapCapMiB(memoryBytes)}`] : [];
}

/** The cache's file name for a set of node flags (V8 accepts a cache only under the flags it was made with). */
export function sesCodeCacheName(nodeFlags: readonly string[]): string {
  const key = nodeFlags.map((flag) => flag.replace(/^--/, '')).join(',');
  return `ses.${key || 'no-flags'}.v8cache`;
}

/** The node flag sets the image holds a cache for, each as its file name. */
export function cachedSesCodeCacheNames(): string[] {
  return SES_CODE_CACHE_MEMORY_LIMITS.map((bytes) => sesCodeCacheName(runnerNodeFlags(bytes)));
}

/**
 * Makes ses's V8 code cache as the runner will load it: `nodeBinary` under `nodeFlags` runs the
 * runner's own loadSes (compile, run, lockdown) and writes the code after lockdown, which also
 * holds the functions lockdown ran (4 ms less per start than a cache taken before it). A second
 * process then loads ses from the file and must report 'accepted': a cache V8 refuses would
 * only cost time, silently, so the build fails instead, naming the state.
 */
export async function makeSesCodeCache(
  nodeBinary: string,
  nodeFlags: readonly string[],
  sesPath: string,
  outFile: string,
): Promise<void> {
  const loader = JSON.stringify(pathToFileURL(SES_LOADER).href);
  const make = `import { writeFileSync } from 'node:fs';
import { loadSes } from ${loader};
writeFileSync(process.argv[2], loadSes(process.argv[1]).createCachedData());`;
  const check = `import { loadSes, sesCodeCacheState } from ${loader};
loadSes(process.argv[1], process.argv[2]);
process.stdout.write(sesCodeCacheState());`;
  const run = async (code: string) =>
    (await execFileAsync(nodeBinary, [...nodeFlags, '--input-type=module', '-e', code, sesPath, outFile], { env: {} }))
      .stdout;
  await run(make);
  const state = await run(check);
  if (state !== 'accepted')
    throw new Error(
      `the ses code cache ${outFile} (node ${nodeBinary} ${nodeFlags.join(' ')}) was not accepted when loaded back: ${state}`,
    );
}
