/** The gate's phases, in the order they run; each is a vitest project of the same name. */
export const PHASES = ['unit', 'lifecycle', 'limits', 'seccomp', 'integration', 'perf'] as const;
export type PhaseName = (typeof PHASES)[number];

/** Phases whose tests are functional: a failure there fails the gate by default. */
export const FUNCTIONAL_PHASES: readonly PhaseName[] = ['unit', 'lifecycle', 'limits', 'seccomp', 'integration', 'perf'];

export function isPhaseName(name: string): name is PhaseName {
  return (PHASES as readonly string[]).includes(name);
}
