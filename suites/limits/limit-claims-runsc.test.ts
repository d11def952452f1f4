// The limit claims under gVisor (runsc), recorded as they are, so that the decision finds every
// claim of the registry on every runtime the engine has (evidence.claimRuntimes): before this
// file, a run on an engine with runsc recorded no limit claim there and nobody noticed.
//
// What holds under runsc (measured with runsc 0.0~20221219.0 on Docker 20.10.24, registered
// with --oci-seccomp --network=none):
// - tmpfs-size, tmpfs-noexec, output-cap, timeout-kills: upheld, as on runc.
// - memory-limit: upheld by what gVisor shows: no cgroup memory files, but MemTotal = the
//   configured limit and SwapTotal 0; the 256 MiB probe is OOM-killed at 128m (State.OOMKilled),
//   the control at 1g completes.
// - cpu-limit: unmeasurable: no cpu.stat in the sandbox, and gVisor's CPU accounting counts the
//   time the host throttled it (0.70-0.79 cores under a 0.5-core quota, 0.83-0.94 without).
// - pids-limit: upheld by a gVisor-specific probe: the limit counts the sandbox's host threads,
//   so spawning past it ends the sandbox (exit code 2, no result) while the control (no limit)
//   starts its 80 threads.
// These are reported per runtime and never gated (runc is the configured runtime).
import { describe, expect, it } from 'vitest';
import type { ClaimOutcome, ClaimState } from '../../harness/claims/claim.ts';
import { createClaimContext } from '../../harness/claims/claim-context.ts';
import { limitClaims } from '../../harness/claims/limit-claims.ts';
import { runClaim } from '../../harness/claims/run-claims.ts';
import { runscTest } from '../support/docker-test.ts';
import { recordClaim } from '../support/record-claim.ts';

type Observed = Record<string, any>;
const obs = (check: { observed: Record<string, unknown> }) => check.observed as Observed;

const ON_RUNSC: Record<string, { state: ClaimState; check: (o: ClaimOutcome) => void }> = {
  'memory-limit': {
    state: 'upheld',
    check: (o) => {
      expect(obs(o.probe).enforced).toEqual({
        limit: null,
        limitWithSwap: null,
        swapMax: null,
        memTotalBytes: 2 * 1024 ** 3,
        swapTotalBytes: 0,
      });
      expect(obs(o.probe).external).toMatchObject({ status: 'oom', exitCode: 137, oomKilled: true });
      expect(obs(o.probe).heap).toMatchObject({ status: 'oom', v8Message: expect.stringMatching(/heap/) });
      expect(obs(o.control).external).toMatchObject({ status: 'ok', value: { allocatedMiB: 256 } });
      expect(obs(o.control).heap).toMatchObject({ status: 'ok', value: { steps: 256 } });
    },
  },
  'cpu-limit': {
    state: 'unmeasurable',
    check: (o) => {
      // The share is recorded, not asserted: gVisor's CPU accounting gave 0.70 to 0.79 under the quota.
      expect(obs(o.probe).share).toBeGreaterThan(0);
      expect(obs(o.probe).throttled).toBeNull();
      expect(obs(o.control).throttled).toBeNull();
      expect(o.probe.unmeasurable).toMatch(/no cgroup cpu\.stat/);
    },
  },
  'pids-limit': {
    state: 'upheld',
    check: (o) => {
      expect(obs(o.probe)).toMatchObject({
        status: 'error',
        exitCode: 2,
        message: 'the runner ended (exit code 2) without a result',
        requested: 80,
      });
      expect(obs(o.control)).toMatchObject({ failure: null, created: 80 });
      expect(obs(o.control).tasksAtPeak).toBeGreaterThan(64);
    },
  },
  'tmpfs-size': {
    state: 'upheld',
    check: (o) => expect(obs(o.probe)).toMatchObject({ errno: 'ENOSPC', writtenBytes: 64 * 1024 ** 2 }),
  },
  'tmpfs-noexec': {
    state: 'upheld',
    check: (o) => expect(obs(o.probe).ran).toMatchObject({ ok: false, errno: 'EACCES' }),
  },
  'output-cap': {
    state: 'upheld',
    check: (o) => expect(obs(o.probe)).toMatchObject({ status: 'output-limit', truncated: true }),
  },
  'timeout-kills': {
    state: 'upheld',
    check: (o) => expect(obs(o.probe)).toMatchObject({ status: 'timeout', signal: 'SIGKILL' }),
  },
};

describe('resource limits on gVisor (runsc), recorded as they are', () => {
  it('has an expectation for every limit claim, and no other', () => {
    expect(Object.keys(ON_RUNSC).sort()).toEqual(limitClaims.map((claim) => claim.id).sort());
  });

  for (const claim of limitClaims) {
    const expected = ON_RUNSC[claim.id]!;
    runscTest(`${claim.id} on runsc: ${expected.state}`, async ({ task, engine, config }) => {
      const outcome = await runClaim(claim, createClaimContext(config, engine.docker), 'runsc');
      recordClaim(task.meta, outcome);
      expect(outcome.runtime).toBe('runsc');
      expect(outcome.functionality.passed, JSON.stringify(outcome.functionality)).toBe(true);
      expected.check(outcome);
      expect(outcome.state, outcome.reason).toBe(expected.state);
    });
  }
});
