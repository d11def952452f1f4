import type Docker from 'dockerode';
import createDebug from 'debug';
import { apiTimeoutOf, withDeadline } from './engine-deadline.ts';

const debug = createDebug('sandbox-gate:docker');

/**
 * Removes a container by id until the engine says it is gone (404), retrying with a doubling
 * delay while the engine is unreachable or busy with it (409). Never throws: this runs on the
 * pool's background cleanup path. Returns false when it gave up (what is left carries our
 * labels, so `sandbox-gate gc` and the next start-up sweep find it).
 */
export async function removeUntilGone(docker: Docker, id: string, attempts: number, firstDelayMs = 250): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await withDeadline('container remove', apiTimeoutOf(docker), (abortSignal) => docker.getContainer(id).remove({ force: true, v: true, abortSignal }));
      return true;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return true;
      if (attempt >= attempts) {
        debug('Failed to remove container %s after %d attempts: %s', id.slice(0, 12), attempt, (error as Error).message);
        return false;
      }
      await delay(firstDelayMs * 2 ** (attempt - 1));
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
