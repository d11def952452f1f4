// How the limit claims read what gVisor (runsc) shows, with scripted probe answers: no cgroup
// files, MemTotal sized to the limit, no cpu.stat, a sandbox that ends under the pids limit.
// Each reading must still fail when the protection is absent.
import { describe, expect, it } from 'vitest';
import type { ClaimContext } from '../../harness/claims/claim.ts';
import { cpuLimit } from '../../harness/claims/limits/cpu-limit.ts';
import { memoryLimit } from '../../harness/claims/limits/memory-limit.ts';
import { pidsLimit } from '../../harness/claims/limits/pids-limit.ts';
import { DEFAULT_SANDBOX_CONFIG } from '../../harness/config/sandbox-config.ts';
import { emptyResult, type ExecutionResult } from '../../harness/sandbox/execution-result.ts';

const GiB = 1024 ** 3;
const ok = (value: unknown, extra: Partial<ExecutionResult> = {}): ExecutionResult => ({
  ...emptyResult('docker'),
  status: 'ok',
  exitCode: 0,
  runtime: 'runsc',
  value,
  ...extra,
});
const OOM = {
  status: 'oom',
  exitCode: 137,
  message: "the container's memory limit (128 MiB) was exhausted: killed by the kernel (cgroup OOM)",
  stderr: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
} as const;

/** A context whose probes answer from `probes` and whose strategies answer `strategy`. */
function scripted(probes: Record<string, ExecutionResult>, strategy: ExecutionResult = ok(null)): ClaimContext {
  return {
    config: structuredClone(DEFAULT_SANDBOX_CONFIG),
    runProbe: async (name) => probes[name] ?? ok(null),
    runStrategy: async () => strategy,
  };
}

describe('memory-limit under gVisor: MemTotal stands in for the cgroup files it does not show', () => {
  const cgroupHidden = { limit: null, limitWithSwap: null, swapMax: null, swapTotalBytes: 0 };
  const oom = { ...emptyResult('docker'), ...OOM, runtime: 'runsc' } as ExecutionResult;

  it('passes when MemTotal equals the configured 2 GiB and there is no swap', async () => {
    const check = await memoryLimit.probe(
      scripted({ 'cgroup-memory': ok({ ...cgroupHidden, memTotalBytes: 2 * GiB }) }, oom),
    );
    expect(check.passed, JSON.stringify(check.observed)).toBe(true);
  });

  it('fails when MemTotal is the host memory (no limit given), or when there is swap', async () => {
    expect(
      (await memoryLimit.probe(scripted({ 'cgroup-memory': ok({ ...cgroupHidden, memTotalBytes: 8 * GiB }) }, oom)))
        .passed,
    ).toBe(false);
    expect(
      (
        await memoryLimit.probe(
          scripted({ 'cgroup-memory': ok({ ...cgroupHidden, memTotalBytes: 2 * GiB, swapTotalBytes: GiB }) }, oom),
        )
      ).passed,
    ).toBe(false);
  });

  it('does not fall back to MemTotal when a cgroup file is there (runc): the cgroup decides', async () => {
    const check = await memoryLimit.probe(
      scripted(
        {
          'cgroup-memory': ok({
            limit: 'max',
            limitWithSwap: null,
            swapMax: '0',
            memTotalBytes: 2 * GiB,
            swapTotalBytes: 0,
          }),
        },
        oom,
      ),
    );
    expect(check.passed).toBe(false);
  });
});

describe('cpu-limit without cpu.stat (gVisor) is unmeasurable, never refuted', () => {
  const share = (throttled: unknown) => ok({ wallMs: 1500, cpuMs: 1190, share: 0.79, spins: 1, throttled });

  it('probe and control carry the reason when the counters are hidden', async () => {
    const context = scripted({ 'cpu-share': share(null) });
    expect((await cpuLimit.probe(context)).unmeasurable).toMatch(/no cgroup cpu\.stat/);
    expect((await cpuLimit.control(context)).unmeasurable).toMatch(/no cgroup cpu\.stat/);
  });

  it('stays a plain check when the counters are there (runc)', async () => {
    const check = await cpuLimit.probe(
      scripted({ 'cpu-share': share({ periods: 30, throttledPeriods: 0, throttledMs: 0 }) }),
    );
    expect(check.unmeasurable).toBeUndefined();
    expect(check.passed).toBe(false);
  });
});

describe('cpu-limit on a host too busy for the quota to bite (runc)', () => {
  const spinAnswer = (share: number, throttledPeriods: number) =>
    ok({
      wallMs: 1500,
      cpuMs: 1500 * share,
      share,
      throttled: { periods: 15, throttledPeriods, throttledMs: throttledPeriods * 50 },
    });
  /** A context whose cpu-share probe answers the given spins in order. */
  function spins(...answers: ExecutionResult[]): ClaimContext & { calls: number } {
    const context = { ...scripted({}), calls: 0 };
    context.runProbe = async () => answers[Math.min(context.calls++, answers.length - 1)]!;
    return context;
  }

  it('is unmeasurable, never refuted, when no spin was throttled and every share stayed under the ceiling', async () => {
    const context = spins(spinAnswer(0.14, 0), spinAnswer(0.36, 0), spinAnswer(0.2, 0));
    const check = await cpuLimit.probe(context);
    expect(context.calls).toBe(3);
    expect(check.passed).toBe(false);
    expect(check.unmeasurable).toMatch(/quota was not exercised/);
  });

  it('is upheld by the first spin the kernel throttled', async () => {
    const context = spins(spinAnswer(0.3, 0), spinAnswer(0.49, 12));
    const check = await cpuLimit.probe(context);
    expect(context.calls).toBe(2);
    expect(check).toMatchObject({ passed: true, observed: { spins: 2, share: 0.49 } });
    expect(check.unmeasurable).toBeUndefined();
  });

  it('is refuted when a spin got more than the ceiling, throttled or not', async () => {
    const check = await cpuLimit.probe(spins(spinAnswer(0.2, 0), spinAnswer(0.95, 0)));
    expect(check.passed).toBe(false);
    expect(check.unmeasurable).toBeUndefined();
  });
});

describe('pids-limit under gVisor: the sandbox ending with exit code 2 is the limit acting', () => {
  const ended = (extra: Partial<ExecutionResult>): ExecutionResult => ({
    ...emptyResult('docker'),
    status: 'error',
    exitCode: 2,
    runtime: 'runsc',
    message: 'the runner ended (exit code 2) without a result',
    ...extra,
  });

  it('passes on runsc when the runner ends with exit code 2 and no result', async () => {
    const check = await pidsLimit.probe(scripted({ 'spawn-threads': ended({}) }));
    expect(check.passed, JSON.stringify(check.observed)).toBe(true);
  });

  it('fails on runsc for any other end (another exit code), and when every thread started', async () => {
    expect(
      (
        await pidsLimit.probe(
          scripted({
            'spawn-threads': ended({ exitCode: 134, message: 'the runner ended (exit code 134) without a result' }),
          }),
        )
      ).passed,
    ).toBe(false);
    const all = ok({ requested: 80, created: 80, tasksAtPeak: 87, failure: null });
    expect((await pidsLimit.probe(scripted({ 'spawn-threads': all }))).passed).toBe(false);
  });

  it('does not accept the sandbox ending on runc, where EAGAIN is required', async () => {
    await expect(pidsLimit.probe(scripted({ 'spawn-threads': ended({ runtime: 'runc' }) }))).rejects.toThrow(
      /did not answer: error/,
    );
  });
});
