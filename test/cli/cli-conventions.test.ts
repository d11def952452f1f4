import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { main } from '../../harness/cli.ts';
import { attachDecision } from '../../harness/decision/attach-decision.ts';
import { defaultPolicy, sampleResults } from '../decision/support.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'sandbox-gate.js');
const folder = mkdtempSync(join(tmpdir(), 'sandbox-gate-cli-'));
const clean = join(folder, 'clean.js');
const dirty = join(folder, 'dirty.js');
writeFileSync(clean, 'export default ({ close }) => close.map((row) => row.map(() => 1));\n');
writeFileSync(dirty, "export default () => require('fs');\n");
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let stdout: MockInstance;
let stderr: MockInstance;
beforeEach(() => {
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());
const out = (): string => stdout.mock.calls.map((call) => String(call[0])).join('');
const err = (): string => stderr.mock.calls.map((call) => String(call[0])).join('');

describe('sandbox-gate follows the CLI conventions', () => {
  it('--version prints the package version and exits 0', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await main(['--version'])).toBe(0);
    expect(out()).toBe(`${version}\n`);
  });

  it('validate takes several files: one line per violation, a total, exit 1 when any file has violations', async () => {
    expect(await main(['validate', clean, dirty])).toBe(1);
    const lines = out().trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${dirty.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:22  ambient/require  `));
    expect(lines.at(-1)).toBe('1 violation in 1 of 2 files');
    stdout.mockClear();
    expect(await main(['validate', clean, clean])).toBe(0);
    expect(out()).toBe('2 files ok, no violations\n');
  });

  it('validate --json prints one document for all files', async () => {
    expect(await main(['validate', clean, dirty, '--json'])).toBe(1);
    const document = JSON.parse(out());
    expect(document.ok).toBe(false);
    expect(document.files.map((file: { file: string; ok: boolean }) => [file.file, file.ok])).toEqual([
      [clean, true],
      [dirty, false],
    ]);
  });

  it.each([
    ['gc', 'stray'],
    ['doctor', 'stray'],
    ['report', '--from', 'r.json', 'stray'],
    ['exec', clean, 'stray'],
    ['run', 'stray'],
  ])('%s with an extra argument is a usage error: exit 2, one line and a hint, not the whole help', async (...argv) => {
    expect(await main(argv)).toBe(2);
    const lines = err().trimEnd().split('\n');
    expect(lines).toEqual([
      `sandbox-gate: too many arguments for '${argv[0]}'. Expected ${argv[0] === 'exec' ? 1 : 0} argument${argv[0] === 'exec' ? '' : 's'} but got ${argv[0] === 'exec' ? 2 : 1}.`,
      `  run \`sandbox-gate ${argv[0]} --help\` for usage`,
    ]);
    expect(out()).toBe('');
  });

  it('an unknown option is one line and a hint', async () => {
    expect(await main(['validate', '--strict', clean])).toBe(2);
    expect(err()).toBe("sandbox-gate: unknown option '--strict'\n  run `sandbox-gate validate --help` for usage\n");
  });

  it.each([['validate'], ['exec']])(
    '%s: a directory or a missing strategy is a usage error (exit 2) that says what it is',
    async (command) => {
      expect(await main([command, folder])).toBe(2);
      expect(err()).toContain(`cannot read strategy file ${folder}: it is a directory, not a file`);
      stderr.mockClear();
      expect(await main([command, join(folder, 'absent.js')])).toBe(2);
      expect(err()).toContain('no such file');
    },
  );

  it('with --json an error is one JSON document on stdout and nothing on stderr', async () => {
    expect(await main(['validate', folder, '--json'])).toBe(2);
    expect(JSON.parse(out())).toEqual({
      error: {
        code: 'SANDBOX_GATE_USAGE',
        message: `cannot read strategy file ${folder}: it is a directory, not a file`,
        exitCode: 2,
      },
    });
    expect(err()).toBe('');
    stdout.mockClear();
    expect(await main(['gc', 'stray', '--json'])).toBe(2);
    expect(JSON.parse(out()).error.exitCode).toBe(2);
    expect(err()).toBe('');
  });

  it('a misspelled top-level config section is a configuration error (exit 2) with "did you mean"', async () => {
    const config = join(folder, 'misspelled.yaml');
    writeFileSync(config, 'sandbx:\n  enabled: true\n');
    expect(await main(['exec', clean, '--config', config])).toBe(2);
    expect(err()).toContain('sandbx: expected no such top-level section (did you mean sandbox?)');
  });

  it('one spelling per idea: audit takes --json (not --format json); --json and --sarif exclude each other', async () => {
    expect(await main(['audit', '--format', 'json'])).toBe(2);
    expect(err()).toContain("unknown option '--format'");
    stderr.mockClear();
    expect(await main(['audit', '--json', '--sarif'])).toBe(2);
    expect(JSON.parse(out()).error.message).toBe("option '--sarif' cannot be used with option '--json'");
  });
});

describe('report --from never writes into the folder it read unless --out says so', () => {
  const run = mkdtempSync(join(tmpdir(), 'sandbox-gate-report-'));
  const from = join(run, 'results.json');
  writeFileSync(from, `${JSON.stringify(attachDecision(sampleResults(), defaultPolicy()), null, 2)}\n`);
  afterAll(() => rmSync(run, { recursive: true, force: true }));

  it('without --out it prints the report and writes nothing', async () => {
    expect(await main(['report', '--from', from])).toBe(0);
    expect(out()).toMatch(/^# Sandbox decision report\n/);
    expect(readdirSync(run)).toEqual(['results.json']);
  });

  it('--json prints the decision and the report as one document', async () => {
    expect(await main(['report', '--from', from, '--json'])).toBe(0);
    const document = JSON.parse(out());
    expect(document).toMatchObject({ outcome: 'document-only', gatePassed: true });
    expect(document.report).toMatch(/^# Sandbox decision report\n/);
  });

  it('--out naming that folder writes the report, the evidence, the config and the alert rules there', async () => {
    expect(await main(['report', '--from', from, '--out', run])).toBe(0);
    expect(readdirSync(run).sort()).toEqual([
      'alerts.yml',
      'decision-report.md',
      'evidence.md',
      'learning_system.yaml',
      'results.json',
    ]);
    expect(out()).toBe('');
  });
});

describe('a closed stdout', () => {
  it('is a quiet exit 0, not an EPIPE stack trace (`sandbox-gate doctor | head -2`)', async () => {
    // The reader closes its end before the command writes: the write fails with EPIPE.
    const child = spawn(process.execPath, [BIN, 'validate', clean, dirty], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderrText = '';
    child.stderr.on('data', (chunk: Buffer) => (stderrText += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderrText).toBe('');
    expect(code).toBe(0);
  });
});
