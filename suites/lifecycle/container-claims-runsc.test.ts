import { describe, expect } from 'vitest';
import type { ClaimOutcome, ClaimState } from '../../harness/claims/claim.ts';
import { createClaimContext } from '../../harness/claims/claim-context.ts';
import { containerClaims } from '../../harness/claims/container-claims.ts';
import { runClaim } from '../../harness/claims/run-claims.ts';
import { runscTest } from '../support/docker-test.ts';
import { recordClaim } from '../support/record-claim.ts';

type Observed = Record<string, any>;
const obs = (check: { observed: Record<string, unknown> }) => check.observed as Observed;

/**
 * What holds under gVisor, recorded as it is. gVisor is its own kernel, so some things differ
 * from runc; a difference is asserted as observed, never hidden. Nothing is refuted; three
 * claims are unmeasurable, each with the reason recorded by the claim:
 * - network-none: the engine runs runsc with --network=none (scripts/docker-engine.sh: runsc
 *   cannot start in Docker's network "none" without it), so even network_mode host gets no route
 *   to the host: the probe is blocked but the control cannot be made.
 * - rootfs-read-only: mkdir gives EROFS as on runc, but creating a file gives EACCES (gVisor
 *   checks permissions before the mount); the claim asserts mkdir and holds.
 * - no-new-privileges: gVisor's /proc status has no NoNewPrivs line, and our profile denies
 *   prctl, so the flag cannot be read.
 * - no-docker-socket: gVisor refuses to mount the control's dummy socket, so the control cannot run.
 */
const ON_RUNSC: Record<string, { state: ClaimState; check: (o: ClaimOutcome) => void }> = {
  'network-none': {
    state: 'unmeasurable',
    check: (o) => {
      expect(o.probe.passed).toBe(true);
      expect(obs(o.probe)).toMatchObject({ errno: 'ECONNREFUSED', interfaces: ['lo'], ipv4Routes: 0 });
      expect(o.control.passed).toBe(false);
      expect(obs(o.control)).toMatchObject({
        errno: 'ECONNREFUSED',
        readNonce: false,
        interfaces: ['lo'],
        listenerAccepted: 0,
      });
      expect(o.control.unmeasurable).toMatch(/--network=none/);
    },
  },
  'rootfs-read-only': {
    state: 'upheld',
    check: (o) => {
      expect(Object.values(obs(o.probe).errnos)).toEqual(['EACCES', 'EROFS', 'EACCES', 'EROFS']);
      expect(Object.values(obs(o.control).errnos)).toEqual(['EACCES', 'EACCES', 'EACCES', 'EACCES']);
    },
  },
  'caps-dropped': {
    state: 'upheld',
    check: (o) => {
      expect(obs(o.probe).CapBnd).toMatchObject({ values: ['0000000000000000'], missing: 0 });
      expect(obs(o.control).CapBnd).toMatchObject({ values: ['0000000000000001'], missing: 0 });
    },
  },
  'non-root': {
    state: 'upheld',
    check: (o) => {
      expect(obs(o.probe).Uid.values).toEqual(['1000\t1000\t1000\t1000']);
      expect(obs(o.control).Uid.values).toEqual(['0\t0\t0\t0']);
    },
  },
  'no-new-privileges': {
    state: 'unmeasurable',
    check: (o) => {
      expect(obs(o.probe).NoNewPrivs).toMatchObject({ values: [], missing: obs(o.probe).NoNewPrivs.threads });
      expect(o.probe.unmeasurable).toMatch(/NoNewPrivs line/);
    },
  },
  'no-docker-socket': {
    state: 'unmeasurable',
    check: (o) => {
      expect(o.probe.passed).toBe(true);
      expect(obs(o.probe).errnos).toEqual({ '/var/run/docker.sock': 'ENOENT', '/run/docker.sock': 'ENOENT' });
      // gVisor refuses to bind-mount a host unix socket into the sandbox: the control's
      // container does not start, so the probe's power to see a socket is unproven here.
      expect(o.control.passed).toBe(false);
      expect(String(obs(o.control).error)).toMatch(/failed to mount "\/var\/run\/docker.sock"/);
      expect(o.control.unmeasurable).toMatch(/refuses to bind-mount/);
    },
  },
  'ses-no-ambient-authority': {
    state: 'upheld',
    check: (o) => {
      expect(obs(o.probe).direct).toMatchObject({ status: 'error' });
      expect(obs(o.control).direct).toMatchObject({ status: 'ok', value: expect.any(Number) });
    },
  },
};

describe('container and compartment claims on gVisor (runsc)', () => {
  for (const claim of containerClaims) {
    const expected = ON_RUNSC[claim.id]!;
    runscTest(`${claim.id} on runsc: ${expected.state}, as recorded`, async ({ task, engine, config }) => {
      const outcome = await runClaim(claim, createClaimContext(config, engine.docker), 'runsc');
      recordClaim(task.meta, outcome);
      expect(outcome.runtime).toBe('runsc');
      expect(obs(outcome.functionality), JSON.stringify(outcome.functionality)).toMatchObject({
        status: 'ok',
        runtime: 'runsc',
      });
      expect(outcome.functionality.passed).toBe(true);
      expected.check(outcome);
      expect(outcome.state, JSON.stringify(outcome)).toBe(expected.state);
    });
  }
});
