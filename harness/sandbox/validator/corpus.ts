import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { packagePath } from '../../package-root.ts';

export type CorpusKind = 'benign' | 'benign-calls' | 'malicious';

/** One strategy file of the corpora, with the tags of its header comment. */
export interface CorpusEntry {
  /** Path relative to suites/fixtures/strategies/, without extension: `malicious/computed-names/concat-constructor`. */
  id: string;
  /** Absolute path of the file. */
  file: string;
  /** The malicious subfolder (`function-constructor`, ...), or the kind for benign files. */
  group: string;
  /** `@attack`: what the file tries (malicious only). */
  attack?: string;
  /** `@breach`: what an observable breach would look like (malicious only). */
  breach?: string;
  /** `@source`: where the technique comes from; `original` when the header names none. */
  source: string;
}

const TAG = /^\s*\*\s*@(attack|breach|group|source)\s+(.+?)\s*$/;

/** The root of the corpora, resolved from this file so it works from any working directory. */
export function corpusRoot(): string {
  return packagePath('suites/fixtures/strategies');
}

/** Reads the `@tag value` lines of the first block comment of a file. */
export function readHeaderTags(text: string): Partial<Record<'attack' | 'breach' | 'group' | 'source', string>> {
  const tags: Partial<Record<'attack' | 'breach' | 'group' | 'source', string>> = {};
  const start = text.indexOf('/**');
  if (start !== 0) return tags;
  const end = text.indexOf('*/', start);
  for (const line of text.slice(start, end).split('\n')) {
    const match = TAG.exec(line);
    if (match) tags[match[1] as keyof typeof tags] = match[2]!.replace(/^"(.*)"$/, '$1');
  }
  return tags;
}

function listFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return listFiles(path);
      return /\.m?js$/.test(entry.name) ? [path] : [];
    })
    .sort();
}

/**
 * Every strategy of one corpus, sorted by id. Malicious files are grouped by their
 * subfolder; the `@group` tag must agree with it (a mismatch is reported as an error so that
 * a misfiled attack cannot silently change a group's catch rate).
 */
export function listCorpus(kind: CorpusKind): CorpusEntry[] {
  const root = corpusRoot();
  return listFiles(join(root, kind)).map((file) => {
    const id = relative(root, file)
      .split(sep)
      .join('/')
      .replace(/\.m?js$/, '');
    const tags = readHeaderTags(readFileSync(file, 'utf8'));
    const group = kind === 'malicious' ? (id.split('/')[1] ?? kind) : kind;
    if (kind === 'malicious' && tags.group !== group) {
      throw new Error(
        `${file}: header @group is ${JSON.stringify(tags.group)} but the file is in the ${group}/ folder`,
      );
    }
    const entry: CorpusEntry = { id, file, group, source: tags.source ?? 'original' };
    if (tags.attack !== undefined) entry.attack = tags.attack;
    if (tags.breach !== undefined) entry.breach = tags.breach;
    return entry;
  });
}
