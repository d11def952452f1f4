import { describe, expect, it } from 'vitest';
import type { Claim, ClaimCheck } from '../../harness/claims/claim.ts';
import { runClaim, runClaims } from '../../harness/claims/run-claims.ts';
import { DEFAULT_SANDBOX_CONFIG } from '../../harness/config/sandbox-config.ts';
import { fakeClaimContext } from './fake-claim-context.ts';

const pass: ClaimCheck = { passed: true, expected: 'x', observed: {} };
const fail: ClaimCheck = { passed: false, expected: 'x', observed: { saw: 'y' } };

function claimOf(
  id: string,
  checks: {
    probe?: () => Promise<ClaimCheck>;
    control?: () => Promise<ClaimCheck>;
    functionality?: () => Promise<ClaimCheck>;
  },
): Claim {
  return {
    id,
    layer: '2',
    statement: `${id} holds`,
    relaxation: { description: 'nothing', configKey: 'sandbox.docker' },
    probe: checks.probe ?? (async () => pass),
    control: checks.control ?? (async () => pass),
    functionality: checks.functionality ?? (async () => pass),
  };
}

describe('runClaim', () => {
  it('upholds a claim only when probe, control and functionality all passed', async () => {
    const { context } = fakeClaimContext();
    expect((await runClaim(claimOf('all', {}), context, 'runc')).upheld).toBe(true);
    for (const which of ['probe', 'control', 'functionality'] as const) {
      const outcome = await runClaim(claimOf(which, { [which]: async () => fail }), context, 'runc');
      expect(outcome.upheld, `${which} failed`).toBe(false);
      expect(outcome[which]).toEqual(fail);
    }
  });

  it('turns a thrown error into a failed check that records the message, and still runs the other checks', async () => {
    const { context } = fakeClaimContext();
    let functionalityRan = false;
    const outcome = await runClaim(
      claimOf('throws', {
        control: async () => {
          throw new RangeError('engine said no');
        },
        functionality: async () => {
          functionalityRan = true;
          return pass;
        },
      }),
      context,
      'runc',
    );
    expect(outcome.control.passed).toBe(false);
    expect(outcome.control.observed).toEqual({ error: 'RangeError: engine said no' });
    expect(outcome.probe.passed).toBe(true);
    expect(functionalityRan).toBe(true);
    expect(outcome.upheld).toBe(false);
  });

  it('records the runtime and runs every check of the claim on it, over any patch of the claim', async () => {
    const { context, runs } = fakeClaimContext();
    const pinned: Claim = {
      ...claimOf('runtime', {}),
      async probe(handed) {
        await handed.runProbe(
          'echo',
          {},
          { configPatch: (c) => ({ ...c, docker: { ...c.docker, runtime: 'runc', memoryBytes: 1 } }) },
        );
        return { passed: handed.config.docker.runtime === 'runsc', expected: 'runsc', observed: {} };
      },
    };
    const outcome = await runClaim(pinned, context, 'runsc');
    expect(outcome.runtime).toBe('runsc');
    expect(outcome.probe.passed).toBe(true);
    expect(runs.at(-1)!.effective.docker.runtime).toBe('runsc');
    expect(runs.at(-1)!.effective.docker.memoryBytes).toBe(1);
  });
});

describe('runClaims', () => {
  it("never lets one claim's crash stop the others, on every runtime asked for", async () => {
    const crashing = claimOf('crashing', {
      probe: async () => {
        throw new Error('boom');
      },
    });
    const fine = claimOf('fine', {});
    const seen: string[] = [];
    const outcomes = await runClaims([crashing, fine], structuredClone(DEFAULT_SANDBOX_CONFIG), {
      runtimes: ['runc', 'runsc'],
      onOutcome: (o) => seen.push(`${o.id}@${o.runtime}:${o.upheld}`),
    });
    expect(seen).toEqual(['crashing@runc:false', 'fine@runc:true', 'crashing@runsc:false', 'fine@runsc:true']);
    expect(outcomes[0]!.probe.observed).toEqual({ error: 'Error: boom' });
  });
});
