// Each test reproduces a way a run used to pass the gate on evidence it did not have (issue 11,
// findings 1, 2 and 5) and shows the gate failing now.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decide } from '../../harness/decision/decide.ts';
import { parsePolicy } from '../../harness/decision/load-policy.ts';
import { runPhases } from '../../harness/phases/run-phases.ts';
import type { PhaseRecord } from '../../harness/results/results-types.ts';
import { validateResults } from '../../harness/results/validate-results.ts';
import { writeLostFilesProject } from '../phases/lost-test-files.fixture.ts';
import { defaultPolicy, sampleResults, setPolicyOverhead, withRunsc } from './support.ts';

const policy = defaultPolicy().policy;
/** The sample run, with an overhead that would enable by default: only what a test removes can fail it. */
const enabling = () => setPolicyOverhead(sampleResults(), 20, 25, 30);

describe('finding 1: a test file that fails to load, a broken hook, an unhandled error', () => {
  it('a real vitest run of files whose top level throws, whose import fails, whose beforeAll throws: recorded, counted, gate fails', async () => {
    const root = await writeLostFilesProject();
    try {
      // A clock that moves 1 s a reading: the phase's wall time is first file start to last file end.
      let readings = 0;
      const now = () => 1000 * readings++;
      const run = await runPhases(['unit'], { junitFile: path.join(root, 'junit.xml'), root, now });
      const unit = run.phases[0]!;
      // One reading at the first file's start, then one at each file's end: 1 s per file.
      expect(readings).toBeGreaterThan(1);
      expect(unit.wallMs).toBe(1000 * (readings - 1));
      // What the old collector saw: 2 passed, 0 failed, 1 skipped, and nothing else.
      expect({ passed: unit.passed, failed: unit.failed, skipped: unit.skipped }).toEqual({
        passed: 2,
        failed: 0,
        skipped: 1,
      });
      expect(unit.errors.map((e) => [e.file, e.kind])).toEqual(
        expect.arrayContaining([
          ['t/top-level-throws.test.mjs', 'collection'],
          ['t/import-fails.test.mjs', 'collection'],
          ['t/hook-throws.test.mjs', 'suite'],
        ]),
      );
      expect(unit.errors.find((e) => e.file === 't/top-level-throws.test.mjs')!.message).toBe(
        'Error: top level of this file throws',
      );
      expect(run.unhandledErrors).toEqual([{ message: 'Error: nobody awaited this', file: 't/unhandled.test.mjs' }]);

      const results = sampleResults();
      const index = results.phases.findIndex((phase) => phase.name === 'unit');
      results.phases[index] = { ...(unit as PhaseRecord), tests: unit.tests.map((t) => ({ ...t })) };
      results.unhandledErrors = run.unhandledErrors;
      validateResults(JSON.parse(JSON.stringify(results)), 'with-lost-files.json');
      const decision = decide(setPolicyOverhead(results, 20, 25, 30), policy);
      expect(decision.outcome).toBe('do-not-enable');
      expect(decision.gate.passed).toBe(false);
      expect(decision.gate.failedBecause).toEqual(
        expect.arrayContaining([
          'functional-test-failed: test file t/top-level-throws.test.mjs (phase unit) failed to load, so none of its tests ran: Error: top level of this file throws',
          'functional-test-failed: test file t/hook-throws.test.mjs (phase unit) has a suite (suite with a broken hook) whose code or hooks threw: Error: beforeAll broke',
          'functional-test-failed: unhandled error during the run (test file t/unhandled.test.mjs): Error: nobody awaited this',
        ]),
      );
      expect(decision.requirements.find((r) => r.id === 'requirements.allFunctionalTestsPass')!.actual).toMatch(
        /^4 failed of \d+ tests, \d+ skipped, 3 test file error\(s\), 1 unhandled error\(s\)$/,
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('the schema requires the error lists: a results.json without them is rejected, not read as "no errors"', () => {
    const results = sampleResults() as unknown as Record<string, any>;
    delete results.unhandledErrors;
    expect(() => validateResults(results, 'old.json')).toThrow(
      /old\.json: \/unhandledErrors: expected a value \(the key is required\)/,
    );
    const again = sampleResults() as unknown as Record<string, any>;
    delete again.phases[0].errors;
    expect(() => validateResults(again, 'old.json')).toThrow(/\/phases\/0\/errors: expected a value/);
  });
});

describe('finding 2: missing evidence', () => {
  it('removing the 19 runc seccomp claims fails the gate with evidence-missing naming them', () => {
    const results = enabling();
    const before = results.claims.length;
    results.claims = results.claims.filter((claim) => claim.layer !== '3');
    expect(before - results.claims.length).toBe(19);
    const decision = decide(results, policy);
    expect(decision.outcome).toBe('inconclusive');
    expect(decision.gate.passed).toBe(false);
    expect(decision.gate.failedBecause[0]).toMatch(
      /^evidence-missing: 19 of the 34 claims of the registry were not recorded on runtime runc: seccomp-/,
    );
    expect(decision.requirements.find((r) => r.id === 'requirements.allClaimsUpheld')).toMatchObject({
      met: null,
      actual: expect.stringMatching(/^15 of 15 upheld on runc; not recorded: seccomp-/),
    });
  });

  it('removing one claim is enough', () => {
    const results = enabling();
    results.claims = results.claims.filter((claim) => claim.id !== 'pids-limit');
    expect(decide(results, policy).gate.failedBecause).toEqual([
      'evidence-missing: 1 of the 34 claims of the registry were not recorded on runtime runc: pids-limit',
    ]);
  });

  it('a runtime the engine has on which no claim was recorded fails the gate; one it does not have is not expected', () => {
    const results = enabling();
    results.environment.runtimes = ['io.containerd.runc.v2', 'runc', 'runsc'];
    const decision = decide(results, policy);
    expect(decision.outcome).toBe('enable-by-default');
    expect(decision.gate.failedBecause).toEqual([
      'evidence-missing: no security claim was recorded in /claims for the runtime runsc (the engine has it: environment.runtimes, evidence.claimRuntimes), so none can be said to be upheld there',
    ]);
    const complete = withRunsc(enabling());
    complete.environment.runtimes.push('io.containerd.runc.v2');
    expect(decide(complete, policy).gate).toEqual({ passed: true, failedBecause: [] });
  });

  it('the configured runtime is required even when the engine does not list it', () => {
    const results = enabling();
    results.config.docker.runtime = 'runsc';
    const decision = decide(results, policy);
    expect(decision.gate.failedBecause[0]).toMatch(
      /^evidence-missing: no security claim was recorded in \/claims for the configured runtime runsc/,
    );
  });

  it('removing the unit phase fails the gate, and the requirement row names the phases that ran and the one that did not', () => {
    const results = enabling();
    results.phases = results.phases.filter((phase) => phase.name !== 'unit');
    const decision = decide(results, policy);
    expect(decision.outcome).toBe('inconclusive');
    expect(decision.gate.passed).toBe(false);
    expect(decision.gate.failedBecause).toEqual([expect.stringMatching(/^phase-not-run: phase unit did not run/)]);
    const row = decision.requirements.find((r) => r.id === 'requirements.allFunctionalTestsPass')!;
    expect(row.criterion).toBe(
      'every functional test passes and every test file loads (phases run: lifecycle, limits, seccomp, integration, perf; not run: unit)',
    );
    expect(row.met).toBeNull();
  });

  it('a functional phase missing from evidence.requiredPhases is still required', () => {
    const text = defaultPolicy().text.replace(
      'requiredPhases: [unit, lifecycle, limits, seccomp, integration, perf]',
      'requiredPhases: [lifecycle]',
    );
    const results = enabling();
    results.phases = results.phases.filter((phase) => phase.name !== 'unit');
    expect(decide(results, parsePolicy(text, 'narrow.yaml').policy).gate.passed).toBe(false);
  });

  it('a claim that is not in the recorded registry, or a state that does not follow from its checks, is rejected', () => {
    const unknownClaim = sampleResults();
    unknownClaim.claims[0]!.id = 'made-up-claim';
    expect(() => validateResults(unknownClaim, 'r.json')).toThrow(
      /\/claims\/0\/id: expected the id of a claim in \/claimRegistry/,
    );
    const typedIn = sampleResults();
    typedIn.claims[0]!.probe.passed = false;
    expect(() => validateResults(typedIn, 'r.json')).toThrow(
      /\/claims\/0\/state: expected refuted, the state its probe, control and functionality checks give/,
    );
  });
});

describe('finding 5: failed benchmark executions decide', () => {
  it('one failed benchmark execution gives do-not-enable and a red gate', () => {
    const results = enabling();
    results.perf!.failedExecutions = 1;
    const decision = decide(results, policy);
    expect(decision.outcome).toBe('do-not-enable');
    expect(decision.gate.failedBecause[0]).toBe(
      'benchmark-executions-failed: 1 benchmark execution(s) failed (/perf/failedExecutions), more than requirements.maxFailedBenchmarkExecutions 0',
    );
  });

  it('a perf record without failedExecutions is missing evidence, never 0', () => {
    const results = enabling();
    delete results.perf!.failedExecutions;
    const decision = decide(results, policy);
    expect(decision.outcome).toBe('inconclusive');
    expect(decision.gate.failedBecause).toEqual([
      'evidence-missing: the perf record has no failedExecutions (/perf/failedExecutions), so failed benchmark executions cannot be ruled out',
    ]);
    expect(decision.requirements.find((r) => r.id === 'requirements.maxFailedBenchmarkExecutions')).toMatchObject({
      met: null,
      actual: 'not recorded in /perf/failedExecutions',
    });
  });
});
