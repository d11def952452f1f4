import { describe, expect } from 'vitest';
import { createClaimContext } from '../../harness/claims/claim-context.ts';
import { containerClaims } from '../../harness/claims/container-claims.ts';
import { withRunOverrides } from '../../harness/claims/context-overrides.ts';
import { runClaim } from '../../harness/claims/run-claims.ts';
import { dockerTest } from '../support/docker-test.ts';

/**
 * Every claim's probe must be able to fail: with its protection switched off for every run
 * (the claim still reads the hardened config, so it cannot adapt), the claim must come out
 * not upheld, with the probe having run and seen the weakness (not crashed).
 */
describe('container claims with their protection switched off are not upheld', () => {
  for (const claim of containerClaims) {
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
