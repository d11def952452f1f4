import type { Claim, ClaimContext, ClaimRelaxation } from '../claim.ts';
import { keyPathOf } from '../../config/config-keys.ts';
import { relaxed } from '../context-overrides.ts';
import { benignFunctionality } from '../benign-functionality.ts';
import { checkThat, patchDocker } from '../check.ts';
import { everyThreadIs } from '../thread-status.ts';
import { readThreadFields } from './run-thread-status.ts';

const FIELDS = ['NoNewPrivs', 'Seccomp'];
const NNP_OFF = patchDocker({ noNewPrivileges: false });
const UNCONFINED = patchDocker({ seccompProfile: 'unconfined' });

/** no_new_privileges off, and seccomp unconfined so that such a container starts at all (below). */
const RELAXATION: ClaimRelaxation = {
  description:
    'no_new_privileges: false (with seccomp unconfined when the profile stops such a container from starting)',
  configKey: keyPathOf('docker.noNewPrivileges'),
  configPatch: (config) => UNCONFINED(NNP_OFF(config)),
};

/**
 * With no_new_privileges off, runc loads the seccomp filter before it drops capabilities and
 * switches user, so a strict profile that denies capset/prctl/setresuid (ours does) stops the
 * container from starting ("unable to apply bounding set: operation not permitted"). Then the
 * control cannot relax this protection alone: it also sets seccomp unconfined, and records a
 * third run, seccomp unconfined alone, to show the profile is not what sets NoNewPrivs.
 */
async function nnpOffControl(context: ClaimContext) {
  try {
    return {
      relaxed: ['no_new_privileges: false'],
      fields: await readThreadFields(context, FIELDS, { configPatch: NNP_OFF }),
    };
  } catch (error) {
    const aloneFailed = (error as Error).message;
    if (!/operation not permitted/i.test(aloneFailed) || context.config.docker.seccompProfile === 'unconfined')
      throw error;
    const fields = await readThreadFields(context, FIELDS, relaxed(RELAXATION));
    const seccompAlone = await readThreadFields(context, FIELDS, { configPatch: UNCONFINED });
    return {
      relaxed: ['no_new_privileges: false', 'seccomp: unconfined (needed to start)'],
      aloneFailed,
      fields,
      seccompAloneNoNewPrivs: seccompAlone.NoNewPrivs,
    };
  }
}

// gVisor's /proc/<pid>/status has no NoNewPrivs line, and prctl(PR_GET_NO_NEW_PRIVS) is denied
// by our profile: there the flag cannot be seen, and the claim is unmeasurable, never assumed.
const GVISOR_NO_LINE =
  "no thread's /proc status has a NoNewPrivs line (gVisor does not show it), so the flag cannot be read";
const noNewPrivsLineAbsent = (field: { threads: number; missing: number }) =>
  field.threads > 0 && field.missing === field.threads;
export const noNewPrivileges: Claim = {
  id: 'no-new-privileges',
  layer: '2',
  statement: 'no_new_privs is set on every thread: no setuid binary or file capability can raise privileges.',
  relaxation: RELAXATION,
  async probe(context) {
    const fields = await readThreadFields(context, FIELDS);
    const check = checkThat(everyThreadIs(fields.NoNewPrivs!, '1'), 'NoNewPrivs 1 on every thread', fields);
    if (noNewPrivsLineAbsent(fields.NoNewPrivs!)) check.unmeasurable = GVISOR_NO_LINE;
    return check;
  },
  async control(context) {
    const { fields, ...how } = await nnpOffControl(context);
    if (noNewPrivsLineAbsent(fields.NoNewPrivs!))
      return {
        passed: false,
        expected: 'NoNewPrivs 0 on every thread',
        observed: { ...how, ...fields },
        unmeasurable: GVISOR_NO_LINE,
      };
    const seccompAloneKeepsIt =
      how.seccompAloneNoNewPrivs === undefined || everyThreadIs(how.seccompAloneNoNewPrivs, '1');
    return checkThat(
      everyThreadIs(fields.NoNewPrivs!, '0') && seccompAloneKeepsIt,
      'with no_new_privileges false, NoNewPrivs 0 on every thread (and 1 with seccomp unconfined alone, when that had to be combined)',
      { ...how, ...fields },
    );
  },
  functionality: benignFunctionality,
};
