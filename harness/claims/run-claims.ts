import type Docker from 'dockerode';
import createDebug from 'debug';
import type { SandboxConfig } from '../config/sandbox-config.ts';
import type { Claim, ClaimCheck, ClaimContext, ClaimOutcome } from './claim.ts';
import { createClaimContext } from './claim-context.ts';
import { onRuntime } from './context-overrides.ts';
import { claimState } from './claim-state.ts';

const debug = createDebug('sandbox-gate:claims');

/** Runs one check; a throw fails it, with the error in `observed`, and never escapes. */
async function runCheck(
  name: string,
  check: (context: ClaimContext) => Promise<ClaimCheck>,
  context: ClaimContext,
): Promise<ClaimCheck> {
  try {
    return await check(context);
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { passed: false, expected: `the ${name} check to run to completion`, observed: { error: message } };
  }
}

/**
 * Runs a claim's probe, control and functionality check on `runtime`, one after the other
 * (never in parallel: the limits would disturb each other). See claimState for the three states.
 */
export async function runClaim(claim: Claim, context: ClaimContext, runtime: string): Promise<ClaimOutcome> {
  const onIt = onRuntime(context, runtime);
  debug('Running claim %s on %s...', claim.id, runtime);
  const probe = await runCheck('probe', (c) => claim.probe(c), onIt);
  const control = await runCheck('control', (c) => claim.control(c), onIt);
  const functionality = await runCheck('functionality', (c) => claim.functionality(c), onIt);
  const { state, reason } = claimState(probe, control, functionality);
  debug('Claim %s on %s: %s%s', claim.id, runtime, state, reason ? ` (${reason})` : '');
  const outcome: ClaimOutcome = {
    id: claim.id,
    layer: claim.layer,
    statement: claim.statement,
    relaxes: claim.relaxation.description,
    runtime,
    probe,
    control,
    functionality,
    state,
    upheld: state === 'upheld',
  };
  if (reason !== undefined) outcome.reason = reason;
  return outcome;
}

export interface RunClaimsOptions {
  /** OCI runtimes to run every claim on. @default [config.docker.runtime] */
  runtimes?: string[];
  /** The engine. @default a client honouring DOCKER_HOST */
  docker?: Docker;
  /** Called after each claim, e.g. for progress. */
  onOutcome?: (outcome: ClaimOutcome) => void;
}

/** Runs every claim on every runtime, in order; one claim's failure never stops the others. */
export async function runClaims(
  claims: Claim[],
  config: SandboxConfig,
  options: RunClaimsOptions = {},
): Promise<ClaimOutcome[]> {
  const context = createClaimContext(config, options.docker);
  const outcomes: ClaimOutcome[] = [];
  for (const runtime of options.runtimes ?? [config.docker.runtime]) {
    for (const claim of claims) {
      const outcome = await runClaim(claim, context, runtime);
      outcomes.push(outcome);
      options.onOutcome?.(outcome);
    }
  }
  return outcomes;
}
