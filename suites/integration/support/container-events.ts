import type Docker from 'dockerode';
import { LABEL_SESSION, currentSessionId } from '../../../harness/sandbox/docker/labels.ts';
import { listManagedContainers } from '../../../harness/sandbox/docker/sweeper.ts';

/** Seconds since the epoch, as the events API takes them (the engine runs on this host). */
export function engineNowS(): number {
  return Date.now() / 1000;
}

/**
 * The ids of containers this harness session created between two instants, read from the
 * engine's own event log: unlike listing containers afterwards, it sees containers that were
 * created and already removed.
 */
export async function containersCreatedBetween(docker: Docker, sinceS: number, untilS: number): Promise<string[]> {
  const filters = { type: ['container'], event: ['create'], label: [`${LABEL_SESSION}=${currentSessionId()}`] };
  const stream = (await docker.getEvents({
    since: sinceS.toFixed(3) as unknown as number,
    until: untilS.toFixed(3) as unknown as number,
    filters: JSON.stringify(filters) as unknown as Record<string, string[]>,
  })) as unknown as AsyncIterable<Buffer>;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { id: string }).id);
}

/** Runs `action` and returns the containers this session created while it ran. */
export async function containersCreatedBy<T>(
  docker: Docker,
  action: () => Promise<T>,
): Promise<{ result: T; created: string[] }> {
  const sinceS = engineNowS();
  const result = await action();
  // A little past now, so an event stamped in the same millisecond is inside the window.
  const created = await containersCreatedBetween(docker, sinceS - 0.001, engineNowS() + 0.05);
  return { result, created };
}

/**
 * Waits until the engine shows at least `count` running containers of this session (a warm
 * pool filling up), polling; throws after `deadlineMs` so a pool that never fills fails the
 * test that needed it instead of hanging it.
 */
export async function waitForRunningContainers(docker: Docker, count: number, deadlineMs = 60_000): Promise<string[]> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const running = (await listManagedContainers(docker, currentSessionId()))
      .filter((c) => c.State === 'running')
      .map((c) => c.Id);
    if (running.length >= count) return running;
    if (Date.now() > until)
      throw new Error(
        `the engine shows ${running.length} running container(s) of this session after ${deadlineMs} ms, expected ${count}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
