import type { Claim, ClaimRelaxation, ClaimContext, ClaimRunOptions } from '../claim.ts';
import { keyPathOf } from '../../config/config-keys.ts';
import { benignFunctionality } from '../benign-functionality.ts';
import { relaxed } from '../context-overrides.ts';
import { checkThat, probeValue } from '../check.ts';

interface TmpfsExec {
  source: string;
  copied: { ok: boolean; bytes?: number; errno?: string };
  ran?: { ok: boolean; errno?: string; stdout?: string };
}

// The dynamic loader is a real ELF executable of a few hundred KiB that runs on its own
// (`--version`), so the copy fits the tmpfs and size is never why exec fails.
async function copyAndRun(context: ClaimContext, options?: ClaimRunOptions): Promise<TmpfsExec> {
  return probeValue<TmpfsExec>(await context.runProbe('tmpfs-exec', {}, options), 'tmpfs-exec');
}

const RELAXATION: ClaimRelaxation = {
  description: 'tmpfs mounted exec (relax.tmpfsExec)',
  configKey: keyPathOf('docker.tmpfsBytes'),
  relax: { tmpfsExec: true },
};

export const tmpfsNoexec: Claim = {
  id: 'tmpfs-noexec',
  layer: '2',
  statement: 'Nothing written to /tmp can be executed: the tmpfs is mounted noexec (execve gives EACCES).',
  relaxation: RELAXATION,
  async probe(context) {
    const outcome = await copyAndRun(context);
    return checkThat(
      outcome.copied.ok && outcome.ran?.ok === false && outcome.ran.errno === 'EACCES',
      'the copied executable is in /tmp and execve gives EACCES',
      { ...outcome },
    );
  },
  async control(context) {
    const outcome = await copyAndRun(context, relaxed(RELAXATION));
    return checkThat(
      outcome.copied.ok && outcome.ran?.ok === true && /ld\.so/.test(outcome.ran.stdout ?? ''),
      'with /tmp mounted exec the same copy runs and prints its version',
      { ...outcome },
    );
  },
  functionality: benignFunctionality,
};
