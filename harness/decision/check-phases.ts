import { pointer } from '../results/json-pointer.ts';
import { PHASES, type PhaseName } from '../phases/phase-names.ts';
import type { CheckContext } from './check-context.ts';

/**
 * The phases that must be present: every required phase and every functional phase, in the
 * order the phases run (PHASES). A partial run is missing them too (finding phase-not-run).
 */
export function missingPhases(context: Pick<CheckContext, 'results' | 'policy'>): PhaseName[] {
  const { policy, results } = context;
  const wanted = new Set([...policy.requirements.functionalPhases, ...policy.evidence.requiredPhases]);
  const present = new Set(results.phases.map((phase) => phase.name));
  return PHASES.filter((name) => wanted.has(name) && !present.has(name));
}

/**
 * Functional failures: failed tests, test files that failed to load or whose suites or hooks
 * threw (phases[].errors), and unhandled errors of the run. Each is one failure, named by its
 * file; none can vanish because it has no test case.
 */
export function checkFunctionalTests(context: CheckContext): void {
  const { results, policy, findings, inputs, requirements } = context;
  const req = policy.requirements;
  let total = 0;
  let failed = 0;
  let skipped = 0;
  let fileErrors = 0;
  const fail = (source: string, message: string): void => {
    failed += 1;
    findings.push({ id: 'functional-test-failed', outcome: req.onUnmet, source, message });
  };
  results.phases.forEach((phase, phaseIndex) => {
    if (!req.functionalPhases.includes(phase.name)) return;
    phase.tests.forEach((test, testIndex) => {
      total += 1;
      if (test.status === 'skipped') skipped += 1;
      if (test.status === 'failed')
        fail(
          pointer('phases', phaseIndex, 'tests', testIndex),
          `test ${test.id} (phase ${phase.name}, ${test.file}) failed: ${firstLine(test.error) ?? 'no error message was recorded'}`,
        );
    });
    phase.errors.forEach((error, errorIndex) => {
      fileErrors += 1;
      const what =
        error.kind === 'collection'
          ? 'failed to load, so none of its tests ran'
          : `has a suite${error.suite ? ` (${error.suite})` : ''} whose code or hooks threw`;
      fail(
        pointer('phases', phaseIndex, 'errors', errorIndex),
        `test file ${error.file} (phase ${phase.name}) ${what}: ${firstLine(error.message) ?? 'no error message was recorded'}`,
      );
    });
  });
  results.unhandledErrors.forEach((error, index) => {
    fail(
      pointer('unhandledErrors', index),
      `unhandled error during the run${error.file ? ` (test file ${error.file})` : ''}: ${firstLine(error.message) ?? 'no error message was recorded'}`,
    );
  });
  inputs.push({
    name: 'functional tests failed (tests, test files and unhandled errors)',
    value: failed,
    source: '/phases',
  });
  inputs.push({ name: 'functional tests recorded', value: total, source: '/phases' });
  const ran = results.phases.filter((phase) => req.functionalPhases.includes(phase.name)).map((phase) => phase.name);
  const absent = req.functionalPhases.filter((name) => !ran.includes(name));
  const extras = [
    skipped ? `${skipped} skipped` : '',
    fileErrors ? `${fileErrors} test file error(s)` : '',
    results.unhandledErrors.length ? `${results.unhandledErrors.length} unhandled error(s)` : '',
  ].filter(Boolean);
  requirements.push({
    id: 'requirements.allFunctionalTestsPass',
    criterion: `every functional test passes and every test file loads (phases run: ${ran.length ? ran.join(', ') : 'none'}${absent.length ? `; not run: ${absent.join(', ')}` : ''})`,
    target: '0 failed',
    actual: `${failed} failed of ${total} tests${extras.length ? `, ${extras.join(', ')}` : ''}${absent.length ? `; phases not run: ${absent.join(', ')}` : ''}`,
    met: failed > 0 ? false : absent.length > 0 || total === 0 ? null : true,
    source: '/phases',
  });
}

export function firstLine(text: string | undefined): string | undefined {
  const line = text?.split('\n').find((candidate) => candidate.trim() !== '');
  return line?.trim();
}
