import type { Decision, Finding } from '../decision/decision-types.ts';
import type { Results } from '../results/results-types.ts';
import { claimAnchor } from './claim-rows.ts';

/**
 * Findings that name one claim each. The claims table prints every such claim as a row with
 * its state and reason, and evidence.md its full observations, so past a few the summary and
 * the rationale print them as one line per finding id that names and links each claim. Printed
 * one by one, 34 refuted claims took 14 KB in each of the two sections (issue 14: at most 40 KB).
 */
const PER_CLAIM_FINDINGS: ReadonlySet<string> = new Set(['claim-refuted', 'claim-unmeasurable']);

export interface FindingLine {
  id: string;
  outcome: string;
  message: string;
  source: string;
  /** True for the one line that stands for several per-claim findings. */
  grouped: boolean;
}

/**
 * Up to this many findings of one per-claim id are printed in full, with why: a reviewer reads
 * a few reasons at the top; past it (a broken sandbox refutes all 34) one line names them all.
 */
const MAX_CLAIM_FINDINGS_IN_FULL = 3;

/** The decision's findings, those of PER_CLAIM_FINDINGS past MAX_CLAIM_FINDINGS_IN_FULL grouped per id at the place of the first. */
export function findingLines(findings: readonly Finding[], results: Results): FindingLine[] {
  const lines: FindingLine[] = [];
  const groups = new Map<string, { line: FindingLine; claims: string[] }>();
  const many = (id: string) => findings.filter((finding) => finding.id === id).length > MAX_CLAIM_FINDINGS_IN_FULL;
  for (const finding of findings) {
    if (!PER_CLAIM_FINDINGS.has(finding.id) || !many(finding.id)) {
      lines.push({ ...finding, grouped: false });
      continue;
    }
    let group = groups.get(finding.id);
    if (!group) {
      group = {
        line: { id: finding.id, outcome: finding.outcome, message: '', source: '/claims', grouped: true },
        claims: [],
      };
      groups.set(finding.id, group);
      lines.push(group.line);
    }
    group.claims.push(claimLink(finding.source, results));
  }
  for (const { line, claims } of groups.values()) {
    const state = line.id === 'claim-refuted' ? 'refuted' : 'unmeasurable';
    line.message = `${claims.length} claim${claims.length === 1 ? '' : 's'} ${state} on the configured runtime ${results.config.docker.runtime}, each a row of the claims table with its reason: ${claims.join(', ')}`;
  }
  return lines;
}

/** The gate's reasons, per-claim findings grouped as in findingLines; anything else as the decision wrote it. */
export function gateLines(decision: Decision, results: Results): string[] {
  const grouped = new Map(
    findingLines(decision.findings, results)
      .filter((line) => line.grouped)
      .map((line) => [line.id, `${line.id}: ${line.message}`]),
  );
  const perClaim = new Map(
    decision.findings
      .filter((finding) => grouped.has(finding.id))
      .map((finding) => [`${finding.id}: ${finding.message}`, finding.id]),
  );
  const lines: string[] = [];
  const printed = new Set<string>();
  for (const reason of decision.gate.failedBecause) {
    const id = perClaim.get(reason);
    if (id === undefined) lines.push(reason);
    else if (!printed.has(id)) {
      printed.add(id);
      lines.push(grouped.get(id)!);
    }
  }
  return lines;
}

/** `/claims/7` -> a link to that claim's evidence; the pointer itself when it names no claim. */
function claimLink(source: string, results: Results): string {
  const match = /^\/claims\/(\d+)$/.exec(source);
  const claim = match ? results.claims[Number(match[1])] : undefined;
  return claim ? `[\`${claim.id}\`](evidence.md#${claimAnchor(claim)})` : `\`${source}\``;
}
