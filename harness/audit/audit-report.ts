import type { ClaimOutcome, ClaimState } from '../claims/claim.ts';
import type { ContainerCheck } from './container-check.ts';
import type { BenchCheck } from './docker-bench-equivalent.ts';

/** A claim re-run now, with the config key its control relaxes (for locations in SARIF). */
export interface AuditedClaim extends ClaimOutcome {
  /** The key its relaxation declares (ClaimRelaxation.configKey), e.g. `sandbox.docker.read_only_rootfs`. */
  configKey: string;
}

/** A claim not re-run, and why (its `runtimes` exclude the configured runtime). */
export interface NotApplicableClaim {
  id: string;
  reason: string;
}

/** One claim of a report compared with what the sandbox does now. */
export interface ReportClaimComparison {
  id: string;
  /** What the report said. */
  upheldInReport: boolean;
  stateInReport: ClaimState;
  /** What the audit found now; null when the audit did not re-run it (unknown or out of scope). */
  upheldNow: boolean | null;
  stateNow: ClaimState | null;
  /** Index in the report's `claims` array, for locations. */
  index: number;
}

export interface ReportComparison {
  /** The results.json compared with, as given. */
  file: string;
  claims: ReportClaimComparison[];
  /** The report says upheld; the audit found it is not. */
  noLongerHolds: string[];
  /** The report makes them; the registry has no such claim, so they cannot be re-verified. */
  unknownToRegistry: string[];
  /** The report says not upheld; the audit found them upheld now (informational). */
  holdsNow: string[];
  /** Registry claims the report does not mention (informational). */
  notInReport: string[];
  /** Entries of the report's `claims` that are not `{ id: string, upheld: boolean }` (each a failure). */
  malformed: Array<{ index: number; found: unknown }>;
}

export interface ContainerAudit {
  containerId: string;
  imageRef: string;
  checks: ContainerCheck[];
  /** docker-bench-security's checks restated on the same inspect data, for comparison only. */
  dockerBenchEquivalent: BenchCheck[];
}

export interface AuditReport {
  tool: 'sandbox-gate audit';
  /** Absolute path of the config audited. */
  configFile: string;
  runtime: string;
  startedAt: string;
  durationMs: number;
  claims: AuditedClaim[];
  notApplicable: NotApplicableClaim[];
  container: ContainerAudit;
  report?: ReportComparison;
  /** Ids of everything that failed: claims not upheld, container checks not passed, report claims no longer holding or unknown. */
  failing: { claims: string[]; containerChecks: string[]; reportClaims: string[] };
  /** True when nothing failed: exit 0. */
  passed: boolean;
}
