// What a test records for results.json (harness/phases/run-phases.ts reads `meta.evidence`,
// and `meta.claim` for claim outcomes).
import type { ClaimOutcome } from '../../../harness/claims/claim.ts';

declare module 'vitest' {
  interface TaskMeta {
    evidence?: unknown;
  }
}

/** Records a claim outcome where the phase runner collects claims (`meta.claim`) and evidence. */
export function recordClaim(meta: object, outcome: ClaimOutcome, evidence: Record<string, unknown> = {}): void {
  // `claim` is read by harness/phases/run-phases.ts; it is set untyped here so that this suite
  // does not have to agree with another suite's declaration of TaskMeta.claim.
  Object.assign(meta, { claim: outcome, evidence: { claim: outcome, ...evidence } });
}
