import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IMAGE_PATHS, imageContentHash, listRootfsFiles } from '../../harness/sandbox/docker/image.ts';

// The image build makes ses's code cache from node, ses and the runner's loader: a change of
// either file must change the tag, or a stale cache would ship (V8 would refuse it: slower).
describe('the image tag follows the inputs of ses code cache', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  /** The rootfs list with the file bound for `to` replaced by a copy that has `suffix` appended. */
  async function withChanged(to: string, suffix: string) {
    const files = await listRootfsFiles();
    const dir = await mkdtemp(path.join(tmpdir(), 'image-tag-'));
    dirs.push(dir);
    return Promise.all(
      files.map(async (file) => {
        if (file.to !== to) return file;
        const copy = path.join(dir, path.basename(file.from));
        await writeFile(copy, `${await readFile(file.from, 'utf8')}${suffix}`);
        return { ...file, from: copy };
      }),
    );
  }

  it('the image holds ses as a script and the runner loader that makes and reads its cache', async () => {
    const targets = (await listRootfsFiles()).map((file) => file.to);
    expect(targets).toContain(IMAGE_PATHS.ses);
    expect(targets).toContain('/sandbox/runner/ses-loader.cjs');
  });

  it('a changed ses bundle or loader changes the tag; the same files give the same tag', async () => {
    const tag = await imageContentHash(await listRootfsFiles());
    expect(await imageContentHash(await listRootfsFiles())).toBe(tag);
    expect(await imageContentHash(await withChanged('/sandbox/runner/ses-loader.cjs', '\n// changed\n'))).not.toBe(tag);
    expect(await imageContentHash(await withChanged(IMAGE_PATHS.ses, '\n;\n'))).not.toBe(tag);
  });
});
