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

  it('integration is two projects: audit-drift alone, the rest beside each other; each maps back to its phase', () => {
    const projects = (vitestConfig.test?.projects ?? []) as Array<{
      test: { name: string; include: string[]; exclude?: string[]; fileParallelism?: boolean };
    }>;
    const byName = new Map(projects.map((project) => [project.test.name, project.test]));
    expect(projectsOfPhase('integration')).toEqual(['integration', 'integration-alone']);
    expect(byName.get('integration')).toMatchObject({
      fileParallelism: true,
      exclude: [expect.stringMatching(/audit-drift/)],
    });
    expect(byName.get('integration-alone')).toMatchObject({
      fileParallelism: false,
      include: [expect.stringMatching(/^suites\/integration\/audit-drift\.test\.ts$/)],
    });
    expect(projectsOfPhase('limits')).toEqual(['limits']);
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
