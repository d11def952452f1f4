import type { ClaimCheck } from '../claims/claim.ts';
import type { AuditedClaim, ReportComparison } from './audit-report.ts';
import type { ContainerCheck } from './container-check.ts';

/** JSON, cut to a length a message can carry. */
export function compactJson(value: unknown, maxChars = 600): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}... (${text.length} chars)`;
}

/** Why a claim is not upheld: its state, then part by part what each failing part expected and observed (or why it could not be made). */
export function claimEvidence(claim: AuditedClaim): string {
  const parts = (['probe', 'control', 'functionality'] as const)
    .filter((part) => !claim[part].passed || claim[part].unmeasurable !== undefined)
    .map((part) => {
      const check = claim[part] as ClaimCheck;
      return check.unmeasurable !== undefined
        ? `${part} could not be made: ${check.unmeasurable}`
        : `${part} failed: expected ${check.expected}; observed ${compactJson(check.observed)}`;
    });
  return `${claim.state}: ${parts.join(' | ')}`;
}

export function checkEvidence(check: ContainerCheck): string {
  return `expected ${check.expected}; found ${compactJson(check.found)}`;
}

/** The report's word on a claim, when a report was given and mentions it. */
export function reportNote(report: ReportComparison | undefined, id: string): string {
  const entry = report?.claims.find((claim) => claim.id === id);
  if (!entry) return '';
  return entry.upheldInReport
    ? ` ${report!.file} says it is upheld: it no longer holds.`
    : ` ${report!.file} already said it is ${entry.stateInReport}.`;
}
