import type { Claim, ClaimContext, ClaimRelaxation, ClaimRunOptions } from '../claim.ts';
import { keyPathOf } from '../../config/config-keys.ts';
import { benignFunctionality } from '../benign-functionality.ts';
import { relaxed } from '../context-overrides.ts';
import { checkThat, patchDocker, resultSummary } from '../check.ts';
import { claimEngine } from '../claim-engine.ts';
import { containerIsGone } from '../../sandbox/docker/container-is-gone.ts';

/**
 * The job is a loop that ends after LOOP_WALL_MS of wall time (the cpu-share probe, which can
 * read a clock; a compartment cannot), so whether it ends never depends on the machine's speed.
 * The probe gives it a timeout well inside that, the control one well beyond it.
 */
const LOOP_WALL_MS = 4000;
const PROBE_TIMEOUT_MS = 1500;
const CONTROL_TIMEOUT_MS = 60_000;

const RELAXATION: ClaimRelaxation = {
  description: 'a longer timeout (60 s instead of 1.5 s)',
  configKey: keyPathOf('docker.timeoutMs'),
  configPatch: patchDocker({ timeoutMs: CONTROL_TIMEOUT_MS }),
};

async function loop(context: ClaimContext, options: ClaimRunOptions) {
  const result = await context.runProbe('cpu-share', { wallMs: LOOP_WALL_MS }, options);
  const gone = await containerIsGone(claimEngine(context), result.containerId);
  return {
    result,
    gone,
    observed: { loopWallMs: LOOP_WALL_MS, ...resultSummary(result), containerGoneAfterwards: gone },
  };
}

export const timeoutKills: Claim = {
  id: 'timeout-kills',
  layer: '2',
  statement:
    'An execution still running at timeout_seconds is killed (timeout) and its container removed: nothing keeps running.',
  relaxation: RELAXATION,
  async probe(context) {
    const { result, gone, observed } = await loop(context, {
      configPatch: patchDocker({ timeoutMs: PROBE_TIMEOUT_MS }),
    });
    return checkThat(
      result.status === 'timeout' && result.exitCode === 137 && gone === true,
      `a ${LOOP_WALL_MS} ms loop under a ${PROBE_TIMEOUT_MS} ms timeout: timeout, exit 137 (SIGKILL), container gone (inspect 404)`,
      { timeoutMs: PROBE_TIMEOUT_MS, ...observed },
    );
  },
  async control(context) {
    const { result, gone, observed } = await loop(
      context,
      relaxed(RELAXATION, { configPatch: patchDocker({ timeoutMs: PROBE_TIMEOUT_MS }) }),
    );
    return checkThat(
      result.status === 'ok' && gone === true,
      `the same loop under a ${CONTROL_TIMEOUT_MS} ms timeout ends by itself: ok`,
      { timeoutMs: CONTROL_TIMEOUT_MS, ...observed },
    );
  },
  functionality: benignFunctionality,
};
