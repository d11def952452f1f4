import path from 'node:path';
import type { Document } from 'yaml';
import { CONFIG_KEYS } from './config-keys.ts';
import { isPathKey } from './config-key.ts';

/**
 * Rewrites the relative path keys of a parsed config (`seccomp_profile: ../seccomp/x.json`) as
 * absolute paths against the folder of `fromFile`, so the text means the same when written to
 * another folder (a test's temp copy of the shipped config). Words such as `unconfined` stay.
 */
export function makeConfigPathsAbsolute(document: Document, fromFile: string): void {
  for (const row of CONFIG_KEYS.filter(isPathKey)) {
    const segments = row.keyPath.split('.');
    const value = document.getIn(segments);
    if (typeof value !== 'string' || path.isAbsolute(value) || row.toCode(value, '/') === value) continue;
    document.setIn(segments, path.resolve(path.dirname(fromFile), value));
  }
}
