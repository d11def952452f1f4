import path from 'node:path';
import createDebug from 'debug';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { startVitest } from 'vitest/node';
import type { ClaimOutcome } from '../claims/claim.ts';
import { REPO_ROOT } from '../sandbox/docker/image.ts';
import type { PhaseName } from './phase-names.ts';
import type { CollectedRecords, PhaseOutcome, TestOutcome } from './test-outcome.ts';

const debug = createDebug('sandbox-gate:phases');

export interface RunPhasesOptions {
  /** Where vitest's JUnit reporter writes. */
  junitFile: string;
  /** One line per finished test, for progress on a terminal. */
  onTest?: (test: TestOutcome, phase: string) => void;
  /** More vitest reporters, e.g. the progress of phase-progress-reporter.ts. */
  reporters?: Reporter[];
}

/**
 * Runs the given phases (vitest projects) through the vitest Node API in one run, and
 * collects every test's outcome and recorded evidence. JUnit XML is written beside.
 */
export async function runPhases(phases: readonly PhaseName[], options: RunPhasesOptions): Promise<{ phases: PhaseOutcome[]; records: CollectedRecords; unhandledErrors: string[] }> {
  const byPhase = new Map<string, TestOutcome[]>(phases.map((phase) => [phase, []]));
  const records: CollectedRecords = { claims: [] };
  const unhandledErrors: string[] = [];

  const collector: Reporter = {
    onTestCaseResult(testCase: TestCase) {
      const phase = testCase.project.name;
      const outcome = toOutcome(testCase, phase);
      byPhase.get(phase)?.push(outcome);
      const meta = testCase.meta() as { claim?: ClaimOutcome | ClaimOutcome[]; layerMatrix?: unknown };
      for (const claim of [meta.claim ?? []].flat()) records.claims.push({ ...claim, testIds: [outcome.id] });
      if (meta.layerMatrix) records.layerMatrix = meta.layerMatrix;
      options.onTest?.(outcome, phase);
    },
    onTestRunEnd(_modules: ReadonlyArray<TestModule>, errors) {
      for (const error of errors) unhandledErrors.push(`${error.name ?? 'Error'}: ${error.message}`);
    },
  };

  const exitCodeBefore = process.exitCode;
  debug('Running phases %s', phases.join(', '));
  const vitest = await startVitest(
    'test',
    [],
    {
      root: REPO_ROOT,
      project: [...phases],
      watch: false,
      reporters: [collector, ['junit', {}], ...(options.reporters ?? [])],
      outputFile: { junit: options.junitFile },
    },
    undefined,
    // vitest's own lines ("JUNIT report written to ...") go to stderr: stdout is the gate's result.
    { stdout: process.stderr },
  );
  await vitest.close();
  // startVitest sets process.exitCode when tests fail; the gate decides its own exit code.
  process.exitCode = exitCodeBefore;

  const outcomes = phases.map((name): PhaseOutcome => {
    const tests = byPhase.get(name) ?? [];
    return {
      name,
      tests,
      passed: tests.filter((t) => t.status === 'passed').length,
      failed: tests.filter((t) => t.status === 'failed').length,
      skipped: tests.filter((t) => t.status === 'skipped').length,
    };
  });
  return { phases: outcomes, records, unhandledErrors };
}

function toOutcome(testCase: TestCase, phase: string): TestOutcome {
  const result = testCase.result();
  const file = path.relative(REPO_ROOT, testCase.module.moduleId);
  const meta = testCase.meta() as { evidence?: unknown };
  const status = result.state === 'passed' ? 'passed' : result.state === 'failed' ? 'failed' : 'skipped';
  const outcome: TestOutcome = {
    id: `${phase}:${file}:${testCase.fullName}`,
    title: testCase.fullName,
    file,
    status,
    durationMs: Math.round((testCase.diagnostic()?.duration ?? 0) * 10) / 10,
  };
  if (meta.evidence !== undefined) outcome.evidence = meta.evidence;
  if (result.state === 'failed') outcome.error = result.errors?.map((e) => e.message).join('\n').slice(0, 4000);
  return outcome;
}
