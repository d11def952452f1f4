import type { AuditedClaim, ReportComparison } from './audit-report.ts';
import type { ReportClaims } from './read-report-claims.ts';

/**
 * Compares a report's claims with the claims re-run now, state by state, on the audit's
 * runtime only: a report's claim measured on another runtime (runsc beside runc) is a different
 * fact and is not compared. `registryIds` is every claim the registry knows (also those out of
 * this audit's scope or runtime), so that "unknown" means unknown, not merely "not re-run this time".
 */
export function compareReport(
  file: string,
  report: ReportClaims,
  audited: readonly AuditedClaim[],
  registryIds: ReadonlySet<string>,
  runtime?: string,
): ReportComparison {
  const now = new Map(audited.map((claim) => [claim.id, claim.state]));
  const claims = report.claims
    .filter((claim) => runtime === undefined || claim.runtime === undefined || claim.runtime === runtime)
    .map((claim) => {
      const stateNow = now.get(claim.id) ?? null;
      return {
        id: claim.id,
        upheldInReport: claim.upheld,
        stateInReport: claim.state,
        upheldNow: stateNow === null ? null : stateNow === 'upheld',
        stateNow,
        index: claim.index,
      };
    });
  const mentioned = new Set(report.claims.map((claim) => claim.id));
  return {
    file,
    claims,
    noLongerHolds: claims.filter((c) => c.upheldInReport && c.upheldNow === false).map((c) => c.id),
    unknownToRegistry: claims.filter((c) => !registryIds.has(c.id)).map((c) => c.id),
    holdsNow: claims.filter((c) => !c.upheldInReport && c.upheldNow === true).map((c) => c.id),
    notInReport: [...registryIds].filter((id) => !mentioned.has(id)).sort(),
    malformed: report.malformed,
  };
}
