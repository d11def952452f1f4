import type { Claim, ClaimContext, ClaimRunOptions } from '../claim.ts';
import { benignFunctionality } from '../benign-functionality.ts';
import { checkThat, probeValue } from '../check.ts';

interface SpawnThreads {
  requested: number;
  created: number;
  tasksAtPeak: number;
  failure: { errno: string | null; message: string; at: number } | null;
}

/** Past the limit by this many threads: enough for the control to show more tasks than the limit allows. */
const OVER_LIMIT_THREADS = 16;

async function spawn(context: ClaimContext, options?: ClaimRunOptions): Promise<SpawnThreads> {
  const requested = context.config.docker.pidsLimit + OVER_LIMIT_THREADS;
  return probeValue<SpawnThreads>(await context.runProbe('spawn-threads', { max: requested }, options), 'spawn-threads');
}

export const pidsLimit: Claim = {
  id: 'pids-limit',
  layer: '2',
  statement: 'The number of tasks (processes and threads) is capped at pids_limit: past it, thread creation fails with EAGAIN.',
  relaxes: 'no pids limit (relax.noPidsLimit)',
  async probe(context) {
    const limit = context.config.docker.pidsLimit;
    const spawned = await spawn(context);
    // Node reports the failed pthread_create as ERR_WORKER_INIT_FAILED with the errno as message.
    return checkThat(
      spawned.failure?.message === 'EAGAIN' && spawned.created < limit && spawned.tasksAtPeak <= limit,
      `worker threads stop with EAGAIN before ${limit} tasks (pids_limit ${limit})`,
      { pidsLimit: limit, ...spawned },
    );
  },
  async control(context) {
    const limit = context.config.docker.pidsLimit;
    const spawned = await spawn(context, { relax: { noPidsLimit: true } });
    return checkThat(
      spawned.failure === null && spawned.created === spawned.requested && spawned.tasksAtPeak > limit,
      `without the limit all ${limit + OVER_LIMIT_THREADS} worker threads start (more than ${limit} tasks)`,
      { pidsLimit: limit, ...spawned },
    );
  },
  functionality: benignFunctionality,
};
