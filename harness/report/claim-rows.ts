import { claimState } from '../claims/claim-state.ts';
import type { ClaimState } from '../claims/claim.ts';
import type { ClaimRecord } from '../results/results-types.ts';
import { withoutClause } from './shared-clause.ts';
import { shorten } from './shorten.ts';

/** One row of the report's claims table: one claim on one runtime. */
export interface ClaimRow {
  id: string;
  layer: string;
  runtime: string;
  /** Named so, not `state`: `state` is a report helper, and Handlebars would call it. */
  claimState: ClaimState;
  /** Why it is refuted or unmeasurable ('' when upheld). */
  reason: string;
  /** The probe, and what the control relaxed, shortened for a table cell. */
  tried: string;
  /** The same, whole: rows of one claim on two runtimes print it once when it is the same (claim-table.ts). */
  triedFull: string;
  /** The probe's observation, shortened for a table cell. */
  observed: string;
  /** The anchor of this claim's raw evidence in evidence.md. */
  anchor: string;
}

/** Longest observed text in a table cell; the whole observation is in evidence.md. */
const OBSERVED_CHARS = 64;
/** Longest reason in the report; the whole reason is in evidence.md. */
const REASON_CHARS = 160;
/** Longest probe description and control relaxation in a table cell (a row stays under 400 characters). */
const TRIED_CHARS = 72;
const CONTROL_CHARS = 36;

/** For a claim not upheld: which check decided it, and what that check saw, in a few words. */
function whyNot(claim: ClaimRecord): string {
  for (const name of ['probe', 'control', 'functionality'] as const) {
    const check = claim[name];
    if (check.unmeasurable !== undefined)
      return shorten(`${name} could not be made: ${check.unmeasurable}`, OBSERVED_CHARS);
  }
  if (!claim.probe.passed) return `probe got through: ${shortObserved(claim.probe.observed)}`;
  if (!claim.functionality.passed) return `benign workload broke: ${shortObserved(claim.functionality.observed)}`;
  return `control blocked too: ${shortObserved(claim.control.observed)}`;
}

/**
 * A claim's state: as recorded, or (results written before claims had states) derived from
 * its three checks by the same rule the claims use, so an old control that was blocked too
 * reads as unmeasurable, not refuted.
 */
export function stateOf(claim: ClaimRecord): { state: ClaimState; reason: string } {
  if (claim.state) return { state: claim.state, reason: claim.reason ?? '' };
  const derived = claimState(claim.probe, claim.control, claim.functionality);
  return { state: derived.state, reason: derived.reason ?? '' };
}

export function claimAnchor(claim: { id: string; runtime: string }): string {
  return `${claim.id}-${claim.runtime}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

/** `sharedClause`: a leading clause the table states once above it (shared-clause.ts); the cell prints `… ` instead. */
export function claimRow(claim: ClaimRecord, sharedClause: string | null = null): ClaimRow {
  const { state, reason } = stateOf(claim);
  return {
    id: claim.id,
    layer: claim.layer,
    runtime: claim.runtime,
    claimState: state,
    reason: shorten(reason, REASON_CHARS),
    tried: `${shorten(withoutClause(claim.probe.expected, sharedClause), TRIED_CHARS)}; ${shorten(claim.relaxes, CONTROL_CHARS)}`,
    triedFull: `${claim.probe.expected}; ${claim.relaxes}`,
    observed: state === 'upheld' ? shortObserved(claim.probe.observed) : whyNot(claim),
    anchor: claimAnchor(claim),
  };
}

/** Keys that say most about a probe, shown first. */
const FIRST_KEYS = ['errno', 'status', 'exitCode', 'signal', 'errnos', 'answer'];
/** Context, not an observation: the same on every row of a runtime (they stay in evidence.md). */
const CONTEXT_KEYS = new Set(['runtime', 'profilePath', 'profileSha256', 'securityOpt', 'errnoSource', 'live', 'run']);

/**
 * A probe observation in a few words: short scalar fields (errno, status, exit code first),
 * then the distinct short values one level down (`errnos: EROFS`), cut at OBSERVED_CHARS.
 */
export function shortObserved(observed: Record<string, unknown>): string {
  const keys = [
    ...FIRST_KEYS.filter((key) => key in observed),
    ...Object.keys(observed).filter((key) => !FIRST_KEYS.includes(key) && !CONTEXT_KEYS.has(key)),
  ];
  const parts: string[] = [];
  for (const key of keys) {
    const value = observed[key];
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object') {
      const text = String(value);
      if (text.length <= 40) parts.push(`${key} ${text}`);
    } else if (!Array.isArray(value)) {
      // String leaves only: nested numbers are counts (threads: 11) that say nothing alone.
      const leaves = [
        ...new Set(Object.values(value).filter((leaf): leaf is string => typeof leaf === 'string')),
      ].filter((text) => text.length <= 24);
      // `errnos: EPERM` after `errno EPERM` says nothing new (about 15 bytes on each seccomp row).
      const sameAsErrno =
        typeof observed.errno === 'string' &&
        sameSet(
          leaves,
          observed.errno.split(',').map((errno) => errno.trim()),
        );
      if (leaves.length && leaves.length <= 4 && !sameAsErrno) parts.push(`${key}: ${leaves.join(', ')}`);
    }
  }
  return parts.length ? shorten(parts.join('; '), OBSERVED_CHARS) : 'in evidence.md';
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && new Set([...a, ...b]).size === a.length;
}
