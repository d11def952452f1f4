import type { PhaseName } from '../phases/phase-names.ts';

/**
 * The decision policy (`config/decision-policy.yaml`), validated. Every threshold the gate
 * applies lives here; the code only applies them.
 */

/** From most to least permissive; `inconclusive` is not a band, it is the absence of one answer. */
export const BAND_OUTCOMES = ['enable-by-default', 'optional', 'document-only', 'do-not-enable'] as const;
export type BandOutcome = (typeof BAND_OUTCOMES)[number];

export const OVERHEAD_STATISTICS = [
  'percent.estimate',
  'percent.low',
  'percent.high',
  'differenceMs.estimate',
  'differenceMs.low',
  'differenceMs.high',
] as const;
export type OverheadStatistic = (typeof OVERHEAD_STATISTICS)[number];

/** How much CPU the compared modes had: the sandbox's cost at equal CPU, or with the configured quota. */
export const OVERHEAD_COMPARISONS = ['equal-cpu', 'configured-quota'] as const;
export type OverheadComparison = (typeof OVERHEAD_COMPARISONS)[number];

/** What a finding is about; `gate.failOn` lists finding ids and outcomes. */
export const FINDING_IDS = [
  'functional-test-failed',
  'claim-refuted',
  'claim-unmeasurable',
  'fallback-rate-exceeded',
  'success-rate-below-minimum',
  'containers-leaked',
  'soak-heap-grows',
  'soak-rss-grows',
  'soak-handles-left',
  'benchmark-executions-failed',
  'overhead-straddles-threshold',
  'phase-not-run',
  'not-measured',
  'evidence-missing',
  'measurement-noisy',
] as const;
export type FindingId = (typeof FINDING_IDS)[number];

export const GATE_OUTCOMES = ['optional', 'document-only', 'do-not-enable', 'inconclusive'] as const;
export type GateCondition = FindingId | (typeof GATE_OUTCOMES)[number];

/** One row of the overhead table: `from <= value < below`; a missing bound is open. */
export interface OverheadBand {
  from?: number;
  below?: number;
  outcome: BandOutcome;
}

/** A claim on a runtime whose `unmeasurable` state is accepted, with the reason written down. */
export interface AcceptedUnmeasurable {
  claim: string;
  runtime: string;
  reason: string;
}

export interface DecisionPolicy {
  version: 1;
  requirements: {
    allFunctionalTestsPass: boolean;
    /** The phases whose tests count as functional tests. */
    functionalPhases: PhaseName[];
    /** Every claim upheld on the configured runtime (refuted: onUnmet; unmeasurable: inconclusive). */
    allClaimsUpheld: boolean;
    /** Unmeasurable claims on a runtime that do not make the decision inconclusive; printed in the report. */
    acceptedUnmeasurable: AcceptedUnmeasurable[];
    /** Two-sided confidence of the Wilson score intervals the rate thresholds are applied to. */
    rateConfidence: number;
    /** Met when the upper bound of the fallback rate's interval < maxFallbackRate. */
    maxFallbackRate: number;
    /** Met when the lower bound of the success rate's interval >= minSuccessRate. */
    minSuccessRate: number;
    /** Met when perf.failedExecutions <= maxFailedBenchmarkExecutions. */
    maxFailedBenchmarkExecutions: number;
    /** Met when leakedContainers <= maxLeakedContainers. */
    maxLeakedContainers: number;
    /** Met when the upper bound of the soak's heap slope <= this (B/exec). Absent in a policy file: not checked. */
    maxSoakHeapSlopeBytesPerExecution: number | null;
    /** Met when the upper bound of the soak's RSS slope <= this (B/exec). Absent in a policy file: not checked. */
    maxSoakRssSlopeBytesPerExecution: number | null;
    /** Met when the soak's open handles after close exceed those before it by at most this. Absent: not checked. */
    maxSoakHandleGrowth: number | null;
    /** The outcome when any requirement is not met. */
    onUnmet: BandOutcome;
  };
  evidence: {
    /** A complete run has every one of these phases (and every functional phase); a missing one is `phase-not-run`. */
    requiredPhases: PhaseName[];
    /**
     * Runtimes on which every claim of the registry must be recorded when the engine has them
     * (environment.runtimes); the configured runtime is required whatever this says.
     */
    claimRuntimes: string[];
  };
  overhead: {
    workload: string;
    mode: string;
    baseline: string;
    /** Which comparison the gate reads: perf.cpu.comparison must match (see the policy file). Absent in a policy file: configured-quota. */
    comparison: OverheadComparison;
    /** A run whose perf.calibration.drift exceeds this fraction is noisy: inconclusive. Absent (null): no noise check. */
    maxCalibrationDrift: number | null;
    statistic: OverheadStatistic;
    /** What to do when [low, high] crosses a band boundary. */
    onStraddle: 'inconclusive' | 'use-statistic';
    bands: OverheadBand[];
  };
  gate: { failOn: GateCondition[] };
  monitoring: {
    /** The alert threshold on the fallback rate printed in the report. */
    alertFallbackRate: number;
    /** Alert when p95 of sandbox_execution_time_seconds exceeds this multiple of the measured p95. */
    latencyAlertFactor: number;
  };
  risks: {
    /** A mode x workload whose sd / mean exceeds this is listed as a risk (noisy measurement). */
    maxCoefficientOfVariation: number;
  };
  /** What each outcome writes to `sandbox.enabled` in the rendered configuration. */
  outcomeConfig: OutcomeConfig;
}

/** `true` / `false` are written to `sandbox.enabled`; `keep` leaves the user's value (or its absence). */
export type EnabledSetting = boolean | 'keep';

/** The outcome -> configuration mapping (`outcomeConfig` in the policy). */
export type OutcomeConfig = Record<BandOutcome | 'inconclusive', { sandboxEnabled: EnabledSetting }>;

/**
 * The mapping a policy without `outcomeConfig` gets: the one sandbox-gate applied before the
 * mapping became policy data, so a policy stored in an older results.json re-renders the same.
 */
export const DEFAULT_OUTCOME_CONFIG: OutcomeConfig = {
  'enable-by-default': { sandboxEnabled: true },
  optional: { sandboxEnabled: 'keep' },
  'document-only': { sandboxEnabled: false },
  'do-not-enable': { sandboxEnabled: false },
  inconclusive: { sandboxEnabled: 'keep' },
};

/** A policy with where it came from; `text` and `sha256` are stored in results.json with the decision. */
export interface LoadedPolicy {
  /** The path it was read from, or `<results.json>#/decision/policy` when re-read from a run. */
  file: string;
  text: string;
  sha256: string;
  policy: DecisionPolicy;
}
