/**
 * Progress for long work: shown on a terminal, quiet in CI and with --json (machine output
 * only on stdout; progress always goes to stderr).
 */
export type Progress = (line: string) => void;

export function createProgress(options: { json?: boolean } = {}): Progress {
  const show = !options.json && process.stderr.isTTY === true && process.env.CI !== 'true';
  return show ? (line) => process.stderr.write(`${line}\n`) : () => {};
}
