import { CONFIG_KEYS } from './config-keys.ts';
import { expectedText } from './schema-check.ts';

/** The lines that enclose the generated table in config/README.md. */
export const REFERENCE_START =
  '<!-- config-keys: generated from harness/config/config-keys.ts by `npm run config-docs`; do not edit -->';
export const REFERENCE_END = '<!-- config-keys: end -->';

/** One markdown row per key of the table: key, default as written in the file, what it accepts, unit, doc line. */
export function renderConfigReference(): string {
  const rows = CONFIG_KEYS.map(
    (row) =>
      `| \`${row.keyPath}\` | \`${inline(row.fileDefault)}\` | ${cell(expectedText(row.spec))} | ${row.unit} | ${cell(row.doc)} |`,
  );
  return [
    REFERENCE_START,
    '| Key | Default | Accepts | Unit | What it does |',
    '|---|---|---|---|---|',
    ...rows,
    REFERENCE_END,
  ].join('\n');
}

/** A default as YAML flow text: `[truncate, far-below, far-above]`, `[]`, `2g`. */
export function inline(value: unknown): string {
  return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
