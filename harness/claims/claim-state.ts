import type { ClaimCheck, ClaimState } from './claim.ts';

function describe(name: string, check: ClaimCheck): string {
  return `${name}: expected ${check.expected}; observed ${JSON.stringify(check.observed)}`;
}

/**
 * Decides a claim's state from its three checks, in this order:
 * 1. a check marked `unmeasurable` (it could not be made) -> unmeasurable;
 * 2. the probe got through, or the benign workload broke -> refuted;
 * 3. the control did not get through -> unmeasurable: the block cannot be attributed to the
 *    protection the control relaxed (something else blocks too);
 * 4. otherwise -> upheld.
 */
export function claimState(
  probe: ClaimCheck,
  control: ClaimCheck,
  functionality: ClaimCheck,
): { state: ClaimState; reason?: string } {
  for (const [name, check] of [
    ['probe', probe],
    ['control', control],
    ['functionality', functionality],
  ] as const) {
    if (check.unmeasurable !== undefined)
      return { state: 'unmeasurable', reason: `${name} could not be made: ${check.unmeasurable}` };
  }
  if (!probe.passed) return { state: 'refuted', reason: `the probe got through (${describe('probe', probe)})` };
  if (!functionality.passed)
    return { state: 'refuted', reason: `the benign workload broke (${describe('functionality', functionality)})` };
  if (!control.passed) {
    return {
      state: 'unmeasurable',
      reason: `the control was blocked too, so the block is not attributable to the relaxed protection (${describe('control', control)})`,
    };
  }
  return { state: 'upheld' };
}
