// The docs cannot drift from the key table: config/README.md carries the generated table, and
// the shipped learning_system.yaml writes every key at the table's default, in the same words.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { CONFIG_KEYS } from '../../harness/config/config-keys.ts';
import {
  inline,
  renderConfigReference,
  REFERENCE_END,
  REFERENCE_START,
} from '../../harness/config/config-reference.ts';

const README = readFileSync(new URL('../../config/README.md', import.meta.url), 'utf8');
const SHIPPED = parseDocument(readFileSync(new URL('../../config/learning_system.yaml', import.meta.url), 'utf8'));

describe('config docs against the key table', () => {
  it('config/README.md holds the table as generated (run `npx tsx scripts/write-config-reference.ts` after changing a key)', () => {
    const block = README.slice(README.indexOf(REFERENCE_START), README.indexOf(REFERENCE_END) + REFERENCE_END.length);
    expect(block).toBe(renderConfigReference());
  });

  it.each(CONFIG_KEYS.map((row) => [row.keyPath, row] as const))(
    '%s: in config/README.md and in learning_system.yaml, at its default',
    (keyPath, row) => {
      expect(README).toContain(`| \`${keyPath}\` | \`${inline(row.fileDefault)}\` |`);
      const segments = keyPath.split('.');
      expect(SHIPPED.hasIn(segments), `${keyPath} is not written in config/learning_system.yaml`).toBe(true);
      const written = SHIPPED.getIn(segments);
      expect(
        written && typeof written === 'object' && 'toJSON' in written
          ? (written as { toJSON(): unknown }).toJSON()
          : written,
      ).toEqual(row.fileDefault);
    },
  );
});
