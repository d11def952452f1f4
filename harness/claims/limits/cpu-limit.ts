import type { Claim, ClaimContext, ClaimRunOptions } from '../claim.ts';
import { benignFunctionality } from '../benign-functionality.ts';
import { checkThat, probeValue } from '../check.ts';

interface CpuShare {
  wallMs: number;
  cpuMs: number;
  share: number;
  /** The cgroup's CFS counters over the spin; null when the container cannot read them. */
  throttled: { periods: number; throttledPeriods: number; throttledMs: number | null } | null;
}

/** How long the probe spins. The figures asserted are a ratio of CPU time to it and kernel counters, never a duration. */
const SPIN_WALL_MS = 1500;

async function spin(context: ClaimContext, options?: ClaimRunOptions): Promise<CpuShare> {
  return probeValue<CpuShare>(await context.runProbe('cpu-share', { wallMs: SPIN_WALL_MS }, options), 'cpu-share');
}

/**
 * The probe asserts both the share (CPU time / wall time below 1.4 x cpu_count) and the
 * kernel's own attribution (the cgroup was throttled for its quota). The control asserts the
 * opposite counter, never throttled, and records the share: without a quota the share is what
 * the host has free, about 1.0 on an idle host but as low as 0.3 seen while other suites ran,
 * so a share floor would test the neighbours rather than the quota.
 */
export const cpuLimit: Claim = {
  id: 'cpu-limit',
  layer: '2',
  statement: 'CPU is capped at cpu_count cores: a busy loop is throttled by the kernel and gets about that share of one core.',
  relaxes: 'no CPU quota (relax.noCpuLimit)',
  async probe(context) {
    const cores = context.config.docker.cpuCount;
    const ceiling = cores * 1.4;
    const share = await spin(context);
    return checkThat(
      share.share < ceiling && (share.throttled?.throttledPeriods ?? 0) > 0,
      `CPU time / wall time below ${ceiling.toFixed(2)} with cpu_count ${cores}, and the cgroup throttled in some CFS periods`,
      { cpuCount: cores, ceiling, ...share },
    );
  },
  async control(context) {
    const share = await spin(context, { relax: { noCpuLimit: true } });
    return checkThat(
      share.throttled !== null && share.throttled.throttledPeriods === 0,
      'without the quota the cgroup is never throttled (its share, recorded, is whatever the host has free)',
      { ...share },
    );
  },
  functionality: benignFunctionality,
};
