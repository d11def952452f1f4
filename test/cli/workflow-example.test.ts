import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/** The GitHub Actions example users copy; .ci/run also checks it with a workflow linter. */
const WORKFLOW = fileURLToPath(new URL('../../examples/github-actions/sandbox-gate.yml', import.meta.url));

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
}

const workflow = parse(readFileSync(WORKFLOW, 'utf8')) as {
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
};
const steps = workflow.jobs.gate!.steps;
const gate = steps.find((step) => step.run?.startsWith('npx sandbox-gate run'))!;
const audit = steps.find((step) => step.run?.includes('sandbox-gate audit'))!;
const upload = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif'))!;

describe('the GitHub Actions example would work on GitHub', () => {
  it('may upload SARIF: permissions security-events: write', () => {
    expect(workflow.permissions?.['security-events']).toBe('write');
  });

  it('audits after a red gate too, and uploads only what the audit wrote', () => {
    expect(audit.if).toMatch(/^always\(\)/);
    expect(upload.if).toMatch(/^always\(\) && hashFiles\('audit\.sarif'\) != ''$/);
    expect(audit.run).toMatch(/> audit\.sarif$/);
  });

  it("audits the run just made, with the CLI's current flags", () => {
    const out = /--out (\S+)/.exec(gate.run!)![1];
    expect(audit.run).toContain(`--results ${out}/results.json`);
    expect(audit.run).toContain('--sarif');
    expect(audit.run).not.toContain('--format');
    expect(audit.run).not.toContain('reports/example');
  });
});
