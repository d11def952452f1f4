/**
 * What exit 1 means for each command (0, 2 and 3 mean the same everywhere), printed at the
 * end of every command's --help and kept in step with the README's table of commands.
 */
const NOT_OK: Record<string, string> = {
  run: 'the gate failed (the decision and the rule are printed)',
  report: 'not used',
  audit: 'a claim or a container setting does not hold',
  bench: 'not used (a mode that cannot be measured is reported as absent)',
  gc: 'not used',
  exec: 'the strategy ended with a status other than ok (rejected, error, timeout, oom, output-limit)',
  validate: 'layer 1 found violations',
  doctor: 'not used',
  build: 'not used',
};

/** The "Exit codes" block of a command's --help. */
export function exitCodesHelp(command: string): string {
  return [
    '',
    'Exit codes:',
    '  0  ok',
    `  1  ${NOT_OK[command] ?? 'not ok'}`,
    '  2  usage or configuration error (names the file, the key, what was expected and found)',
    '  3  environment: no Docker Engine answers, or the image or runtime is missing, or the engine',
    '     failed mid-run (fix: sudo scripts/docker-engine.sh; see what is missing: sandbox-gate doctor)',
  ].join('\n');
}
