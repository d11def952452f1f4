#!/usr/bin/env node
// The package's command: the compiled CLI of dist/ (`npm run build`; `npm ci` builds it through
// the `prepare` script, and an installed tarball ships it). Plain JavaScript, no tsx: starting
// through tsx cost 1.6-2.8 s per command (issue 15).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/harness/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    'sandbox-gate: dist/harness/cli.js is missing; run `npm run build` in the package folder (npm ci does it through `prepare`)\n',
  );
  process.exit(3);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
