import type Docker from 'dockerode';
import { apiTimeoutOf, withDeadline } from './engine-deadline.ts';
import { isContainerGone } from './engine-error.ts';

/** True when the engine no longer knows the container (inspect answers 404); 'unknown-id' without an id. */
export async function containerIsGone(docker: Docker, id: string | undefined): Promise<boolean | 'unknown-id'> {
  if (!id) return 'unknown-id';
  try {
    await withDeadline('container inspect', apiTimeoutOf(docker), (abortSignal) =>
      docker.getContainer(id).inspect({ abortSignal }),
    );
    return false;
  } catch (error) {
    if (isContainerGone(error)) return true;
    throw error;
  }
}
