import { describe, expect } from 'vitest';
import type { ClaimOutcome } from '../../harness/claims/claim.ts';
import { createClaimContext } from '../../harness/claims/claim-context.ts';
import { containerClaims } from '../../harness/claims/container-claims.ts';
import { runClaim } from '../../harness/claims/run-claims.ts';
import { dockerTest } from '../support/docker-test.ts';
import { recordClaim } from '../support/record-claim.ts';

type Observed = Record<string, any>;
const obs = (check: { observed: Record<string, unknown> }) => check.observed as Observed;

/** What each claim must show on runc, with the exact errno or value of probe and control. */
const ON_RUNC: Record<string, (o: ClaimOutcome) => void> = {
  'network-none': (o) => {
    expect(obs(o.probe)).toMatchObject({
      errno: 'ECONNREFUSED',
      connected: false,
      readNonce: false,
      interfaces: ['lo'],
      ipv4Routes: 0,
    });
    expect(obs(o.control)).toMatchObject({ readNonce: true, connected: true });
  },
  'rootfs-read-only': (o) => {
    expect(Object.values(obs(o.probe).errnos)).toEqual(['EROFS', 'EROFS', 'EROFS', 'EROFS']);
    expect(Object.values(obs(o.control).errnos)).toEqual(['EACCES', 'EACCES', 'EACCES', 'EACCES']);
  },
  'caps-dropped': (o) => {
    expect(obs(o.probe).CapBnd).toMatchObject({ values: ['0000000000000000'], missing: 0 });
    expect(obs(o.control).CapBnd).toMatchObject({ values: ['0000000000000001'], missing: 0 });
  },
  'non-root': (o) => {
    expect(obs(o.probe).Uid.values).toEqual(['1000\t1000\t1000\t1000']);
    expect(obs(o.control).Uid.values).toEqual(['0\t0\t0\t0']);
  },
  'no-new-privileges': (o) => {
    expect(obs(o.probe).NoNewPrivs).toMatchObject({ values: ['1'], missing: 0 });
    expect(obs(o.control).NoNewPrivs).toMatchObject({ values: ['0'], missing: 0 });
    // Our profile stops a no_new_privileges:false container from starting: the control says so.
    expect(obs(o.control).relaxed).toEqual(['no_new_privileges: false', 'seccomp: unconfined (needed to start)']);
    expect(obs(o.control).aloneFailed).toMatch(/operation not permitted/);
    expect(obs(o.control).seccompAloneNoNewPrivs.values).toEqual(['1']);
  },
  'no-docker-socket': (o) => {
    expect(obs(o.probe).errnos).toEqual({ '/var/run/docker.sock': 'ENOENT', '/run/docker.sock': 'ENOENT' });
    expect(obs(o.probe).socketsFound).toEqual([]);
    // The control mounts a dummy socket at the engine's path: found, and it answers its nonce.
    expect(obs(o.control).errnos).toMatchObject({ '/var/run/docker.sock': 'exists' });
    expect(obs(o.control).socketMounts).toEqual([expect.objectContaining({ mountPoint: '/var/run/docker.sock' })]);
    expect(obs(o.control).connect).toMatchObject({ connected: true, readNonce: true, errno: null });
  },
  'ses-no-ambient-authority': (o) => {
    expect(obs(o.probe).direct).toMatchObject({
      status: 'error',
      message: "the strategy threw: TypeError: Cannot read properties of undefined (reading 'pid')",
    });
    expect(obs(o.probe).lookAround.value).toEqual({
      process: 'undefined',
      globalProcess: 'undefined',
      functionProcess: 'undefined',
      require: 'undefined',
      buffer: 'undefined',
    });
    expect(obs(o.control).direct).toMatchObject({ status: 'ok', value: expect.any(Number) });
  },
};

describe('container and compartment claims on runc', () => {
  for (const claim of containerClaims) {
    dockerTest(`${claim.id}: probe blocked, control through, benign strategy ok`, async ({ task, engine, config }) => {
      const outcome = await runClaim(claim, createClaimContext(config, engine.docker), 'runc');
      recordClaim(task.meta, outcome);
      expect(outcome.probe.passed, JSON.stringify(outcome.probe)).toBe(true);
      expect(outcome.functionality.passed, JSON.stringify(outcome.functionality)).toBe(true);
      expect(outcome.control.passed, JSON.stringify(outcome.control)).toBe(true);
      expect(outcome.upheld).toBe(true);
      expect(obs(outcome.functionality).status).toBe('ok');
      ON_RUNC[claim.id]!(outcome);
    });
  }
});
