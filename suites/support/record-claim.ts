import type { ClaimOutcome } from '../../harness/claims/claim.ts';

/**
 * Records a claim outcome where the gate collects it (harness/phases/run-phases.ts reads
 * `task.meta.claim` into results.json `claims[]`, citing this test) and as the test's evidence.
 * Only runs of the hardened configuration record claims; weakened runs record evidence only.
 */
export function recordClaim(meta: object, outcome: ClaimOutcome, evidence: Record<string, unknown> = {}): void {
  Object.assign(meta, { claim: outcome, evidence: { claim: outcome, ...evidence } });
}
