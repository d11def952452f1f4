import type { Claim, ClaimContext, ClaimRunOptions } from '../claim.ts';
import { checkThat, MiB, patchOutput, resultSummary } from '../check.ts';
import { OUTPUT_FLOOD_STRATEGY } from '../strategies/output-strategies.ts';

const LINE_BYTES = 64 * 1024;

function flood(context: ClaimContext, totalBytes: number, options?: ClaimRunOptions) {
  return context.runStrategy(OUTPUT_FLOOD_STRATEGY, { totalBytes, lineBytes: LINE_BYTES, stream: 'stdout' }, options);
}

export const outputCap: Claim = {
  id: 'output-cap',
  layer: '2',
  statement: 'Output is capped at max_stdout_bytes: a flood is stopped (output-limit), what was kept is the cap, and the true byte count is recorded.',
  relaxes: 'a larger output cap (4x the flood)',
  async probe(context) {
    const cap = context.config.output.maxStdoutBytes;
    const totalBytes = 4 * cap;
    const result = await flood(context, totalBytes);
    return checkThat(
      result.status === 'output-limit' && result.truncated && result.stdoutBytes > cap && Buffer.byteLength(result.stdout) === cap,
      `printing ${totalBytes} bytes with a ${cap}-byte cap: output-limit, truncated, ${cap} bytes kept, more than ${cap} counted`,
      { capBytes: cap, floodBytes: totalBytes, keptBytes: Buffer.byteLength(result.stdout), ...resultSummary(result) },
    );
  },
  async control(context) {
    const cap = context.config.output.maxStdoutBytes;
    const totalBytes = 4 * cap;
    const printedBytes = Math.ceil(totalBytes / LINE_BYTES) * LINE_BYTES;
    const result = await flood(context, totalBytes, { configPatch: patchOutput({ maxStdoutBytes: 4 * totalBytes }) });
    return checkThat(
      result.status === 'ok' && !result.truncated && result.stdoutBytes === printedBytes,
      `with a ${4 * totalBytes}-byte cap the same flood completes: ok, all ${printedBytes} bytes kept`,
      { capBytes: 4 * totalBytes, floodBytes: printedBytes, ...resultSummary(result) },
    );
  },
  async functionality(context) {
    const result = await flood(context, 4 * LINE_BYTES);
    return checkThat(result.status === 'ok' && result.stdoutBytes === 4 * LINE_BYTES && !result.truncated, `a strategy printing ${4 * LINE_BYTES} bytes is ok with its output intact`, resultSummary(result));
  },
};
