import { validateStrategy } from '../sandbox/validator/validate-strategy.ts';
import { readInputFile } from './read-strategy.ts';

export interface ValidateCommandOptions {
  /** Print exactly one JSON document `{ ok, files: [{ file, ok, violations }] }` instead of the human list. */
  json: boolean;
}

/**
 * `sandbox-gate validate FILE... [--json]`: layer 1 alone, on each file. Prints one line per
 * violation as `file:line:column  rule  message` (eslint's compact style, which editors and CI
 * annotations can jump to) and a total; returns 0 when every file is clean, 1 when any has
 * violations.
 * @throws UsageError when a file cannot be read (missing, a directory, unreadable): nothing is
 *         validated then, so a typo cannot pass as "clean".
 */
export async function validateCommand(files: string | string[], options: ValidateCommandOptions): Promise<number> {
  const list = typeof files === 'string' ? [files] : files;
  const sources = await Promise.all(list.map((file) => readInputFile(file, 'strategy file')));
  const reports = list.map((file, index) => ({ file, ...validateStrategy(sources[index]!) }));
  const ok = reports.every((report) => report.ok);
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ ok, files: reports.map(({ file, ok: fileOk, violations }) => ({ file, ok: fileOk, violations })) })}\n`,
    );
    return ok ? 0 : 1;
  }
  const lines: string[] = [];
  for (const { file, violations } of reports) {
    for (const v of violations) lines.push(`${file}:${v.line}:${v.column}  ${v.rule}  ${v.message}`);
  }
  const count = reports.reduce((sum, report) => sum + report.violations.length, 0);
  const dirty = reports.filter((report) => !report.ok).length;
  if (list.length === 1)
    lines.push(count === 0 ? `${list[0]}: ok, no violations` : `${list[0]}: ${plural(count, 'violation')}`);
  else
    lines.push(
      count === 0
        ? `${list.length} files ok, no violations`
        : `${plural(count, 'violation')} in ${dirty} of ${list.length} files`,
    );
  process.stdout.write(`${lines.join('\n')}\n`);
  return ok ? 0 : 1;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
