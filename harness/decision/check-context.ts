import type { Results } from '../results/results-types.ts';
import type { DecisionInput, Finding, RequirementCheck } from './decision-types.ts';
import type { AcceptedUnmeasurable, DecisionPolicy } from './policy-types.ts';

/** What each check of `decide` reads and appends to. */
export interface CheckContext {
  results: Results;
  policy: DecisionPolicy;
  findings: Finding[];
  inputs: DecisionInput[];
  requirements: RequirementCheck[];
  /** Unmeasurable claims on the configured runtime that the policy accepts (filled by checkClaims). */
  acceptedUnmeasurable: AcceptedUnmeasurable[];
  /**
   * Records what could not be checked: `evidence-missing` when every phase ran (the run is
   * broken), `not-measured` otherwise. `aboutRequirements` (default true): a requirement might
   * therefore be unmet, so the decision cannot rule out `requirements.onUnmet`.
   */
  unknown(message: string, source: string, aboutRequirements?: boolean): void;
}
