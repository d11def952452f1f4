import { describe, expect } from 'vitest';
import type { ClaimOutcome } from '../../harness/claims/claim.ts';
import { createClaimContext } from '../../harness/claims/claim-context.ts';
import { limitClaims } from '../../harness/claims/limit-claims.ts';
import { runClaim } from '../../harness/claims/run-claims.ts';
import { dockerTest } from '../support/docker-test.ts';
import { recordClaim } from '../support/record-claim.ts';

const MiB = 1024 ** 2;
type Observed = Record<string, any>;
const obs = (check: { observed: Record<string, unknown> }) => check.observed as Observed;

/** What each limit claim must show on runc: the exact status or errno of probe and control. */
const EXPECTED: Record<string, (o: ClaimOutcome) => void> = {
  'memory-limit': (o) => {
    expect(obs(o.probe).external).toMatchObject({ status: 'oom', exitCode: 137, oomKilled: true });
    expect(obs(o.probe).heap).toMatchObject({ status: 'oom', v8Message: expect.stringMatching(/heap/) });
    expect(obs(o.control).external).toMatchObject({ status: 'ok', value: { allocatedMiB: 256 } });
    expect(obs(o.control).heap).toMatchObject({ status: 'ok', value: { steps: 256 } });
  },
  'cpu-limit': (o) => {
    // A ratio and kernel counters, never a duration. The control's share is recorded, not
    // asserted: without a quota it is whatever the host has free (see the claim).
    expect(obs(o.probe).share).toBeLessThan(0.7);
    expect(obs(o.probe).throttled.throttledPeriods).toBeGreaterThan(0);
    expect(obs(o.control).throttled).toMatchObject({ throttledPeriods: 0 });
  },
  'pids-limit': (o) => {
    expect(obs(o.probe)).toMatchObject({ failure: { errno: 'ERR_WORKER_INIT_FAILED', message: 'EAGAIN' } });
    expect(obs(o.probe).tasksAtPeak).toBeLessThanOrEqual(64);
    expect(obs(o.control)).toMatchObject({ failure: null, created: 80 });
    expect(obs(o.control).tasksAtPeak).toBeGreaterThan(64);
  },
  'tmpfs-size': (o) => {
    expect(obs(o.probe)).toMatchObject({ errno: 'ENOSPC', writtenBytes: 64 * MiB });
    expect(obs(o.control)).toMatchObject({ errno: null, writtenBytes: 80 * MiB });
    expect(obs(o.functionality)).toMatchObject({ errno: null, writtenBytes: MiB });
  },
  'tmpfs-noexec': (o) => {
    expect(obs(o.probe).ran).toMatchObject({ ok: false, errno: 'EACCES' });
    expect(obs(o.control).ran).toMatchObject({ ok: true, stdout: expect.stringMatching(/^ld\.so/) });
  },
  'output-cap': (o) => {
    expect(obs(o.probe)).toMatchObject({ status: 'output-limit', truncated: true, keptBytes: MiB });
    expect(obs(o.probe).stdoutBytes).toBeGreaterThan(MiB);
    expect(obs(o.control)).toMatchObject({ status: 'ok', truncated: false, stdoutBytes: 4 * MiB });
  },
  'timeout-kills': (o) => {
    expect(obs(o.probe)).toMatchObject({
      status: 'timeout',
      exitCode: 137,
      signal: 'SIGKILL',
      containerGoneAfterwards: true,
    });
    expect(obs(o.control)).toMatchObject({ status: 'ok', exitCode: 0, containerGoneAfterwards: true });
  },
};

describe('resource limits hold, each with a control and a functionality check', () => {
  for (const claim of limitClaims) {
    dockerTest(`${claim.id}: probe blocked, control through, functionality ok`, async ({ task, engine, config }) => {
      const outcome = await runClaim(claim, createClaimContext(config, engine.docker), 'runc');
      recordClaim(task.meta, outcome);
      expect(outcome.probe.passed, JSON.stringify(outcome.probe)).toBe(true);
      expect(outcome.control.passed, JSON.stringify(outcome.control)).toBe(true);
      expect(outcome.functionality.passed, JSON.stringify(outcome.functionality)).toBe(true);
      expect(outcome.upheld).toBe(true);
      EXPECTED[claim.id]!(outcome);
    });
  }
});
