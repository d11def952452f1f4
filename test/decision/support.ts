import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePolicy } from '../../harness/decision/load-policy.ts';
import type { LoadedPolicy } from '../../harness/decision/policy-types.ts';
import type { ClaimCheck } from '../../harness/claims/claim.ts';
import { claimState } from '../../harness/claims/claim-state.ts';
import type { ClaimRecord, Results } from '../../harness/results/results-types.ts';

export const FIXTURE_FILE = fileURLToPath(new URL('../fixtures/results/sample-results.json', import.meta.url));
export const POLICY_FILE = fileURLToPath(new URL('../../config/decision-policy.yaml', import.meta.url));
/**
 * The shipped policy, with its overhead read from the sp500 row of the fixture: the sample
 * results were built so that this row crosses into document-only, which the tests of the
 * decision and the rendering rely on. The shipped workload (universe-1s) is checked as such
 * in load-policy.test.ts.
 */
export const SHIPPED_POLICY_TEXT = readFileSync(POLICY_FILE, 'utf8');
export const POLICY_TEXT = SHIPPED_POLICY_TEXT.replace(/^ {2}workload: universe-1s$/m, '  workload: sp500');

/** A fresh copy of the sample results (test data): each test edits its own. */
export function sampleResults(): Results {
  return JSON.parse(readFileSync(FIXTURE_FILE, 'utf8')) as Results;
}

/** The project's default policy, as shipped in config/decision-policy.yaml. */
export function defaultPolicy(): LoadedPolicy {
  return parsePolicy(POLICY_TEXT, 'config/decision-policy.yaml');
}

/** Sets the interval the default policy reads: percent of its mode over its baseline on its workload. */
export function setPolicyOverhead(results: Results, low: number, estimate: number, high: number): Results {
  const { mode, workload, baseline } = defaultPolicy().policy.overhead;
  const row = results.perf!.overheads.find(
    (o) => o.mode === mode && o.workload === workload && o.baselineMode === baseline,
  )!;
  row.percent = { estimate, low, high };
  return results;
}

/**
 * Sets reliability counts and the rates that follow from them. `degradedOk` of the ok
 * executions fell back and returned ok (degraded): they are not successes.
 */
export function setReliability(
  results: Results,
  executions: number,
  failures: number,
  fallbacks: number,
  degradedOk = 0,
): Results {
  const successes = executions - failures - degradedOk;
  results.reliability = {
    ...results.reliability,
    executions,
    failures,
    successes,
    fallbacks,
    fallbackRate: fallbacks / executions,
    successRate: successes / executions,
    byStatus: { ok: executions - failures, error: failures },
  };
  return results;
}

/** Marks a claim refuted: its probe got through (or, with `functionality`, the benign workload broke). */
export function refute(
  claim: ClaimRecord,
  probe: ClaimCheck,
  functionality: ClaimCheck = claim.functionality,
): ClaimRecord {
  claim.probe = probe;
  claim.functionality = functionality;
  const { state, reason } = claimState(claim.probe, claim.control, claim.functionality);
  Object.assign(claim, { state, reason, upheld: state === 'upheld' });
  return claim;
}

/** Marks a claim unmeasurable: its control could not be made, for `why`. */
export function unmeasurable(claim: ClaimRecord, why: string): ClaimRecord {
  claim.control = { ...claim.control, passed: false, unmeasurable: why };
  const { state, reason } = claimState(claim.probe, claim.control, claim.functionality);
  Object.assign(claim, { state, reason, upheld: state === 'upheld' });
  return claim;
}

/** The engine also has runsc, and every claim was recorded there too, upheld (a copy of runc's). */
export function withRunsc(results: Results): Results {
  results.environment.runtimes = ['runc', 'runsc'];
  results.claims.push(
    ...results.claims
      .filter((claim) => claim.runtime === 'runc')
      .map((claim) => ({ ...structuredClone(claim), runtime: 'runsc' })),
  );
  return results;
}
