import type { Claim } from './claim.ts';
import { containerClaims } from './container-claims.ts';
import { limitClaims } from './limit-claims.ts';
import { scoreIntegrityClaim } from './score-integrity.ts';
import { seccompClaims } from './seccomp-claims.ts';

/** Every claim the gate checks, in report order: container and compartment, limits, seccomp, score integrity. */
export function allClaims(): Claim[] {
  return [...containerClaims, ...limitClaims, ...seccompClaims, scoreIntegrityClaim];
}

/** A claim by id, or undefined. */
export function findClaim(id: string): Claim | undefined {
  return allClaims().find((claim) => claim.id === id);
}
