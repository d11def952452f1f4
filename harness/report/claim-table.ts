import type { ClaimRow } from './claim-rows.ts';

/**
 * The claims table of the report: one row per claim and runtime (issue 14), the configured
 * runtime's rows first. On another runtime the probe and the control are usually the
 * configured runtime's, word for word; that row's "tried" cell then says `as on runc` instead
 * of repeating them (about 120 bytes a row, 34 rows in a two-runtime run). Every claim keeps
 * its full text and observations in evidence.md.
 */
export function claimTableRows(rows: readonly ClaimRow[], configuredRuntime: string): ClaimRow[] {
  return rows.map((row) => {
    if (row.runtime === configuredRuntime) return row;
    const configured = rows.find((candidate) => candidate.id === row.id && candidate.runtime === configuredRuntime);
    return configured && configured.triedFull === row.triedFull ? { ...row, tried: `as on ${configuredRuntime}` } : row;
  });
}
