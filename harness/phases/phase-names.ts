/**
 * The gate's phases, in the order they run and are reported: `unit` (pure code, seconds) first,
 * so a broken build fails before the engine suites (minutes) start. Each is a vitest project of
 * the same name (vitest.config.ts) and a `name` allowed by schemas/results.schema.json; the
 * unit test test/phases/phase-names.test.ts holds both to this list.
 */
export const PHASES = ['unit', 'lifecycle', 'limits', 'seccomp', 'integration', 'perf'] as const;
export type PhaseName = (typeof PHASES)[number];

export function isPhaseName(name: string): name is PhaseName {
  return (PHASES as readonly string[]).includes(name);
}
