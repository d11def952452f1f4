import type { Claim, ClaimRelaxation, ClaimContext, ClaimRunOptions } from '../claim.ts';
import { keyPathOf } from '../../config/config-keys.ts';
import { benignFunctionality } from '../benign-functionality.ts';
import { relaxed } from '../context-overrides.ts';
import { checkThat, patchDocker, probeValue } from '../check.ts';

type Attempt = { ok: boolean; errno?: string | null };

/**
 * mkdir(2) asks the mount for write access (EROFS) before it checks the directory's
 * permissions (EACCES), on runc and gVisor alike; so as uid 1000 under root-owned directories
 * EROFS can only come from the read-only mount, and EACCES shows the mount was writable.
 * Creating a file (open O_CREAT) is recorded too: Linux gives EROFS first, gVisor EACCES.
 */
const DIRECTORIES = ['/', '/sandbox'];

async function tryWrites(context: ClaimContext, options?: ClaimRunOptions) {
  const result = await context.runProbe('rootfs-write', { paths: DIRECTORIES }, options);
  const value = probeValue<Record<string, Attempt>>(result, 'rootfs-write');
  const errnos = Object.fromEntries(
    Object.entries(value).map(([operation, outcome]) => [operation, outcome.ok ? 'succeeded' : outcome.errno]),
  );
  const mkdirErrnos = Object.entries(errnos)
    .filter(([operation]) => operation.startsWith('mkdir '))
    .map(([, errno]) => errno);
  return { errnos, mkdirErrnos };
}

const RELAXATION: ClaimRelaxation = {
  description: 'read_only_rootfs: false',
  configKey: keyPathOf('docker.readOnlyRootfs'),
  configPatch: patchDocker({ readOnlyRootfs: false }),
};

export const rootfsReadOnly: Claim = {
  id: 'rootfs-read-only',
  layer: '2',
  statement: 'The root filesystem is mounted read-only: creating anything on it fails with EROFS.',
  relaxation: RELAXATION,
  async probe(context) {
    const { errnos, mkdirErrnos } = await tryWrites(context);
    return checkThat(
      mkdirErrnos.length === DIRECTORIES.length && mkdirErrnos.every((errno) => errno === 'EROFS'),
      `EROFS from mkdir under ${DIRECTORIES.join(' and ')}`,
      { user: context.config.docker.user, errnos },
    );
  },
  async control(context) {
    const { errnos, mkdirErrnos } = await tryWrites(context, relaxed(RELAXATION));
    // Root owns those directories: as root the mkdirs succeed, as anyone else EACCES.
    const expected = context.config.docker.user.startsWith('0:') ? 'succeeded' : 'EACCES';
    return checkThat(
      mkdirErrnos.length === DIRECTORIES.length && mkdirErrnos.every((errno) => errno === expected),
      `with a writable rootfs the same mkdirs get past the mount and meet the directories' permissions: ${expected}`,
      { user: context.config.docker.user, errnos },
    );
  },
  functionality: benignFunctionality,
};
