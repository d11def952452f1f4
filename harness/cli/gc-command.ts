import type Docker from 'dockerode';
import { requireEngineFor } from './preflight.ts';
import { createEngineClient, engineCall } from '../sandbox/docker/engine-client.ts';
import { LABEL_OWNER, LABEL_SESSION } from '../sandbox/docker/labels.ts';
import { listManagedContainers, sweepContainers } from '../sandbox/docker/sweeper.ts';

export interface GcCommandOptions {
  /** Remove every container sandbox-gate manages, even those of running harness processes. @default false */
  all: boolean;
  /** Print exactly one JSON document `{ all, removed: [...] }`. */
  json: boolean;
}

/** One removed container, as the engine listed it just before removal. */
export interface RemovedContainer {
  id: string;
  state: string;
  owner: string | null;
  session: string | null;
  createdAt: string;
}

/**
 * `sandbox-gate gc [--all] [--json]`: removes leftovers, the containers whose owning harness
 * process is gone (or, with --all, every container we manage), and prints what it removed.
 * Exit 0; an unreachable engine surfaces as InfrastructureError (exit 3).
 */
export async function gcCommand(options: GcCommandOptions, docker: Docker = createEngineClient()): Promise<number> {
  await requireEngineFor('sandbox-gate gc', docker);
  const before = await engineCall('container list', () => listManagedContainers(docker));
  const removedIds = await engineCall('container remove', () => sweepContainers(docker, { all: options.all }));
  const listed = new Map(before.map((info) => [info.Id, info]));
  const removed: RemovedContainer[] = removedIds.map((id) => {
    const info = listed.get(id);
    // Created between the listing and the sweep: removed, but we know only its id.
    if (!info) return { id, state: 'unknown', owner: null, session: null, createdAt: 'unknown' };
    return {
      id,
      state: info.State,
      owner: info.Labels[LABEL_OWNER] ?? null,
      session: info.Labels[LABEL_SESSION] ?? null,
      createdAt: new Date(info.Created * 1000).toISOString(),
    };
  });
  const kept = before.filter((info) => !removedIds.includes(info.Id)).length;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ all: options.all, removed, kept })}\n`);
  } else {
    const lines = removed.map(
      (c) => `removed ${c.id.slice(0, 12)}  ${c.state}  owner ${c.owner ?? '(none)'}  created ${c.createdAt}`,
    );
    lines.push(
      `${removed.length} leftover container${removed.length === 1 ? '' : 's'} removed${kept ? `; ${kept} kept (their harness process is alive; --all removes them too)` : ''}`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return 0;
}
