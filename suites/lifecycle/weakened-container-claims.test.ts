import { describe, expect, it } from 'vitest';
import { createClaimContext } from '../../harness/claims/claim-context.ts';
import { containerClaims } from '../../harness/claims/container-claims.ts';
import { withRunOverrides } from '../../harness/claims/context-overrides.ts';
import { runClaim } from '../../harness/claims/run-claims.ts';
import { requireEngine } from '../support/engine.ts';
import './support/evidence.ts';
import { hardenedConfig } from './support/lifecycle-config.ts';

const engine = await requireEngine();

/**
 * Every claim's probe must be able to fail: with its protection switched off for every run
 * (the claim still reads the hardened config, so it cannot adapt), the claim must come out
 * not upheld, with the probe having run and seen the weakness (not crashed).
 */
describe.skipIf(!engine.available)('container claims with their protection switched off are not upheld', () => {
  for (const claim of containerClaims) {
    const weakening = claim.relaxation;
    it(`${claim.id} with ${weakening.description}: probe fails, not upheld`, async ({ task }) => {
      const weakened = withRunOverrides(createClaimContext(await hardenedConfig(), engine.docker), weakening);
      const outcome = await runClaim(claim, weakened, 'runc');
      task.meta.evidence = { weakening: weakening.description, probe: outcome.probe, upheld: outcome.upheld };
      expect(outcome.probe.passed, JSON.stringify(outcome.probe)).toBe(false);
      expect(outcome.probe.observed, 'the probe ran and observed, rather than crashed').not.toHaveProperty('error');
      expect(outcome.upheld).toBe(false);
    });
  }
});
