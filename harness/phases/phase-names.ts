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

/**
 * The vitest projects of each phase besides the one of its own name: a phase whose files are of
 * two kinds runs those that measure in `<phase>-alone`, one file at a time with nothing beside
 * it, and the others two at a time (vitest.config.ts says which and why). integration-alone holds
 * audit-drift (its audits re-run the cpu-limit claim, unmeasurable when a neighbour takes CPU);
 * perf-alone the benchmark and the look-ahead cost. Tests, errors and progress of such a
 * project count as its phase's; results.json knows phases only.
 */
const EXTRA_PROJECTS: Partial<Record<PhaseName, readonly string[]>> = {
  integration: ['integration-alone'],
  perf: ['perf-alone'],
};

/** The vitest projects that make up `phase`, its own first. */
export function projectsOfPhase(phase: PhaseName): string[] {
  return [phase, ...(EXTRA_PROJECTS[phase] ?? [])];
}

/** The phase a vitest project belongs to, or undefined for a project of no phase. */
export function phaseOfProject(project: string): PhaseName | undefined {
  return PHASES.find((phase) => projectsOfPhase(phase).includes(project));
}
