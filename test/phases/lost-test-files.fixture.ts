import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../harness/sandbox/docker/image.ts';

/**
 * A throwaway vitest project (outside test/, so `npm test` never sees it) with one project
 * named `unit` holding: a passing file, a file whose top level throws, a file whose import
 * fails, a file whose beforeAll throws, and a test that leaves an unhandled rejection.
 * Returns its root.
 */
export async function writeLostFilesProject(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'sandbox-gate-lost-files-'));
  await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  await writeFile(
    path.join(root, 'vitest.config.mjs'),
    "export default { test: { projects: [{ test: { name: 'unit', include: ['t/**/*.test.mjs'] } }] } };\n",
  );
  await mkdir(path.join(root, 't'));
  const files: Record<string, string> = {
    'passes.test.mjs': "import { it, expect } from 'vitest';\nit('adds', () => expect(1 + 1).toBe(2));\n",
    'top-level-throws.test.mjs':
      "import { it } from 'vitest';\nthrow new Error('top level of this file throws');\nit('never collected', () => {});\n",
    'import-fails.test.mjs':
      "import { it } from 'vitest';\nimport './no-such-module.mjs';\nit('never collected', () => {});\n",
    'hook-throws.test.mjs':
      "import { beforeAll, describe, it } from 'vitest';\ndescribe('suite with a broken hook', () => {\n  beforeAll(() => { throw new Error('beforeAll broke'); });\n  it('would pass', () => {});\n});\n",
    'unhandled.test.mjs':
      "import { it } from 'vitest';\nit('leaves a rejection behind', async () => { Promise.reject(new Error('nobody awaited this')); await new Promise((r) => setTimeout(r, 50)); });\n",
  };
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(root, 't', name), text);
  return root;
}
