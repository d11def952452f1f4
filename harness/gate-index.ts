// `sandbox-gate/gate`: the gate that decides whether the sandbox may be on by default (phase
// suites, measurements, decision, report, audit). A trading system needs none of this: it
// imports `sandbox-gate` (index.ts). Named exports only.
export { runGate } from './gate/run-gate.ts';
export type { RunGateOptions, GateOutcome } from './gate/run-gate.ts';
export { runPhases } from './phases/run-phases.ts';
export type { RunPhasesOptions } from './phases/run-phases.ts';
export { PHASES, isPhaseName } from './phases/phase-names.ts';
export { loadPolicy, DEFAULT_POLICY_PATH } from './decision/load-policy.ts';
export type { DecisionPolicy, LoadedPolicy, BandOutcome } from './decision/policy-types.ts';
export { decide } from './decision/decide.ts';
export type { Decision, DecisionOutcome, Finding } from './decision/decision-types.ts';
export { readResults } from './results/validate-results.ts';
export type { Results } from './results/results-types.ts';
export { allClaims } from './claims/registry.ts';
export type { Claim, ClaimOutcome, ClaimCheck, ClaimState } from './claims/claim.ts';
export { claimState } from './claims/claim-state.ts';
export { runAudit } from './audit/run-audit.ts';
export type { RunAuditOptions } from './audit/run-audit.ts';
export type { AuditReport } from './audit/audit-report.ts';
export { renderAll } from './report/render-report.ts';
export type { RenderOptions, RenderedOutputs } from './report/render-report.ts';
export { decideAndRender } from './report/render-run.ts';
export type { RenderedRun } from './report/render-run.ts';
export { writeOutputs } from './report/write-outputs.ts';
