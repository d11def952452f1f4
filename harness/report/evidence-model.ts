import { configRows } from '../config/config-rows.ts';
import type { Decision } from '../decision/decision-types.ts';
import type { Results } from '../results/results-types.ts';
import { claimAnchor, stateOf } from './claim-rows.ts';
import type { PerfMethodModel } from './perf-method-model.ts';
import { LAYER_NAMES, type PerfModel } from './report-model.ts';
import { scoreIntegrityModel } from './score-integrity-model.ts';

/**
 * evidence.md: the raw observations behind the report's short claim rows, one anchored
 * section per claim and runtime (the report links to `evidence.md#<anchor>`), and the layer
 * matrix file by file, every performance figure, each input of the decision with the pointer it
 * was read from, and the effective configuration key by key. Everything is read from results.json.
 */
export interface EvidenceModel {
  runId: string;
  claims: {
    anchor: string;
    id: string;
    runtime: string;
    layerName: string;
    /** Not `state`: that is a report helper. */
    claimState: string;
    reason: string;
    statement: string;
    relaxes: string;
    testIds: string[];
    checks: { name: string; passed: boolean; expected: string; unmeasurable: string; observed: string }[];
  }[];
  matrix: { rows: NonNullable<Results['layerMatrix']>['files']; testIds: string[] } | null;
  /** Every performance figure (the report prints those the decision read); null when the perf phase did not run. */
  perf: PerfModel | null;
  perfMethod: PerfMethodModel | null;
  /** The numbers the decision read, each with its JSON pointer into results.json (the report's Rationale links here). */
  decisionInputs: Decision['inputs'];
  /** The tests whose evidence the report's Score integrity section prints (it links here); null when neither ran. */
  scoreIntegrityTests: { rates: string[]; cost: string | null } | null;
  /** The run's effective sandbox configuration, one row per key (the report's Run and environment links here). */
  effectiveConfig: { name: string; value: string }[];
}

/**
 * `performance`: the report model's perf figures, so both files print the same numbers the same
 * way; `decision`: the decision the report was rendered from (its inputs are printed here).
 */
export function buildEvidenceModel(
  results: Results,
  performance: { perf: PerfModel | null; perfMethod: PerfMethodModel | null } = { perf: null, perfMethod: null },
  decision: Pick<Decision, 'inputs'> = { inputs: [] },
): EvidenceModel {
  return {
    runId: results.runId,
    claims: results.claims.map((claim) => {
      const { state, reason } = stateOf(claim);
      return {
        anchor: claimAnchor(claim),
        id: claim.id,
        runtime: claim.runtime,
        layerName: LAYER_NAMES[claim.layer] ?? `layer ${claim.layer}`,
        claimState: state,
        reason,
        statement: claim.statement,
        relaxes: claim.relaxes,
        testIds: claim.testIds,
        checks: (['probe', 'control', 'functionality'] as const).map((name) => ({
          name,
          passed: claim[name].passed,
          expected: claim[name].expected,
          unmeasurable: claim[name].unmeasurable ?? '',
          observed: JSON.stringify(claim[name].observed, null, 2),
        })),
      };
    }),
    matrix: results.layerMatrix
      ? { rows: results.layerMatrix.files, testIds: results.layerMatrix.testIds ?? [] }
      : null,
    perf: performance.perf,
    perfMethod: performance.perfMethod,
    scoreIntegrityTests: scoreIntegrityTests(results),
    decisionInputs: decision.inputs,
    effectiveConfig: configRows(results.config, results.configSource?.text),
  };
}

function scoreIntegrityTests(results: Results): EvidenceModel['scoreIntegrityTests'] {
  const model = scoreIntegrityModel(results);
  if (!model.testIds.length && !model.cost) return null;
  return { rates: model.testIds, cost: model.cost?.testId ?? null };
}
