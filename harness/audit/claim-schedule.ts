/**
 * How many claims an audit re-runs at once. Each claim spends most of its time waiting on the
 * engine (create, start, wait and remove of its three containers, one after the other), so a
 * few side by side overlap those waits on 2 cores; more than 3 only queue on the engine. The
 * claims that measure what a neighbour would change run alone (CLAIMS_RUN_ALONE).
 */
export const DEFAULT_CLAIM_CONCURRENCY = 3;

/**
 * Claims that run with no other claim beside them, and why. The others only observe errnos,
 * statuses and settings, which a neighbouring container cannot change: memory-limit's OOM and
 * pids-limit's EAGAIN are each container's own cgroup (24 GB of RAM on the 2-core machine, far
 * from the host's own limits), timeout-kills' loop ends on wall time, not on CPU time.
 */
export const CLAIMS_RUN_ALONE: ReadonlyMap<string, string> = new Map([
  [
    'cpu-limit',
    "measures the container's CPU share against the quota: a neighbour's busy container takes the CPU the quota is exercised with (2 cores), and the claim turns unmeasurable",
  ],
]);

/**
 * Runs `task` over `items` with at most `concurrency` at a time, an item for which `runsAlone`
 * holds with nothing beside it (the items before it finish first, those after wait for it).
 * Results come back in the order of `items`. Every started task is awaited before a rejection
 * is rethrown (the first in item order), so no task is left running unobserved.
 */
export async function runScheduled<T, R>(
  items: readonly T[],
  task: (item: T, index: number) => Promise<R>,
  options: { concurrency: number; runsAlone?: (item: T) => boolean },
): Promise<R[]> {
  const { concurrency } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency: expected an integer of at least 1, received ${String(concurrency)}`);
  const results = new Array<R>(items.length);
  const errors: { index: number; error: unknown }[] = [];
  const running = new Set<Promise<void>>();
  const start = (index: number) => {
    const done: Promise<void> = task(items[index]!, index).then(
      (result) => {
        results[index] = result;
      },
      (error: unknown) => {
        errors.push({ index, error });
      },
    );
    const tracked = done.finally(() => running.delete(tracked));
    running.add(tracked);
  };
  for (let index = 0; index < items.length; index++) {
    const alone = options.runsAlone?.(items[index]!) ?? false;
    while (running.size > 0 && (alone || running.size >= concurrency)) await Promise.race(running);
    if (errors.length > 0) break;
    start(index);
    if (alone) await Promise.all(running);
  }
  await Promise.all(running);
  if (errors.length > 0) throw errors.toSorted((a, b) => a.index - b.index)[0]!.error;
  return results;
}
