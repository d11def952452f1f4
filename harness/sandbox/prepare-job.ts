import { emptyResult, type ExecutionMode, type ExecutionResult } from './execution-result.ts';
import { keyPathOf } from '../config/config-keys.ts';
import { ModuleShapeError, moduleToScript } from './module-script.ts';
import { newNonce, type RunnerJob } from './runner-protocol.ts';

/**
 * Turns strategy code and its input into a runner job, or into the result that explains why
 * it cannot run: a job over the size cap is `rejected`; text that is not a module with a
 * default export is the strategy's `error`. Nothing has started at this point.
 */
export function prepareStrategyJob(
  code: string,
  input: unknown,
  maxJobBytes: number,
  mode: ExecutionMode,
): { job: RunnerJob; failure?: undefined } | { job?: undefined; failure: ExecutionResult } {
  let script: string;
  try {
    script = moduleToScript(code);
  } catch (error) {
    if (!(error instanceof ModuleShapeError)) throw error;
    return { failure: { ...emptyResult(mode), status: 'error', message: error.message } };
  }
  const job: RunnerJob = { nonce: newNonce(), kind: 'strategy', script, input };
  const bytes = Buffer.byteLength(JSON.stringify(job));
  if (bytes > maxJobBytes) {
    const message = `the job is ${bytes} bytes, over ${keyPathOf('input.maxJobBytes')} (${maxJobBytes}); nothing was run`;
    return {
      failure: {
        ...emptyResult(mode),
        status: 'rejected',
        message,
        violations: [{ rule: 'job/too-large', message, line: 1, column: 1 }],
      },
    };
  }
  return { job };
}
