import type { Claim, ClaimRelaxation } from '../claim.ts';
import { keyPathOf } from '../../config/config-keys.ts';
import { benignFunctionality } from '../benign-functionality.ts';
import { relaxed } from '../context-overrides.ts';
import { checkThat, patchDocker } from '../check.ts';
import { everyThreadIs, idLine } from '../thread-status.ts';
import { readThreadFields } from './run-thread-status.ts';

/** The configured `uid:gid`, which the claim requires to be non-root. */
function configuredIds(user: string): { uid: number; gid: number } {
  const [uid, gid] = user.split(':').map(Number);
  return { uid: uid!, gid: gid! };
}

const RELAXATION: ClaimRelaxation = {
  description: "user: '0:0'",
  configKey: keyPathOf('docker.user'),
  configPatch: patchDocker({ user: '0:0' }),
};

export const nonRoot: Claim = {
  id: 'non-root',
  layer: '2',
  statement: 'The strategy runs as an unprivileged user (uid and gid 1000), never as root.',
  relaxation: RELAXATION,
  async probe(context) {
    const { uid, gid } = configuredIds(context.config.docker.user);
    const fields = await readThreadFields(context, ['Uid', 'Gid']);
    return checkThat(
      uid !== 0 && gid !== 0 && everyThreadIs(fields.Uid!, idLine(uid)) && everyThreadIs(fields.Gid!, idLine(gid)),
      `real, effective, saved and fs uid ${uid} and gid ${gid} (not 0) on every thread`,
      { configuredUser: context.config.docker.user, ...fields },
    );
  },
  async control(context) {
    const fields = await readThreadFields(context, ['Uid', 'Gid'], relaxed(RELAXATION));
    return checkThat(
      everyThreadIs(fields.Uid!, idLine(0)) && everyThreadIs(fields.Gid!, idLine(0)),
      "with user '0:0', uid and gid 0 on every thread",
      fields,
    );
  },
  functionality: benignFunctionality,
};
