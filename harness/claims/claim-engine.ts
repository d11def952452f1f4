import type Docker from 'dockerode';
import { apiTimeoutOf, withDeadline } from '../sandbox/docker/engine-deadline.ts';
import { createEngineClient } from '../sandbox/docker/engine-client.ts';
import type { ClaimContext } from './claim.ts';
import type { EngineClaimContext } from './claim-context.ts';

/** The engine the context runs on (see EngineClaimContext), or a default client for a context that does not say. */
export function claimEngine(context: ClaimContext): Docker {
  return (context as Partial<EngineClaimContext>).docker ?? createEngineClient();
}

/** True when the engine no longer knows the container (inspect answers 404). */
export async function containerIsGone(docker: Docker, id: string | undefined): Promise<boolean | 'unknown-id'> {
  if (!id) return 'unknown-id';
  try {
    await withDeadline('container inspect', apiTimeoutOf(docker), (abortSignal) => docker.getContainer(id).inspect({ abortSignal }));
    return false;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return true;
    throw error;
  }
}
