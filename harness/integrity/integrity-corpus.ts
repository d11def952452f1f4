import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusRoot, listCorpus } from '../sandbox/validator/corpus.ts';

/** One strategy of the score-integrity corpus. */
export interface IntegrityStrategy {
  /** Path relative to suites/fixtures/strategies/ without extension: `lookahead/tomorrow-close`. */
  id: string;
  code: string;
  /** `lookahead`: must be flagged; `causal`: must not be. */
  kind: 'lookahead' | 'causal';
  /** `@peeks`: what a look-ahead strategy reads from the future. */
  peeks?: string;
  /** `@blind-spot`: why the check cannot see this one (documents a limit; not counted in the catch rate). */
  blindSpot?: string;
}

const TAG = /^\s*\*\s*@(peeks|blind-spot)\s+(.+?)\s*$/gm;

/**
 * The corpus of suites/fixtures/strategies/: `lookahead/` (each file names what it peeks at, and
 * has a causal twin in `causal/`), `causal/`, and the benign corpus (`benign/`, causal too: the
 * LLM-style strategies every layer is tested against). Sorted by id.
 */
export function listIntegrityCorpus(): IntegrityStrategy[] {
  const root = corpusRoot();
  const read = (folder: 'lookahead' | 'causal'): IntegrityStrategy[] =>
    readdirSync(join(root, folder))
      .filter((name) => name.endsWith('.js'))
      .sort()
      .map((name) => {
        const code = readFileSync(join(root, folder, name), 'utf8');
        const entry: IntegrityStrategy = { id: `${folder}/${name.replace(/\.js$/, '')}`, code, kind: folder };
        for (const [, tag, value] of code.matchAll(TAG)) {
          if (tag === 'peeks') entry.peeks = value;
          else entry.blindSpot = value;
        }
        if (folder === 'lookahead' && !entry.peeks)
          throw new Error(`${join(root, folder, name)}: a look-ahead strategy must say what it peeks at (@peeks)`);
        return entry;
      });
  const benign = listCorpus('benign').map((entry): IntegrityStrategy => ({
    id: entry.id,
    code: readFileSync(entry.file, 'utf8'),
    kind: 'causal',
  }));
  return [...read('lookahead'), ...read('causal'), ...benign];
}
