import type Docker from 'dockerode';
import createDebug from 'debug';
import { DEFAULT_API_TIMEOUT_MS, withDeadline } from './engine-deadline.ts';
import { engineErrorDetail, isContainerGone, isEngineError } from './engine-error.ts';
import { oweRemoval } from './removal-debt.ts';

const debug = createDebug('sandbox-gate:docker');

/**
 * While another removal of the same container runs (the pool's and the owner's, or the
 * sweeper's and a harness's), the engine answers 409 "removal ... already in progress". It
 * usually finishes within one 200 ms wait; asking again then gets the 404 that proves it gone.
 * After 10 waits (2 s) the engine still owns the removal: that is no leak, so it counts as done.
 */
const IN_PROGRESS_WAIT_MS = 200;
const IN_PROGRESS_WAITS = 10;

export interface RemoveContainerOptions {
  /** Deadline of each remove call (`sandbox.docker.api_timeout_seconds`). @default DEFAULT_API_TIMEOUT_MS */
  timeoutMs?: number;
  /**
   * Remove calls allowed for failures other than 404/409 (engine unreachable, hung, 5xx), with a
   * doubling delay between them. @default 1 (cleanup paths must not wait on a dead engine)
   */
  attempts?: number;
  /** Delay before the second attempt; each later one doubles it. @default 250 */
  firstDelayMs?: number;
  /**
   * When it gives up, put the container on its client's removal debt (removal-debt.ts), which
   * the wrapper settles on its next execution and on close(). @default true
   */
  oweOnFailure?: boolean;
}

/**
 * Force-removes a container with its anonymous volumes until the engine says it is gone.
 * 404 (already gone) is success; 409 removal in progress is waited for. Never throws: it runs on
 * cleanup paths. Returns false when it gave up; what is left carries our labels, so
 * `sandbox-gate gc` and the next start-up sweep find it.
 */
export async function removeContainer(
  container: Docker.Container,
  options: RemoveContainerOptions = {},
): Promise<boolean> {
  const { timeoutMs = DEFAULT_API_TIMEOUT_MS, attempts = 1, firstDelayMs = 250, oweOnFailure = true } = options;
  let failures = 0;
  let inProgressWaits = 0;
  for (;;) {
    try {
      await withDeadline('container remove', timeoutMs, (abortSignal) =>
        container.remove({ force: true, v: true, abortSignal }),
      );
      return true;
    } catch (error) {
      if (isContainerGone(error)) return true;
      if (isEngineError(error, 'removal-in-progress')) {
        if (++inProgressWaits > IN_PROGRESS_WAITS) return true;
        await delay(IN_PROGRESS_WAIT_MS);
        continue;
      }
      if (++failures >= attempts) {
        debug(
          'Failed to remove container %s after %d attempt(s): %s',
          String(container.id).slice(0, 12),
          failures,
          engineErrorDetail(error),
        );
        if (oweOnFailure) oweRemoval(container);
        return false;
      }
      await delay(firstDelayMs * 2 ** (failures - 1));
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
