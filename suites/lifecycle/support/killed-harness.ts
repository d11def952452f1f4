import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { LABEL_OWNER } from '../../../harness/sandbox/docker/labels.ts';
import { listManagedContainers } from '../../../harness/sandbox/docker/sweeper.ts';
import { PACKAGE_ROOT } from '../../../harness/package-root.ts';

// hold-container.js beside this file when the suites run compiled (dist/, an installed package):
// plain node, no tsx there.
const HOLDER = fileURLToPath(
  new URL(`./hold-container.${import.meta.url.endsWith('.js') ? 'js' : 'ts'}`, import.meta.url),
);
const POLL_MS = 100;
/** Generous: the child compiles TypeScript and may build the image on a cold machine. */
const WAIT_FOR_CONTAINER_MS = 90_000;

export interface KilledHarness {
  /** The pid the container's owner label names. */
  pid: number;
  owner: string;
  containerId: string;
  /** The container's state right after the harness died. */
  stateAfterKill: string;
}

/**
 * Starts a child harness (node, + tsx from the sources; child.pid is the process that labels the container),
 * waits until its container runs, SIGKILLs it and waits for it to be gone.
 */
export async function startAndKillHarness(docker: Docker): Promise<KilledHarness> {
  const child = spawn(process.execPath, HOLDER.endsWith('.ts') ? ['--import', 'tsx', HOLDER] : [HOLDER], {
    cwd: PACKAGE_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const owner = `${hostname()}:${child.pid}`;
  try {
    const containerId = await waitForOwnedContainer(docker, owner, child, () => stderr);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const stateAfterKill = (await docker.getContainer(containerId).inspect()).State.Status;
    return { pid: child.pid!, owner, containerId, stateAfterKill };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

async function waitForOwnedContainer(
  docker: Docker,
  owner: string,
  child: ChildProcess,
  stderr: () => string,
): Promise<string> {
  const deadline = Date.now() + WAIT_FOR_CONTAINER_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the holding harness exited (${child.exitCode}) before its container ran: ${stderr()}`);
    const mine = (await listManagedContainers(docker)).filter(
      (c) => c.Labels[LABEL_OWNER] === owner && c.State === 'running',
    );
    if (mine.length) return mine[0]!.Id;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`no running container owned by ${owner} within ${WAIT_FOR_CONTAINER_MS} ms: ${stderr()}`);
}
