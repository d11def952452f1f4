/**
 * The execution modes the benchmark compares, cheapest first:
 * - `in-process`: the strategy imported and called in the harness process, no sandbox: the floor;
 * - `local`: the local (fallback) mode, a child process under Node's permission model;
 * - `docker-cold`: a fresh hardened container per execution (create, attach, start, run, remove);
 * - `docker-pool`: a pre-started single-use container from the warm pool;
 * - `docker-runsc`: `docker-cold` under gVisor (only where the engine lists `runsc`);
 * - `docker-cli`: `docker run --rm -i` of the same image with the same hardening flags through
 *   the Docker CLI: the naive reference.
 */
export const benchModeNames = [
  'in-process',
  'local',
  'docker-cold',
  'docker-pool',
  'docker-runsc',
  'docker-cli',
] as const;
export type BenchModeName = (typeof benchModeNames)[number];

/** Every overhead is measured against this mode. */
export const BASELINE_MODE: BenchModeName = 'in-process';

/** Modes whose throughput is measured at each concurrency level. */
export const THROUGHPUT_MODES: readonly BenchModeName[] = ['docker-pool', 'docker-cold'];

/** Modes whose container timelines give the breakdown. */
export const BREAKDOWN_MODES: readonly BenchModeName[] = ['docker-cold', 'docker-pool'];

export function isBenchMode(name: string): name is BenchModeName {
  return (benchModeNames as readonly string[]).includes(name);
}
