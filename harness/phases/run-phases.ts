import path from 'node:path';
import createDebug from 'debug';
import type { Reporter, TestCase, TestModule, TestSuite } from 'vitest/node';
import { createVitest } from 'vitest/node';
import type { ClaimOutcome } from '../claims/claim.ts';
import { PACKAGE_ROOT, SUITES_ROOT } from '../package-root.ts';
import { phaseOfProject, projectsOfPhase, type PhaseName } from './phase-names.ts';
import type { FileErrorRecord, PhaseRecord, TestRecord, UnhandledErrorRecord } from '../results/results-types.ts';
import type { CollectedRecords, PhaseRun } from './phase-run.ts';

const debug = createDebug('sandbox-gate:phases');

export interface RunPhasesOptions {
  /** Where vitest's JUnit reporter writes. */
  junitFile: string;
  /** One line per finished test, for progress on a terminal. */
  onTest?: (test: TestRecord, phase: string) => void;
  /** More vitest reporters, e.g. the progress of phase-progress-reporter.ts. */
  reporters?: Reporter[];
  /** Clock of the phases' wall times, in ms. @default performance.now */
  now?: () => number;
  /** The folder whose vitest config defines the phases. @default SUITES_ROOT: a checkout's sources, or an installed package's dist/ */
  root?: string;
}

/** Longest error message kept in results.json; a stack of a syntax error can be long. */
const MAX_MESSAGE_CHARS = 4000;

/**
 * Runs the given phases (their vitest projects: projectsOfPhase) through the vitest Node API in one run, and
 * collects every test's outcome and recorded evidence. JUnit XML is written beside.
 */
export async function runPhases(phases: readonly PhaseName[], options: RunPhasesOptions): Promise<PhaseRun> {
  const root = options.root ?? SUITES_ROOT;
  const byPhase = new Map<string, TestRecord[]>(phases.map((phase) => [phase, []]));
  const errorsByPhase = new Map<string, FileErrorRecord[]>(phases.map((phase) => [phase, []]));
  const records: CollectedRecords = { claims: [] };
  const unhandledErrors: UnhandledErrorRecord[] = [];

  // Per phase: when its first file started and its last ended (performance.now() ms).
  const spans = new Map<string, { startMs: number; endMs: number }>();
  const now = options.now ?? (() => performance.now());
  const collector: Reporter = {
    onTestModuleStart(module: TestModule) {
      const phase = phaseOfProject(module.project.name) ?? module.project.name;
      if (!spans.has(phase)) spans.set(phase, { startMs: now(), endMs: Number.NaN });
    },
    onTestModuleEnd(module: TestModule) {
      const span = spans.get(phaseOfProject(module.project.name) ?? module.project.name);
      if (span) span.endMs = now();
    },
    onTestCaseResult(testCase: TestCase) {
      const phase = phaseOfProject(testCase.project.name) ?? testCase.project.name;
      const outcome = toOutcome(testCase, phase, root);
      byPhase.get(phase)?.push(outcome);
      const meta = testCase.meta() as { claim?: ClaimOutcome | ClaimOutcome[]; layerMatrix?: unknown };
      for (const claim of [meta.claim ?? []].flat()) records.claims.push({ ...claim, testIds: [outcome.id] });
      // The test that recorded the matrix is named here, as for claims: only the gate knows the id
      // it gives a test (the file relative to the root it ran from, sources or dist/).
      if (meta.layerMatrix) records.layerMatrix = { ...(meta.layerMatrix as object), testIds: [outcome.id] };
      options.onTest?.(outcome, phase);
    },
    // A file that fails to load has no test case, so onTestCaseResult never hears of it:
    // its errors, and those of suites and hooks, are read from the modules here.
    onTestRunEnd(modules: ReadonlyArray<TestModule>, errors) {
      for (const module of modules)
        errorsByPhase.get(phaseOfProject(module.project.name) ?? '')?.push(...fileErrors(module, root));
      for (const error of errors) {
        const record: UnhandledErrorRecord = { message: describeError(error) };
        const file = error.VITEST_TEST_PATH;
        if (typeof file === 'string') record.file = path.relative(root, file);
        unhandledErrors.push(record);
      }
    },
  };

  debug('Running phases %s', phases.join(', '));
  const junitFile = path.resolve(options.junitFile);
  // The suites name the package's files relative to the working directory
  // (config/learning_system.yaml, seccomp/sandbox-node.json), as `npm test` runs them; vitest's
  // workers inherit the cwd, so the run happens in the package root whatever folder the gate
  // was started from (an installed package: node_modules/sandbox-gate), and the cwd comes back after.
  const cwdBefore = process.cwd();
  const exitCodeBefore = process.exitCode;
  process.chdir(PACKAGE_ROOT);
  try {
    // createVitest + start, not startVitest: startVitest prints and swallows a crash of the run
    // (only process.exitCode tells); here the crash is thrown to the gate.
    const vitest = await createVitest(
      'test',
      {
        root,
        project: phases.flatMap(projectsOfPhase),
        watch: false,
        reporters: [collector, ['junit', {}], ...(options.reporters ?? [])],
        outputFile: { junit: junitFile },
      },
      undefined,
      // vitest's own lines ("JUNIT report written to ...") go to stderr: stdout is the gate's result.
      { stdout: process.stderr },
    );
    try {
      await vitest.start([]);
    } catch (error) {
      // No test file in the chosen phases (vitest's FilesNotFoundError, not exported by vitest/node):
      // the phases come back empty and the decision says so, as with startVitest before.
      if ((error as { code?: unknown }).code !== 'VITEST_FILES_NOT_FOUND') throw error;
    } finally {
      await vitest.close();
    }
  } finally {
    process.chdir(cwdBefore);
    // vitest sets process.exitCode when tests fail; the gate decides its own exit code.
    process.exitCode = exitCodeBefore;
  }

  const outcomes = phases.map((name): PhaseRecord => {
    const tests = byPhase.get(name) ?? [];
    return {
      name,
      tests,
      passed: tests.filter((t) => t.status === 'passed').length,
      failed: tests.filter((t) => t.status === 'failed').length,
      skipped: tests.filter((t) => t.status === 'skipped').length,
      errors: errorsByPhase.get(name) ?? [],
      ...wallOf(spans.get(name)),
    };
  });
  return { phases: outcomes, records, unhandledErrors };
}

