import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.ts';
import { validateStrategy } from '../sandbox/validator/validate-strategy.ts';

export interface ValidateCommandOptions {
  /** Print exactly one JSON document `{ file, ok, violations }` instead of the human list. */
  json: boolean;
}

/**
 * `sandbox-gate validate FILE [--json]`: layer 1 alone. Prints the violations and returns
 * the exit code: 0 when the strategy is clean, 1 when it has violations.
 * @throws UsageError when the file cannot be read.
 */
export async function validateCommand(file: string, options: ValidateCommandOptions): Promise<number> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new UsageError(`validate: cannot read strategy file ${file}: ${reason}`, { cause: error });
  }
  const report = validateStrategy(source);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ file, ok: report.ok, violations: report.violations })}\n`);
  } else {
    const lines = report.violations.map((v) => `${file}:${v.line}:${v.column}  ${v.rule}  ${v.message}`);
    const count = report.violations.length;
    lines.push(count === 0 ? `${file}: ok, no violations` : `${file}: ${count} violation${count === 1 ? '' : 's'}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return report.ok ? 0 : 1;
}
