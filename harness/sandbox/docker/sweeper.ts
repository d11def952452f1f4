import { hostname } from 'node:os';
import type Docker from 'dockerode';
import createDebug from 'debug';
import { apiTimeoutOf, withDeadline } from './engine-deadline.ts';
import { LABEL_OWNER, LABEL_SESSION, managedLabelFilter } from './labels.ts';
import { removeContainer } from './remove-container.ts';

const debug = createDebug('sandbox-gate:docker');

export interface SweepOptions {
  /** Remove every container we manage, even those of live harness processes. @default false */
  all?: boolean;
  /** Remove only this session's containers. */
  session?: string;
}

/** Lists the ids of containers carrying our labels (running or not). */
export async function listManagedContainers(docker: Docker, session?: string): Promise<Docker.ContainerInfo[]> {
  const filters = managedLabelFilter();
  if (session) filters.label.push(`${LABEL_SESSION}=${session}`);
  return withDeadline('container list', apiTimeoutOf(docker), (abortSignal) =>
    docker.listContainers({ all: true, filters: JSON.stringify(filters), abortSignal }),
  );
}

/**
 * Removes leftovers: by default the containers whose owning harness process (same host) is
 * gone, which is what a crashed or killed run leaves. Returns the ids removed.
 */
export async function sweepContainers(docker: Docker, options: SweepOptions = {}): Promise<string[]> {
  const removed: string[] = [];
  for (const info of await listManagedContainers(docker, options.session)) {
    if (!options.all && !options.session && !ownerIsGone(info.Labels[LABEL_OWNER])) continue;
    await removeContainer(docker.getContainer(info.Id), { timeoutMs: apiTimeoutOf(docker) });
    removed.push(info.Id);
  }
  if (removed.length) debug('Swept %d leftover container(s)', removed.length);
  return removed;
}

/** An owner on another host is never judged gone: we cannot see its processes. */
function ownerIsGone(owner: string | undefined): boolean {
  if (!owner) return true;
  const [host, pidText] = owner.split(':');
  if (host !== hostname()) return false;
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
