#!/usr/bin/env node
// The package's command. The harness is TypeScript run through tsx, so a checkout needs
// no build step: `npx sandbox-gate ...` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../harness/cli.ts');
process.exitCode = await main(process.argv.slice(2));
