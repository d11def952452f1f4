import type Docker from 'dockerode';
import { createEngineClient } from '../sandbox/docker/engine-client.ts';
import type { ClaimContext } from './claim.ts';
import type { EngineClaimContext } from './claim-context.ts';

/** The engine the context runs on (see EngineClaimContext), or a default client for a context that does not say. */
export function claimEngine(context: ClaimContext): Docker {
  return (context as Partial<EngineClaimContext>).docker ?? createEngineClient();
}
