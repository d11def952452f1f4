import { readFile } from 'node:fs/promises';
import type { ClaimState } from '../claims/claim.ts';
import { UsageError } from '../errors.ts';

const STATES: readonly string[] = ['upheld', 'refuted', 'unmeasurable'];

/** One entry of a results.json `claims` array, as far as the audit reads it. */
export interface ReportClaim {
  index: number;
  id: string;
  upheld: boolean;
  /** The claim's state; derived from `upheld` for results written before claims had states (`upheld` or `refuted`). */
  state: ClaimState;
  /** The runtime it was measured on; absent in hand-written reports. */
  runtime?: string;
}

export interface ReportClaims {
  claims: ReportClaim[];
  /** Entries that are not `{ id: string, upheld: boolean }` with, if present, a `state` agreeing with `upheld` and a string `runtime`. */
  malformed: Array<{ index: number; found: unknown }>;
}

/**
 * Reads only the `claims` array of a results.json written by the gate, defensively: the rest
 * of the file (its schema lives in harness/results/) is not the audit's business. A file that
 * cannot be read, is not JSON or has no `claims` array is a usage error (exit 2); a malformed
 * entry is kept and reported, since a report whose claims cannot be read does not pass.
 */
export async function readReportClaims(file: string): Promise<ReportClaims> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `audit: cannot read --results ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      { cause: error },
    );
  }
  return parseReportClaims(text, file);
}

export function parseReportClaims(text: string, file: string): ReportClaims {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`audit: --results ${file} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const claims =
    typeof document === 'object' && document !== null ? (document as { claims?: unknown }).claims : undefined;
  if (!Array.isArray(claims)) {
    throw new UsageError(
      `audit: ${file}: claims: expected an array of { id, upheld } (a results.json written by the gate), found ${describe(claims)}`,
    );
  }
  const out: ReportClaims = { claims: [], malformed: [] };
  claims.forEach((entry: unknown, index) => {
    const { id, upheld, state, runtime } = (typeof entry === 'object' && entry !== null ? entry : {}) as {
      id?: unknown;
      upheld?: unknown;
      state?: unknown;
      runtime?: unknown;
    };
    const stateOk =
      state === undefined || (typeof state === 'string' && STATES.includes(state) && (state === 'upheld') === upheld);
    if (
      typeof id === 'string' &&
      id.length > 0 &&
      typeof upheld === 'boolean' &&
      stateOk &&
      (runtime === undefined || typeof runtime === 'string')
    ) {
      const claim: ReportClaim = {
        index,
        id,
        upheld,
        state: (state as ClaimState | undefined) ?? (upheld ? 'upheld' : 'refuted'),
      };
      if (typeof runtime === 'string') claim.runtime = runtime;
      out.claims.push(claim);
    } else out.malformed.push({ index, found: entry });
  });
  return out;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  return Array.isArray(value)
    ? 'an array'
    : typeof value === 'object'
      ? value === null
        ? 'null'
        : 'an object'
      : `${typeof value} ${JSON.stringify(value)}`;
}
