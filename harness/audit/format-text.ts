import type { ClaimCheck } from '../claims/claim.ts';
import type { AuditReport } from './audit-report.ts';
import { checkEvidence, claimEvidence, reportNote } from './evidence.ts';

const mark = (check: ClaimCheck) => (check.unmeasurable !== undefined ? 'n/a' : check.passed ? 'ok' : 'FAIL');

/** Pads each column to its widest cell; the last column is left as it is. */
function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** The human report: a table of claims, a table of container checks, the report comparison, the verdict, and the evidence of each failure. */
export function formatText(report: AuditReport): string {
  const lines: string[] = [];
  lines.push(`sandbox-gate audit of ${report.configFile} (runtime ${report.runtime}, ${report.startedAt})`);
  lines.push('');
  lines.push(`Claims re-run now (${report.claims.length}):`);
  lines.push(
    ...table([
      ['  id', 'layer', 'probe', 'control', 'functionality', 'state'],
      ...report.claims.map((c) => [
        `  ${c.id}`,
        c.layer,
        mark(c.probe),
        mark(c.control),
        mark(c.functionality),
        c.state === 'upheld' ? c.state : c.state.toUpperCase(),
      ]),
    ]),
  );
  for (const claim of report.notApplicable) lines.push(`  ${claim.id}: not applicable (${claim.reason})`);
  lines.push('');
  lines.push(
    `Container checks (live container ${report.container.containerId.slice(0, 12)}, image ${report.container.imageRef}):`,
  );
  lines.push(
    ...table([
      ['  id', 'reference', 'result'],
      ...report.container.checks.map((c) => [`  ${c.id}`, c.cisReference, c.passed ? 'pass' : 'FAIL']),
    ]),
  );
  const comparison = report.report;
  if (comparison) {
    lines.push('');
    lines.push(`Report ${comparison.file} (${comparison.claims.length} claims):`);
    lines.push(`  no longer holds: ${comparison.noLongerHolds.join(', ') || 'none'}`);
    lines.push(`  unknown to the registry: ${comparison.unknownToRegistry.join(', ') || 'none'}`);
    if (comparison.malformed.length)
      lines.push(`  malformed entries: ${comparison.malformed.map((m) => `claims[${m.index}]`).join(', ')}`);
    if (comparison.holdsNow.length)
      lines.push(`  said not upheld (refuted or unmeasurable), upheld now: ${comparison.holdsNow.join(', ')}`);
    if (comparison.notInReport.length)
      lines.push(`  in the registry, not in the report: ${comparison.notInReport.join(', ')}`);
  }
  const failures = [
    ...report.claims
      .filter((c) => c.state !== 'upheld')
      .map((c) => `  ${c.id} (${c.configKey}): ${claimEvidence(c)}.${reportNote(report.report, c.id)}`),
    ...report.container.checks.filter((c) => !c.passed).map((c) => `  ${c.id} (${c.configKey}): ${checkEvidence(c)}`),
  ];
  if (failures.length) {
    lines.push('');
    lines.push('Evidence:');
    lines.push(...failures);
  }
  lines.push('');
  const { claims, containerChecks, reportClaims } = report.failing;
  lines.push(
    report.passed
      ? `audit: passed: ${report.claims.length} claims upheld, ${report.container.checks.length} container checks passed${comparison ? ', the report still holds' : ''}`
      : `audit: FAILED: ${claims.length} claim(s) not upheld (${report.claims.filter((c) => c.state === 'refuted').length} refuted, ${report.claims.filter((c) => c.state === 'unmeasurable').length} unmeasurable), ${containerChecks.length} container check(s) failed${comparison ? `, ${reportClaims.length} report claim(s) no longer hold or cannot be verified` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}
