import { describe, expect, it } from 'vitest';
import { allClaims } from '../../harness/claims/registry.ts';

const OURS = [
  'network-none',
  'rootfs-read-only',
  'caps-dropped',
  'non-root',
  'no-new-privileges',
  'no-docker-socket',
  'ses-no-ambient-authority',
  'memory-limit',
  'cpu-limit',
  'pids-limit',
  'tmpfs-size',
  'tmpfs-noexec',
  'output-cap',
  'timeout-kills',
  'score-integrity',
];

describe('allClaims', () => {
  it('holds every container, compartment and limit claim, each id once', () => {
    const ids = allClaims().map((claim) => claim.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(OURS));
  });

  it('gives every claim a layer, a statement and the relaxation its control uses', () => {
    for (const claim of allClaims()) {
      expect(['1', '1b', '2', '3', 'score'], claim.id).toContain(claim.layer);
      expect(claim.statement.length, claim.id).toBeGreaterThan(20);
      expect(claim.relaxation.description.length, claim.id).toBeGreaterThan(3);
    }
  });
});
