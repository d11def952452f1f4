import type { Claim, ClaimContext, ClaimRunOptions } from '../claim.ts';
import { benignFunctionality } from '../benign-functionality.ts';
import { checkThat, probeValue } from '../check.ts';

interface CpuShare {
  wallMs: number;
  cpuMs: number;
  share: number;
}

/** How long the probe spins. The figure asserted is a ratio of CPU time to it, never a duration. */
const SPIN_WALL_MS = 1500;
/** A single spinning thread with no quota gets (nearly) a whole core. */
const UNLIMITED_SHARE_ABOVE = 0.8;

async function spin(context: ClaimContext, options?: ClaimRunOptions): Promise<CpuShare> {
  return probeValue<CpuShare>(await context.runProbe('cpu-share', { wallMs: SPIN_WALL_MS }, options), 'cpu-share');
}

export const cpuLimit: Claim = {
  id: 'cpu-limit',
  layer: '2',
  statement: 'CPU is capped at cpu_count cores: a busy loop gets about that share of one core.',
  relaxes: 'no CPU quota (relax.noCpuLimit)',
  async probe(context) {
    const cores = context.config.docker.cpuCount;
    // 40 % of slack over the quota, and never as high as the control's floor.
    const ceiling = Math.min(cores * 1.4, UNLIMITED_SHARE_ABOVE - 0.05);
    const share = await spin(context);
    return checkThat(share.share < ceiling, `CPU time / wall time below ${ceiling.toFixed(2)} with cpu_count ${cores}`, { cpuCount: cores, ceiling, ...share });
  },
  async control(context) {
    const share = await spin(context, { relax: { noCpuLimit: true } });
    return checkThat(share.share > UNLIMITED_SHARE_ABOVE, `without the quota, CPU time / wall time above ${UNLIMITED_SHARE_ABOVE}`, { ...share });
  },
  functionality: benignFunctionality,
};
