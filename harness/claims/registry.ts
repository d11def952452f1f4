import type { Claim } from './claim.ts';
import { containerClaims } from './container-claims.ts';
import { limitClaims } from './limit-claims.ts';
import { seccompClaims } from './seccomp-claims.ts';

/** Every security claim the gate checks, in report order: container and compartment, limits, seccomp. */
export function allClaims(): Claim[] {
  return [...containerClaims, ...limitClaims, ...seccompClaims];
}

/** A claim by id, or undefined. */
export function findClaim(id: string): Claim | undefined {
  return allClaims().find((claim) => claim.id === id);
}
