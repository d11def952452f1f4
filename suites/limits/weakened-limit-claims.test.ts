import { describe, expect, it } from 'vitest';
import { withRunOverrides } from '../../harness/claims/context-overrides.ts';
import { limitClaims } from '../../harness/claims/limit-claims.ts';
import { runClaim } from '../../harness/claims/run-claims.ts';
import { requireEngine } from '../support/engine.ts';
import './support/evidence.ts';
import { hardenedClaimContext } from './support/limits-context.ts';

const engine = await requireEngine();

/**
 * Each limit switched off for every run (the claim still reads the hardened config): the
 * probe gets through, so the claim must come out not upheld. A probe that passed anyway would
 * be a check that cannot fail.
 */
describe.skipIf(!engine.available)('limit claims with their limit switched off are not upheld', () => {
  for (const claim of limitClaims) {
    const weakening = claim.relaxation;
    it(`${claim.id} with ${weakening.description}: probe fails, not upheld`, async ({ task }) => {
      const weakened = withRunOverrides(await hardenedClaimContext(engine.docker), weakening);
      const outcome = await runClaim(claim, weakened, 'runc');
      task.meta.evidence = { weakening: weakening.description, probe: outcome.probe, upheld: outcome.upheld };
      expect(outcome.probe.passed, JSON.stringify(outcome.probe)).toBe(false);
      expect(outcome.probe.observed, 'the probe ran and observed, rather than crashed').not.toHaveProperty('error');
      expect(outcome.upheld).toBe(false);
    });
  }
});
