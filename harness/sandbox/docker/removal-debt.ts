import type Docker from 'dockerode';
import createDebug from 'debug';

const debug = createDebug('sandbox-gate:docker');

/**
 * Containers whose removal failed because the engine did not answer (it was hung, restarting
 * or gone), per engine connection. The wrapper settles them on its next execution and on
 * close(), so an engine that comes back gets its containers removed by their owner rather
 * than left for `sandbox-gate gc`. Keyed by the client's modem, which every Container shares.
 */
const debts = new WeakMap<object, Set<Docker.Container>>();

export function oweRemoval(container: Docker.Container): void {
  const owed = debts.get(container.modem) ?? new Set<Docker.Container>();
  owed.add(container);
  debts.set(container.modem, owed);
  debug('Owing removal of container %s', container.id.slice(0, 12));
}

/** Containers still owed on this client. */
export function owedRemovals(docker: Docker): number {
  return debts.get(docker.modem)?.size ?? 0;
}

/**
 * Retries each owed removal once with `remove` (which owes it again when it still fails).
 * Returns how many are still owed.
 */
export async function settleRemovals(
  docker: Docker,
  remove: (container: Docker.Container) => Promise<void>,
): Promise<number> {
  const owed = debts.get(docker.modem);
  if (!owed?.size) return 0;
  const containers = [...owed];
  owed.clear();
  for (const container of containers) await remove(container);
  return owed.size;
}
