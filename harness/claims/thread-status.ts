/** What the `thread-status` probe returns: /proc/self/task/<tid>/status fields, keyed by tid. */
export type ThreadStatus = Record<string, Record<string, string>>;

/** One field across every thread: how many threads, the distinct values, and threads lacking it. */
export interface FieldAcrossThreads {
  threads: number;
  values: string[];
  missing: number;
}

export function fieldAcrossThreads(status: ThreadStatus, field: string): FieldAcrossThreads {
  const all = Object.values(status);
  const values = new Set<string>();
  let missing = 0;
  for (const fields of all) {
    const value = fields[field];
    if (value === undefined) missing++;
    else values.add(value);
  }
  return { threads: all.length, values: [...values].sort(), missing };
}

/** True when every thread has the field and all agree on `value`. */
export function everyThreadIs(across: FieldAcrossThreads, value: string): boolean {
  return across.threads > 0 && across.missing === 0 && across.values.length === 1 && across.values[0] === value;
}

/** `Uid:` and `Gid:` lines hold real, effective, saved and filesystem ids: all four must be `id`. */
export function idLine(id: number): string {
  return [id, id, id, id].join('\t');
}