function wallOf(span: { startMs: number; endMs: number } | undefined): { wallMs?: number } {
  return span && Number.isFinite(span.endMs) ? { wallMs: Math.round((span.endMs - span.startMs) * 10) / 10 } : {};
}

/** The errors of a test file outside its tests: loading and collecting it, its suites and hooks. */
function fileErrors(module: TestModule, root: string): FileErrorRecord[] {
  const file = path.relative(root, module.moduleId);
  const found: FileErrorRecord[] = module
    .errors()
    .map((error) => ({ file, kind: 'collection', message: describeError(error) }));
  const suites: TestSuite[] = [...module.children.allSuites()];
  for (const suite of suites) {
    for (const error of suite.errors())
      found.push({ file, kind: 'suite', suite: suite.fullName, message: describeError(error) });
  }
  return found;
}

function describeError(error: { name?: string; message: string }): string {
  const name = error.name && !error.message.startsWith(error.name) ? `${error.name}: ` : '';
  return `${name}${error.message}`.slice(0, MAX_MESSAGE_CHARS);
}

function toOutcome(testCase: TestCase, phase: string, root: string): TestRecord {
  const result = testCase.result();
  const file = path.relative(root, testCase.module.moduleId);
  const meta = testCase.meta() as { evidence?: unknown };
  const status = result.state === 'passed' ? 'passed' : result.state === 'failed' ? 'failed' : 'skipped';
  const outcome: TestRecord = {
    id: `${phase}:${file}:${testCase.fullName}`,
    title: testCase.fullName,
    file,
    status,
    durationMs: Math.round((testCase.diagnostic()?.duration ?? 0) * 10) / 10,
  };
  if (meta.evidence !== undefined) outcome.evidence = meta.evidence;
  if (result.state === 'failed')
    outcome.error = result.errors
      ?.map((e) => e.message)
      .join('\n')
      .slice(0, MAX_MESSAGE_CHARS);
  return outcome;
}
