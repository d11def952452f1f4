import { readFileSync } from 'node:fs';
import type { CorpusEntry } from './corpus.ts';
import { validateStrategy } from './validate-strategy.ts';

/** How many files of one corpus group layer 1 rejects. */
export interface GroupCatchRate {
  group: string;
  caught: number;
  total: number;
  /** Ids of the files that validated clean. */
  missed: string[];
}

/** Validates every entry and counts, per group, the files with at least one violation. */
export function layer1CatchRates(entries: readonly CorpusEntry[]): GroupCatchRate[] {
  const byGroup = new Map<string, GroupCatchRate>();
  for (const entry of entries) {
    const rate = byGroup.get(entry.group) ?? { group: entry.group, caught: 0, total: 0, missed: [] };
    rate.total += 1;
    if (validateStrategy(readFileSync(entry.file, 'utf8')).ok) rate.missed.push(entry.id);
    else rate.caught += 1;
    byGroup.set(entry.group, rate);
  }
  return [...byGroup.values()].sort((a, b) => a.group.localeCompare(b.group));
}
