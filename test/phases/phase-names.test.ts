// The phase list is declared once (harness/phases/phase-names.ts). What must agree with it and
// cannot import it (the vitest config's project names, the results schema's enum, the shipped
// policy) is held to it here, so a phase added in one place and not the others fails this test.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import vitestConfig from '../../vitest.config.ts';
import { loadPolicy } from '../../harness/decision/load-policy.ts';
import { PHASES, isPhaseName, phaseOfProject, projectsOfPhase } from '../../harness/phases/phase-names.ts';
import { REPO_ROOT } from '../../harness/sandbox/docker/image.ts';

describe('the one phase list', () => {
  it('vitest.config.ts has the projects of each phase, in the order the phases run', () => {
    const projects = (vitestConfig.test?.projects ?? []) as Array<{ test?: { name?: string } }>;
    expect(projects.map((project) => project.test?.name)).toEqual(PHASES.flatMap(projectsOfPhase));
  });

  it('integration and perf are two projects each: what measures alone, the rest two at a time; each maps back to its phase', () => {
    const projects = (vitestConfig.test?.projects ?? []) as Array<{
      test: {
        name: string;
        include: string[];
        exclude?: string[];
        maxWorkers?: number;
        sequence?: { groupOrder: number };
      };
    }>;
    const byName = new Map(projects.map((project) => [project.test.name, project.test]));
    expect(projectsOfPhase('integration')).toEqual(['integration', 'integration-alone']);
    expect(projectsOfPhase('perf')).toEqual(['perf', 'perf-alone']);
    expect(projectsOfPhase('limits')).toEqual(['limits']);
    expect(byName.get('integration')).toMatchObject({
      maxWorkers: 2,
      exclude: ['suites/integration/audit-drift.test.ts'],
    });
    expect(byName.get('integration-alone')).toMatchObject({
      maxWorkers: 1,
      include: ['suites/integration/audit-drift.test.ts'],
    });
    expect(byName.get('perf')).toMatchObject({ maxWorkers: 2, include: ['suites/perf/{pool,soak}.test.ts'] });
    expect(byName.get('perf-alone')).toMatchObject({ maxWorkers: 1, exclude: ['suites/perf/{pool,soak}.test.ts'] });
    // Each engine phase's projects run in turn, in the order of PHASES: a phase's time is one stretch.
    const orders = PHASES.slice(1)
      .flatMap(projectsOfPhase)
      .map((name) => byName.get(name)!.sequence!.groupOrder);
    expect(orders).toEqual(orders.toSorted((a, b) => a - b));
    expect(new Set(orders).size).toBe(orders.length);
    for (const name of byName.keys()) expect(phaseOfProject(name), name).toBe(name.split('-')[0]);
    expect(phaseOfProject('integration-beside')).toBeUndefined();
  });

  it('results.schema.json allows exactly these phase names', async () => {
    const schema = JSON.parse(await readFile(path.join(REPO_ROOT, 'schemas/results.schema.json'), 'utf8'));
    expect([...schema.$defs.phase.properties.name.enum].sort()).toEqual([...PHASES].sort());
  });

  it('the shipped decision policy requires every phase, in order', async () => {
    const { policy } = await loadPolicy(path.join(REPO_ROOT, 'config/decision-policy.yaml'));
    expect(policy.requirements.functionalPhases).toEqual([...PHASES]);
    expect(policy.evidence.requiredPhases).toEqual([...PHASES]);
  });

  it('isPhaseName accepts the list and nothing else', () => {
    for (const name of PHASES) expect(isPhaseName(name)).toBe(true);
    expect(isPhaseName('Unit')).toBe(false);
    expect(isPhaseName('bench')).toBe(false);
  });
});
