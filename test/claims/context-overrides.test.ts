import { describe, expect, it } from 'vitest';
import { onRuntime, withRunOverrides } from '../../harness/claims/context-overrides.ts';
import { fakeClaimContext } from './fake-claim-context.ts';

describe('withRunOverrides', () => {
  it("applies the override after the check's own patch and merges relaxations, override last", async () => {
    const { context, runs } = fakeClaimContext();
    const weakened = withRunOverrides(context, {
      configPatch: (c) => ({ ...c, docker: { ...c.docker, memoryBytes: 0 } }),
      relax: { noPidsLimit: true, tmpfsBytes: 2 },
    });
    await weakened.runStrategy(
      'export default () => 1',
      {},
      {
        configPatch: (c) => ({ ...c, docker: { ...c.docker, memoryBytes: 128, cpuCount: 0.25 } }),
        relax: { tmpfsBytes: 1, tmpfsExec: true },
      },
    );
    const run = runs[0]!;
    expect(run.effective.docker.memoryBytes).toBe(0);
    expect(run.effective.docker.cpuCount).toBe(0.25);
    expect(run.options?.relax).toEqual({ tmpfsBytes: 2, tmpfsExec: true, noPidsLimit: true });
  });

  it('leaves the config the claim reads untouched, so a probe cannot adapt to the weakening', () => {
    const { context } = fakeClaimContext();
    const weakened = withRunOverrides(context, {
      configPatch: (c) => ({ ...c, docker: { ...c.docker, readOnlyRootfs: false } }),
    });
    expect(weakened.config.docker.readOnlyRootfs).toBe(true);
  });
});

describe('onRuntime', () => {
  it('pins the runtime of every run and of the config the claim reads', async () => {
    const { context, runs } = fakeClaimContext();
    const gvisor = onRuntime(context, 'runsc');
    await gvisor.runProbe('echo', {}, { configPatch: (c) => ({ ...c, docker: { ...c.docker, runtime: 'runc' } }) });
    await gvisor.runProbe('echo');
    expect(runs.map((r) => r.effective.docker.runtime)).toEqual(['runsc', 'runsc']);
    expect(gvisor.config.docker.runtime).toBe('runsc');
    expect(context.config.docker.runtime).toBe('runc');
  });
});
