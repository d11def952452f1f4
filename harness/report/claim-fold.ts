import type { ClaimRow } from './claim-rows.ts';

/** The upheld claims of one runtime the decision does not read, on one layer: one line of the report. */
export interface FoldedClaims {
  runtime: string;
  layer: string;
  claims: { id: string; anchor: string }[];
}

export interface ClaimTable {
  /** Rows printed in full: every claim on the configured runtime, and every claim not upheld on any runtime. */
  rows: ClaimRow[];
  /** Upheld claims of runtimes the decision does not read, one entry per runtime and layer, in row order. */
  folded: FoldedClaims[];
}

/**
 * The claims table of the report (issue 14: at most 40 KB). A runtime other than the configured
 * one is reported, not gated: its upheld claims say nothing a reviewer must act on, so they fold
 * into one line per layer that still names and links each claim (27 of the example's 68 rows,
 * about 5 KB). A refuted or unmeasurable claim is never folded, on any runtime: it is a risk and
 * stays a full row, its "tried" cell saying `as on runc` when the probe and the control are the
 * configured runtime's, word for word. Every claim keeps its full text and observations in evidence.md.
 */
export function foldClaimRows(rows: readonly ClaimRow[], configuredRuntime: string): ClaimTable {
  const kept: ClaimRow[] = [];
  const folded: FoldedClaims[] = [];
  for (const row of rows) {
    if (row.runtime === configuredRuntime) {
      kept.push(row);
      continue;
    }
    if (row.claimState !== 'upheld') {
      // The same probe and control as the configured runtime's row, printed there (about 120 bytes a row).
      const configured = rows.find((candidate) => candidate.id === row.id && candidate.runtime === configuredRuntime);
      kept.push(
        configured && configured.triedFull === row.triedFull ? { ...row, tried: `as on ${configuredRuntime}` } : row,
      );
      continue;
    }
    let group = folded.find((candidate) => candidate.runtime === row.runtime && candidate.layer === row.layer);
    if (!group) {
      group = { runtime: row.runtime, layer: row.layer, claims: [] };
      folded.push(group);
    }
    group.claims.push({ id: row.id, anchor: row.anchor });
  }
  return { rows: kept, folded };
}
