import { attachDecision } from '../decision/attach-decision.ts';
import type { StoredDecision } from '../decision/decision-types.ts';
import type { LoadedPolicy } from '../decision/policy-types.ts';
import type { ConfigSourceRecord, Results } from '../results/results-types.ts';
import { renderAll } from './render-report.ts';

export interface RenderedRun {
  /** The results to write as results.json: with the configuration text and the decision (and its policy) stored. */
  results: Results & { decision: StoredDecision; configSource: ConfigSourceRecord };
  report: string;
  evidence: string;
  config: string;
  alerts: string;
}

/**
 * The last step of a run: stores the configuration text and the decision of `policy` in the
 * results, and renders the report and the config from exactly what is stored, so that
 * `sandbox-gate report --from results.json` later reproduces both byte for byte.
 */
export function decideAndRender(results: Results, policy: LoadedPolicy, config: ConfigSourceRecord): RenderedRun {
  const stored = attachDecision({ ...results, configSource: { file: config.file, text: config.text } }, policy);
  const rendered = renderAll(stored, policy, config.text, { configFile: config.file });
  return {
    results: stored as RenderedRun['results'],
    report: rendered.report,
    evidence: rendered.evidence,
    config: rendered.config,
    alerts: rendered.alerts,
  };
}
