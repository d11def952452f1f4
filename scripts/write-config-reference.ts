// Rewrites the generated key table in config/README.md from harness/config/config-keys.ts
// (test/config/config-docs.test.ts fails until it is run after a key changes).
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { REFERENCE_END, REFERENCE_START, renderConfigReference } from '../harness/config/config-reference.ts';

const README = fileURLToPath(new URL('../config/README.md', import.meta.url));
const text = await readFile(README, 'utf8');
const start = text.indexOf(REFERENCE_START);
const end = text.indexOf(REFERENCE_END);
if (start < 0 || end < start)
  throw new Error(`${README}: no generated block (the lines ${REFERENCE_START} ... ${REFERENCE_END})`);
await writeFile(README, text.slice(0, start) + renderConfigReference() + text.slice(end + REFERENCE_END.length));
process.stderr.write(`write-config-reference: wrote ${README}\n`);
