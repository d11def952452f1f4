import { describe, expect } from 'vitest';
import { withRunOverrides } from '../../harness/claims/context-overrides.ts';
import { createClaimContext } from '../../harness/claims/claim-context.ts';
import { limitClaims } from '../../harness/claims/limit-claims.ts';
import { runClaim } from '../../harness/claims/run-claims.ts';
import { dockerTest } from '../support/docker-test.ts';

/**
 * Each limit switched off for every run (the claim still reads the hardened config): the
 * probe gets through, so the claim must come out not upheld. A probe that passed anyway would
 * be a check that cannot fail.
 */
describe('limit claims with their limit switched off are not upheld', () => {
  for (const claim of limitClaims) {
    const weakening = claim.relaxation;
    dockerTest(`${claim.id} with ${weakening.description}: probe fails, not upheld`, async ({ task, engine, config }) => {
      const weakened = withRunOverrides(createClaimContext(config, engine.docker), weakening);
      const outcome = await runClaim(claim, weakened, 'runc');
      task.meta.evidence = { weakening: weakening.description, probe: outcome.probe, upheld: outcome.upheld };
      expect(outcome.probe.passed, JSON.stringify(outcome.probe)).toBe(false);
      expect(outcome.probe.observed, 'the probe ran and observed, rather than crashed').not.toHaveProperty('error');
      expect(outcome.upheld).toBe(false);
    });
  }
});
