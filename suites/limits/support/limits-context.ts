import type Docker from 'dockerode';
import { createClaimContext, type EngineClaimContext } from '../../../harness/claims/claim-context.ts';
import { loadConfig } from '../../../harness/config/load-config.ts';

/** A claim context on the shipped, hardened config/learning_system.yaml. */
export async function hardenedClaimContext(docker: Docker): Promise<EngineClaimContext> {
  const { sandbox } = await loadConfig('config/learning_system.yaml');
  return createClaimContext(sandbox, docker);
}
