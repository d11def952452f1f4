import type { Claim, ClaimContext, ClaimRelaxation, ClaimRunOptions } from '../claim.ts';
import { keyPathOf } from '../../config/config-keys.ts';
import { checkThat, MiB, patchDocker, probeValue } from '../check.ts';
import { relaxed } from '../context-overrides.ts';

interface TmpfsFill {
  requestedBytes: number;
  writtenBytes: number;
  errno: string | null;
}

const OVER_BY_BYTES = 16 * MiB;

/** tmpfs_size doubled plus the probe's overshoot: the probe's write (size + overshoot) then fits. */
const RELAXATION: ClaimRelaxation = {
  description: 'a tmpfs twice as large plus the overshoot (tmpfs_size x 2 + 16 MiB)',
  configKey: keyPathOf('docker.tmpfsBytes'),
  configPatch: (config) => patchDocker({ tmpfsBytes: 2 * config.docker.tmpfsBytes + OVER_BY_BYTES })(config),
};

async function fill(context: ClaimContext, bytes: number, options?: ClaimRunOptions): Promise<TmpfsFill> {
  return probeValue<TmpfsFill>(await context.runProbe('tmpfs-fill', { bytes }, options), 'tmpfs-fill');
}

export const tmpfsSize: Claim = {
  id: 'tmpfs-size',
  layer: '2',
  statement: 'The only writable place, /tmp, is a tmpfs of tmpfs_size: writing past it fails with ENOSPC.',
  relaxation: RELAXATION,
  async probe(context) {
    const size = context.config.docker.tmpfsBytes;
    const filled = await fill(context, size + OVER_BY_BYTES);
    return checkThat(
      filled.errno === 'ENOSPC' && filled.writtenBytes <= size,
      `ENOSPC after at most ${size} bytes written to /tmp`,
      { tmpfsBytes: size, ...filled },
    );
  },
  async control(context) {
    const size = context.config.docker.tmpfsBytes;
    const filled = await fill(context, size + OVER_BY_BYTES, relaxed(RELAXATION));
    return checkThat(
      filled.errno === null && filled.writtenBytes === filled.requestedBytes,
      'with a larger tmpfs the same write completes',
      { tmpfsBytes: 2 * size + OVER_BY_BYTES, ...filled },
    );
  },
  async functionality(context) {
    const filled = await fill(context, MiB);
    return checkThat(filled.errno === null && filled.writtenBytes === MiB, 'uid 1000 can write 1 MiB to /tmp', {
      ...filled,
    });
  },
};
