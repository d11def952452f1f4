import type { Claim, ClaimRelaxation } from '../claim.ts';
import { keyPathOf } from '../../config/config-keys.ts';
import { benignFunctionality } from '../benign-functionality.ts';
import { relaxed } from '../context-overrides.ts';
import { checkThat, patchDocker } from '../check.ts';
import { everyThreadIs } from '../thread-status.ts';
import { readThreadFields } from './run-thread-status.ts';

const NONE = '0000000000000000';
/** CAP_CHOWN is capability 0: the control's bounding set is exactly bit 0. */
const CHOWN_ONLY = '0000000000000001';
// CapEff is 0 for uid 1000 whatever the bounding set says, so it proves nothing: the claim
// reads CapBnd, the set no process in the container can ever exceed.
const FIELDS = ['CapBnd', 'CapPrm', 'CapEff', 'CapInh', 'CapAmb'];

const RELAXATION: ClaimRelaxation = {
  description: "cap_add: ['CHOWN']",
  configKey: keyPathOf('docker.capAdd'),
  configPatch: patchDocker({ capAdd: ['CHOWN'] }),
};

export const capsDropped: Claim = {
  id: 'caps-dropped',
  layer: '2',
  statement: 'Every capability is dropped: the bounding set is empty on every thread.',
  relaxation: RELAXATION,
  async probe(context) {
    const fields = await readThreadFields(context, FIELDS);
    return checkThat(everyThreadIs(fields.CapBnd!, NONE), `CapBnd ${NONE} on every thread`, fields);
  },
  async control(context) {
    const fields = await readThreadFields(context, FIELDS, relaxed(RELAXATION));
    return checkThat(
      everyThreadIs(fields.CapBnd!, CHOWN_ONLY),
      `with CHOWN added back, CapBnd ${CHOWN_ONLY} on every thread`,
      fields,
    );
  },
  functionality: benignFunctionality,
};
