// The prober must never reach the production image: the probe image adds it on top, and the
// production image's file list (what its content hash and build use) must not name it.
import { describe, expect, it } from 'vitest';
import { listRootfsFiles } from '../../harness/sandbox/docker/image.ts';
import { PROBE_IMAGE_PATHS, PROBE_IMAGE_REPOSITORY, probeImageRef } from '../../harness/sandbox/docker/probe-image.ts';

describe('probe image', () => {
  it('keeps the prober and its runner probe out of the production image', async () => {
    const targets = (await listRootfsFiles()).map((file) => file.to);
    expect(targets).toContain('/sandbox/runner/probes/seccomp.mjs');
    expect(targets).not.toContain(PROBE_IMAGE_PATHS.prober);
    expect(targets).not.toContain(PROBE_IMAGE_PATHS.probeModule);
    expect(targets.filter((to) => /probe\/|raw-syscalls/.test(to))).toEqual([]);
  });

  it('is tagged by the production image it extends: another production image, another probe image', async () => {
    const one = await probeImageRef('sandbox-gate/runner:aaaaaaaaaaaaaaaa');
    const other = await probeImageRef('sandbox-gate/runner:bbbbbbbbbbbbbbbb');
    expect(one).toMatch(new RegExp(`^${PROBE_IMAGE_REPOSITORY}:[0-9a-f]{16}$`));
    expect(one).not.toBe(other);
    expect(await probeImageRef('sandbox-gate/runner:aaaaaaaaaaaaaaaa')).toBe(one);
  });
});
