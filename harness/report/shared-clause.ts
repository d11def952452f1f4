/** A leading clause is the text up to its first `: `, if that comes within this many characters. */
const MAX_CLAUSE_CHARS = 90;
/** A clause is printed once above the table only when at least this many cells would repeat it. */
const MIN_SHARING_CELLS = 3;

function leadingClause(text: string): string | null {
  const end = text.indexOf(': ');
  return end > 0 && end < MAX_CLAUSE_CHARS ? text.slice(0, end + 1) : null;
}

/**
 * The leading clause (`the prober (Seccomp 2) gets the filter's answer to each call:`) that most
 * of `texts` begin with, when at least MIN_SHARING_CELLS do; else null. In the example run 12 of
 * the 34 probe descriptions begin with the same 62 characters, which left the 80-character cell
 * with little room for what differs (`kexec_load EPERM, kexec_file_load EPERM`).
 */
export function sharedLeadingClause(texts: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const text of texts) {
    const clause = leadingClause(text);
    if (clause) counts.set(clause, (counts.get(clause) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [clause, count] of counts)
    if (count >= MIN_SHARING_CELLS && (best === null || count > counts.get(best)!)) best = clause;
  return best;
}

/** `text` without `clause` and the space after it, marked `… `; `text` itself when it does not begin with `clause`. */
export function withoutClause(text: string, clause: string | null): string {
  return clause && text.startsWith(`${clause} `) ? `… ${text.slice(clause.length + 1)}` : text;
}
