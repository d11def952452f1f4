import { statSync } from 'node:fs';

/**
 * The state of a host marker file (`/tmp/sandbox-gate-breach-*`, named by a `@breach` line):
 * `absent`, or its modification time and size. The matrix reads it before and after a run on
 * the host (the layer 1b column); a change is the breach. Nothing is ever deleted: a marker a
 * previous run left only changes if it is written again.
 */
export function markerStamp(path: string): string {
  try {
    const stat = statSync(path);
    return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
}

/** True when the marker was created or rewritten between two stamps. */
export function markerWritten(before: string, after: string): boolean {
  return after !== 'absent' && after !== before;
}
