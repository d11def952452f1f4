import type { Claim, ClaimRelaxation, ClaimContext, ClaimRunOptions } from '../claim.ts';
import { benignFunctionality } from '../benign-functionality.ts';
import { relaxed } from '../context-overrides.ts';
import { checkThat, resultSummary } from '../check.ts';

/** Reaches for the process object directly: a ReferenceError inside the compartment. */
const USES_PROCESS = `export default function strategy() {
  return process.pid;
}
`;

/** Looks for ambient authority without touching it: every way to name `process` or a loader. */
const LOOKS_AROUND = `export default function strategy() {
  return {
    process: typeof process,
    globalProcess: typeof globalThis.process,
    functionProcess: Function('return typeof process')(),
    require: typeof require,
    buffer: typeof Buffer,
  };
}
`;

/** How the direct reference fails: SES's scope terminator gives undefined, so reading .pid throws a TypeError. */
const UNDEFINED_PROCESS =
  /TypeError: Cannot read properties of undefined \(reading 'pid'\)|ReferenceError: process is not defined/;

async function reachForProcess(context: ClaimContext, options?: ClaimRunOptions) {
  const direct = await context.runStrategy(USES_PROCESS, {}, options);
  const looked = await context.runStrategy(LOOKS_AROUND, {}, options);
  const seen = (looked.value ?? {}) as Record<string, string>;
  return {
    direct,
    seen,
    observed: {
      direct: { ...resultSummary(direct), value: direct.value },
      lookAround: { ...resultSummary(looked), value: looked.value },
    },
  };
}

// No config key turns layer 1b off: the relaxation exists for the control only.
const RELAXATION: ClaimRelaxation = {
  description: 'no compartment (relax.noCompartment: the runner evaluates without lockdown or Compartment)',
  configKey: 'sandbox.docker',
  relax: { noCompartment: true },
};

export const sesNoAmbientAuthority: Claim = {
  id: 'ses-no-ambient-authority',
  layer: '1b',
  statement:
    'Inside the compartment a strategy has no ambient authority: process, require and Buffer are not defined, by any route.',
  relaxation: RELAXATION,
  async probe(context) {
    const { direct, seen, observed } = await reachForProcess(context);
    const ambient = ['process', 'globalProcess', 'functionProcess', 'require', 'buffer'];
    return checkThat(
      direct.status === 'error' &&
        UNDEFINED_PROCESS.test(direct.message ?? '') &&
        ambient.every((name) => seen[name] === 'undefined'),
      "status error because process is undefined (SES resolves an unknown free name to undefined: TypeError reading 'pid', or a ReferenceError); typeof process, globalThis.process, Function('…process'), require and Buffer all 'undefined'",
      observed,
    );
  },
  async control(context) {
    const { direct, seen, observed } = await reachForProcess(context, relaxed(RELAXATION));
    // An ES module has no `require` even in the full realm; the control shows process and Buffer.
    return checkThat(
      direct.status === 'ok' &&
        typeof direct.value === 'number' &&
        direct.value > 0 &&
        seen.process === 'object' &&
        seen.globalProcess === 'object' &&
        seen.buffer === 'function',
      'without the compartment the same strategies reach process.pid (a number) and see process and Buffer',
      observed,
    );
  },
  functionality: benignFunctionality,
};
