import { expect } from 'vitest';
import type { Claim } from '../../harness/claims/claim.ts';
import { createClaimContext } from '../../harness/claims/claim-context.ts';
import { withRunOverrides } from '../../harness/claims/context-overrides.ts';
import { runClaim } from '../../harness/claims/run-claims.ts';
import { dockerTest } from './docker-test.ts';

/**
 * One test per claim, on runc: with its protection switched off for every run (`claim.relaxation`; the
 * claim still reads the hardened config, so it cannot adapt), the claim must come out not
 * upheld, with the probe having run and seen the weakness (not crashed). A probe that passed
 * anyway would be a check that cannot fail.
 */
export function weakenedClaimTests(claims: readonly Claim[]): void {
  for (const claim of claims) {
    const weakening = claim.relaxation;
    dockerTest(
      `${claim.id} with ${weakening.description}: probe fails, not upheld`,
      async ({ task, engine, config }) => {
        const weakened = withRunOverrides(createClaimContext(config, engine.docker), weakening);
        const outcome = await runClaim(claim, weakened, 'runc');
        task.meta.evidence = { weakening: weakening.description, probe: outcome.probe, upheld: outcome.upheld };
        expect(outcome.probe.passed, JSON.stringify(outcome.probe)).toBe(false);
        expect(outcome.probe.observed, 'the probe ran and observed, rather than crashed').not.toHaveProperty('error');
        expect(outcome.upheld).toBe(false);
      },
    );
  }
}
