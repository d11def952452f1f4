import type { Claim, ClaimContext, ClaimRelaxation, ClaimRunOptions } from '../claim.ts';
import { keyPathOf } from '../../config/config-keys.ts';
import { relaxed } from '../context-overrides.ts';
import { checkThat, patchOutput, resultSummary } from '../check.ts';
import { OUTPUT_FLOOD_STRATEGY } from '../strategies/output-strategies.ts';

const LINE_BYTES = 64 * 1024;
/** The probe floods 4x the cap; the relaxed cap is 4x that flood, so all of it is kept. */
const FLOOD_PER_CAP = 4;
const RELAXED_CAP_PER_FLOOD = 4;

const RELAXATION: ClaimRelaxation = {
  description: `a larger output cap (${RELAXED_CAP_PER_FLOOD}x the flood)`,
  configKey: keyPathOf('output.maxStdoutBytes'),
  configPatch: (config) =>
    patchOutput({ maxStdoutBytes: RELAXED_CAP_PER_FLOOD * FLOOD_PER_CAP * config.output.maxStdoutBytes })(config),
};

function flood(context: ClaimContext, totalBytes: number, options?: ClaimRunOptions) {
  return context.runStrategy(OUTPUT_FLOOD_STRATEGY, { totalBytes, lineBytes: LINE_BYTES, stream: 'stdout' }, options);
}

export const outputCap: Claim = {
  id: 'output-cap',
  layer: '2',
  statement:
    'Output is capped at max_stdout_bytes: a flood is stopped (output-limit), what was kept is the cap, and the true byte count is recorded.',
  relaxation: RELAXATION,
  async probe(context) {
    const cap = context.config.output.maxStdoutBytes;
    const totalBytes = FLOOD_PER_CAP * cap;
    const result = await flood(context, totalBytes);
    return checkThat(
      result.status === 'output-limit' &&
        result.truncated &&
        result.stdoutBytes > cap &&
        Buffer.byteLength(result.stdout) === cap,
      `printing ${totalBytes} bytes with a ${cap}-byte cap: output-limit, truncated, ${cap} bytes kept, more than ${cap} counted`,
      { capBytes: cap, floodBytes: totalBytes, keptBytes: Buffer.byteLength(result.stdout), ...resultSummary(result) },
    );
  },
  async control(context) {
    const cap = context.config.output.maxStdoutBytes;
    const totalBytes = FLOOD_PER_CAP * cap;
    const relaxedCap = RELAXED_CAP_PER_FLOOD * totalBytes;
    const printedBytes = Math.ceil(totalBytes / LINE_BYTES) * LINE_BYTES;
    const result = await flood(context, totalBytes, relaxed(RELAXATION));
    return checkThat(
      result.status === 'ok' && !result.truncated && result.stdoutBytes === printedBytes,
      `with a ${relaxedCap}-byte cap the same flood completes: ok, all ${printedBytes} bytes kept`,
      { capBytes: relaxedCap, floodBytes: printedBytes, ...resultSummary(result) },
    );
  },
  async functionality(context) {
    const result = await flood(context, 4 * LINE_BYTES);
    return checkThat(
      result.status === 'ok' && result.stdoutBytes === 4 * LINE_BYTES && !result.truncated,
      `a strategy printing ${4 * LINE_BYTES} bytes is ok with its output intact`,
      resultSummary(result),
    );
  },
};
