import { describe } from 'vitest';
import { limitClaims } from '../../harness/claims/limit-claims.ts';
import { weakenedClaimTests } from '../support/weakened-claim-tests.ts';

// Each limit switched off for every run: the probe gets through, so the claim must come out not
// upheld (the tests: suites/support/weakened-claim-tests.ts).
describe('limit claims with their limit switched off are not upheld', () => weakenedClaimTests(limitClaims));
