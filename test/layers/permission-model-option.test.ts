import { describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_CONFIG } from '../../harness/config/sandbox-config.ts';
import { LocalExecutor } from '../../harness/sandbox/local/local-executor.ts';

// The audit-only switch the layer matrix uses to measure layer 1b alone. It must drop the
// permission model's flags and nothing else, and it must be off unless asked for.
describe('LocalExecutor permissionModel (audit only)', () => {
  const hardened = new LocalExecutor(DEFAULT_SANDBOX_CONFIG).commandLine();
  const audit = new LocalExecutor(DEFAULT_SANDBOX_CONFIG, { permissionModel: false }).commandLine();

  it('keeps the permission model by default', () => {
    expect(hardened[0]).toBe('--experimental-permission');
    // Reads of exactly four files: the runner, its look-ahead check (issue 16), its ses loader and ses.
    expect(hardened.filter((arg) => arg.startsWith('--allow-fs-read=')).map((arg) => arg.replace(/^.*\//, ''))).toEqual(
      ['runner.cjs', 'lookahead.mjs', 'ses-loader.cjs', 'ses.umd.js'],
    );
    expect(new LocalExecutor(DEFAULT_SANDBOX_CONFIG, { permissionModel: true }).commandLine()).toEqual(hardened);
  });

  it('false drops exactly the permission flags; heap cap, runner and ses stay', () => {
    const isPermission = (arg: string) => arg === '--experimental-permission' || arg.startsWith('--allow-fs-read=');
    expect(audit).toEqual(hardened.filter((arg) => !isPermission(arg)));
    expect(audit.some((arg) => arg.startsWith('--max-old-space-size='))).toBe(true);
    expect(audit.at(-1)).toMatch(/^--ses=/);
  });
});
