import type Docker from 'dockerode';
import type { Claim, ClaimOutcome } from '../claims/claim.ts';
import { createClaimContext } from '../claims/claim-context.ts';
import { runClaim } from '../claims/run-claims.ts';
import type { SandboxConfig } from '../config/sandbox-config.ts';
import { InfrastructureError, type InfrastructureReason } from '../errors.ts';
import type { AuditedClaim, NotApplicableClaim } from './audit-report.ts';
import { CLAIMS_RUN_ALONE, DEFAULT_CLAIM_CONCURRENCY, runScheduled } from './claim-schedule.ts';

/**
 * Re-runs each claim's probe, control and functionality (runClaim: one after the other, a
 * throw fails that part with the error as evidence) against the sandbox as configured now, on
 * the config's runtime. Claims whose `runtimes` exclude that runtime are listed, not run.
 * Up to `concurrency` claims run at once, those of CLAIMS_RUN_ALONE alone; the lists keep the
 * order of `claims`.
 *
 * runClaim turns every throw into a failed part. An engine that cannot be reached, or a
 * missing image or runtime, says nothing about the claims, though: that is rethrown here
 * (exit 3) rather than reported as claims that no longer hold. A daemon error (500) stays a
 * failed part with its message as evidence: a config can cause it (no_new_privileges: false
 * makes runc fail under our profile), and then the sandbox really does not do what it claims.
 */
export async function reverifyClaims(
  claims: readonly Claim[],
  config: SandboxConfig,
  docker: Docker,
  onProgress: (line: string) => void = () => {},
  concurrency = DEFAULT_CLAIM_CONCURRENCY,
): Promise<{ audited: AuditedClaim[]; notApplicable: NotApplicableClaim[] }> {
  const runtime = config.docker.runtime;
  const context = createClaimContext(config, docker);
  const applicable = claims.filter((claim) => !claim.runtimes || claim.runtimes.includes(runtime));
  const notApplicable: NotApplicableClaim[] = claims
    .filter((claim) => !applicable.includes(claim))
    .map((claim) => ({
      id: claim.id,
      reason: `expected to hold on ${claim.runtimes!.join(', ')} only; the config's runtime is ${runtime}`,
    }));
  const audited = await runScheduled(
    applicable,
    async (claim): Promise<AuditedClaim> => {
      onProgress(`claim ${claim.id}: probe, control, functionality...`);
      const outcome = await runClaim(claim, context, runtime);
      rethrowEngineFailure(claim, outcome);
      return { ...outcome, configKey: claim.relaxation.configKey };
    },
    { concurrency, runsAlone: (claim) => CLAIMS_RUN_ALONE.has(claim.id) },
  );
  return { audited, notApplicable };
}

/** Throws the InfrastructureError a part of `outcome` recorded, unless a daemon error (see reverifyClaims). */
function rethrowEngineFailure(claim: Claim, outcome: ClaimOutcome): void {
  for (const part of [outcome.probe, outcome.control, outcome.functionality]) {
    const error = (part.observed as { error?: unknown }).error;
    if (typeof error === 'string' && error.startsWith('InfrastructureError:')) {
      const reason =
        /\((engine-unreachable|engine-timeout|engine-stream-lost|image-missing|image-build-failed|daemon-error|runtime-missing)\)/.exec(
          error,
        )?.[1] as InfrastructureReason | undefined;
      if (reason === 'daemon-error' || reason === undefined) continue;
      throw new InfrastructureError(
        reason,
        `audit: the engine failed during claim ${claim.id}, so nothing can be concluded about it: ${error}`,
      );
    }
  }
}
