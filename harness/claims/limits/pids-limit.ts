import type { ExecutionResult } from '../../sandbox/execution-result.ts';
import { keyPathOf } from '../../config/config-keys.ts';
import type { Claim, ClaimRelaxation, ClaimCheck, ClaimContext, ClaimRunOptions } from '../claim.ts';
import { benignFunctionality } from '../benign-functionality.ts';
import { relaxed } from '../context-overrides.ts';
import { checkThat, probeValue, resultSummary } from '../check.ts';

interface SpawnThreads {
  requested: number;
  created: number;
  tasksAtPeak: number;
  failure: { errno: string | null; message: string; at: number } | null;
}

/** Past the limit by this many threads: enough for the control to show more tasks than the limit allows. */
const OVER_LIMIT_THREADS = 16;

async function spawn(context: ClaimContext, options?: ClaimRunOptions): Promise<SpawnThreads> {
  return probeValue<SpawnThreads>(await spawnResult(context, options), 'spawn-threads');
}

function spawnResult(context: ClaimContext, options?: ClaimRunOptions): Promise<ExecutionResult> {
  return context.runProbe('spawn-threads', { max: context.config.docker.pidsLimit + OVER_LIMIT_THREADS }, options);
}

/**
 * Under gVisor (runsc) the pids cgroup is the host's cgroup of the sandbox: it counts the
 * sentry's and gofer's host threads (44 on the host for an idle node guest of 7 tasks under
 * pids.max 64), not the guest's tasks, so no pthread_create in the guest sees EAGAIN. When the
 * guest's threads need more host threads than the limit allows, the whole sandbox ends with exit
 * code 2 (the Go runtime's exit status on a fatal error such as a failed thread creation) and
 * the runner never answers: with the hardened settings that happened before 30 workers, while 4
 * started (11 tasks). That end, with the control starting all threads, is what the limit does there.
 */
const SANDBOX_ENDED = /^the runner ended \(exit code 2\) without a result$/;

function gvisorSandboxEnded(result: ExecutionResult, limit: number): ClaimCheck {
  return checkThat(
    result.status === 'error' && result.exitCode === 2 && SANDBOX_ENDED.test(result.message ?? ''),
    `under gVisor the pids limit (${limit}) caps the sandbox's host threads: spawning ${limit + OVER_LIMIT_THREADS} worker threads ends the sandbox (error, exit code 2, no result)`,
    { pidsLimit: limit, requested: limit + OVER_LIMIT_THREADS, ...resultSummary(result) },
  );
}

const RELAXATION: ClaimRelaxation = {
  description: 'no pids limit (relax.noPidsLimit)',
  configKey: keyPathOf('docker.pidsLimit'),
  relax: { noPidsLimit: true },
};

export const pidsLimit: Claim = {
  id: 'pids-limit',
  layer: '2',
  statement:
    'The number of tasks (processes and threads) is capped at pids_limit: past it, thread creation fails with EAGAIN (under gVisor, which counts its host threads, the sandbox ends instead).',
  relaxation: RELAXATION,
  async probe(context) {
    const limit = context.config.docker.pidsLimit;
    const result = await spawnResult(context);
    if (result.runtime === 'runsc' && result.status !== 'ok') return gvisorSandboxEnded(result, limit);
    const spawned = probeValue<SpawnThreads>(result, 'spawn-threads');
    // Node reports the failed pthread_create as ERR_WORKER_INIT_FAILED with the errno as message.
    return checkThat(
      spawned.failure?.message === 'EAGAIN' && spawned.created < limit && spawned.tasksAtPeak <= limit,
      `worker threads stop with EAGAIN before ${limit} tasks (pids_limit ${limit})`,
      { pidsLimit: limit, ...spawned },
    );
  },
  async control(context) {
    const limit = context.config.docker.pidsLimit;
    const spawned = await spawn(context, relaxed(RELAXATION));
    return checkThat(
      spawned.failure === null && spawned.created === spawned.requested && spawned.tasksAtPeak > limit,
      `without the limit all ${limit + OVER_LIMIT_THREADS} worker threads start (more than ${limit} tasks)`,
      { pidsLimit: limit, ...spawned },
    );
  },
  functionality: benignFunctionality,
};
