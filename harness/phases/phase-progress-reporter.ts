import type { Reporter, TestCase, TestModule, TestSpecification } from 'vitest/node';
import { phaseOfProject } from './phase-names.ts';

/** What the reporter needs of a progress sink (harness/cli/progress.ts). */
export interface PhaseProgressSink {
  (line: string): void;
  status(line: string): void;
}

interface PhaseCount {
  files: number;
  filesDone: number;
  started: boolean;
  passed: number;
  failed: number;
  skipped: number;
  startedMs: number;
}

/** The phase a project's progress counts toward: a phase of several projects is reported as one. */
const phaseOf = (project: { name: string }): string => phaseOfProject(project.name) ?? project.name;

/**
 * A vitest reporter that turns the phase run into progress: a line when a phase (its vitest
 * projects: phaseOfProject) starts, with its file count; a live status `phase: n tests, k of m files`; a line
 * when the phase's last file ends, with its counts and time.
 */
export function createPhaseProgressReporter(
  progress: PhaseProgressSink,
  now: () => number = () => performance.now(),
): Reporter {
  const phases = new Map<string, PhaseCount>();
  const count = (name: string): PhaseCount => {
    let entry = phases.get(name);
    if (!entry) {
      entry = { files: 0, filesDone: 0, started: false, passed: 0, failed: 0, skipped: 0, startedMs: now() };
      phases.set(name, entry);
    }
    return entry;
  };
  const status = (name: string, entry: PhaseCount) =>
    progress.status(
      `${name}: ${entry.passed + entry.failed + entry.skipped} tests (${entry.failed} failed), ${entry.filesDone} of ${entry.files} files`,
    );

  return {
    onTestRunStart(specifications: ReadonlyArray<TestSpecification>) {
      for (const specification of specifications) count(phaseOf(specification.project)).files += 1;
    },
    onTestModuleStart(module: TestModule) {
      const name = phaseOf(module.project);
      const entry = count(name);
      if (!entry.started) {
        entry.started = true;
        entry.startedMs = now();
        progress(`${name}: started, ${entry.files} test file${entry.files === 1 ? '' : 's'}`);
      }
      status(name, entry);
    },
    onTestCaseResult(testCase: TestCase) {
      const name = phaseOf(testCase.project);
      const entry = count(name);
      const state = testCase.result().state;
      if (state === 'passed') entry.passed += 1;
      // A failed test's own line comes from the gate (run-gate.ts prints its id).
      else if (state === 'failed') entry.failed += 1;
      else entry.skipped += 1;
      status(name, entry);
    },
    onTestModuleEnd(module: TestModule) {
      const name = phaseOf(module.project);
      const entry = count(name);
      entry.filesDone += 1;
      if (entry.filesDone === entry.files) {
        const seconds = ((now() - entry.startedMs) / 1000).toFixed(1);
        progress(
          `${name}: done, ${entry.passed} passed, ${entry.failed} failed, ${entry.skipped} skipped in ${seconds} s`,
        );
      } else {
        status(name, entry);
      }
    },
  };
}
