import { describe } from 'vitest';
import { containerClaims } from '../../harness/claims/container-claims.ts';
import { weakenedClaimTests } from '../support/weakened-claim-tests.ts';

// Every container claim's probe must be able to fail (the tests: suites/support/weakened-claim-tests.ts).
describe('container claims with their protection switched off are not upheld', () =>
  weakenedClaimTests(containerClaims));
