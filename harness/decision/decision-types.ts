import type {
  AcceptedUnmeasurable,
  BandOutcome,
  FindingId,
  OverheadComparison,
  OverheadStatistic,
} from './policy-types.ts';

/** The outcomes of `decide`, from most to least permissive, then `inconclusive`. */
export type DecisionOutcome = BandOutcome | 'inconclusive';

/** A number (or fact) the decision read, and where in results.json it read it. */
export interface DecisionInput {
  name: string;
  value: number | string | boolean | null;
  /** JSON pointer into results.json. */
  source: string;
}

/** Something the decision noticed, with the outcome it implies on its own. */
export interface Finding {
  id: FindingId;
  /** `inconclusive` for unknowns: the finding says a requirement could not be checked. */
  outcome: DecisionOutcome;
  message: string;
  source: string;
}

/** One row of the success criteria: the policy's target and what the run showed. */
export interface RequirementCheck {
  /** The policy key, e.g. `requirements.maxFallbackRate`. */
  id: string;
  criterion: string;
  target: string;
  actual: string;
  /** null when the run did not measure it. */
  met: boolean | null;
  source: string;
}

export interface BandReading {
  index: number;
  /** e.g. `50 <= x < 100 %`. */
  range: string;
  outcome: BandOutcome;
  /** The band holding the statistic. */
  holdsStatistic: boolean;
  /** The band holds some part of [low, high]. */
  touchedByInterval: boolean;
}

export interface OverheadReading {
  workload: string;
  mode: string;
  baseline: string;
  /** The comparison the policy gates on (overhead.comparison). */
  comparison?: OverheadComparison;
  statistic: OverheadStatistic;
  unit: '%' | 'ms';
  /** null when not measured. */
  value: number | null;
  low: number | null;
  high: number | null;
  /** Confidence of the interval (perf.confidence), null when not measured. */
  confidence: number | null;
  /** Pointer to the overhead record read, null when absent. */
  source: string | null;
  bands: BandReading[];
  /** Band boundaries strictly inside (low, high]: the interval straddles them. */
  straddled: number[];
}

export interface Decision {
  outcome: DecisionOutcome;
  /** The rule that matched, in words, quoting the policy's thresholds. */
  rule: string;
  inputs: DecisionInput[];
  /** Every finding's message, in order: what failed and why, what is missing. */
  reasons: string[];
  gate: { passed: boolean; failedBecause: string[] };
  requirements: RequirementCheck[];
  overhead: OverheadReading;
  findings: Finding[];
  /** Unmeasurable claims on the configured runtime accepted by the policy, with its reasons (printed). */
  acceptedUnmeasurable: AcceptedUnmeasurable[];
}

/** The policy exactly as applied, stored so that `report --from` reproduces the decision. */
export interface StoredPolicy {
  file: string;
  sha256: string;
  text: string;
}

export interface StoredDecision extends Decision {
  policy: StoredPolicy;
}
