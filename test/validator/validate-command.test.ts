import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { validateCommand } from '../../harness/cli/validate-command.ts';
import { UsageError } from '../../harness/errors.ts';

const folder = mkdtempSync(join(tmpdir(), 'sandbox-gate-validate-'));
const clean = join(folder, 'clean.js');
const dirty = join(folder, 'dirty.js');
writeFileSync(clean, 'export default ({ close }) => close.map((row) => row.map(() => 1));\n');
writeFileSync(dirty, "export default () => {\n  return require('fs');\n};\nexport const x = 1;\n");

afterAll(() => rmSync(folder, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function captureStdout(): () => string {
  const chunks: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return () => chunks.join('');
}

describe('validateCommand', () => {
  it('returns 0 and says ok for a clean strategy', async () => {
    const output = captureStdout();
    expect(await validateCommand(clean, { json: false })).toBe(0);
    expect(output()).toBe(`${clean}: ok, no violations\n`);
  });

  it('returns 1 and lists file:line:column, rule and message for each violation', async () => {
    const output = captureStdout();
    expect(await validateCommand(dirty, { json: false })).toBe(1);
    const lines = output().trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(new RegExp(`^${dirty.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:10  ambient/require  .+`));
    expect(lines[1]).toContain(':4:1  shape/named-export  ');
    expect(lines[2]).toBe(`${dirty}: 2 violations`);
  });

  it('prints exactly one JSON document with --json', async () => {
    const output = captureStdout();
    expect(await validateCommand(dirty, { json: true })).toBe(1);
    const document = JSON.parse(output());
    expect(document.ok).toBe(false);
    expect(document.files).toHaveLength(1);
    expect(document.files[0].file).toBe(dirty);
    expect(
      document.files[0].violations.map(
        (v: { rule: string; line: number; column: number }) => `${v.rule}@${v.line}:${v.column}`,
      ),
    ).toEqual(['ambient/require@2:10', 'shape/named-export@4:1']);
  });

  it('prints ok: true and no violations as JSON for a clean strategy', async () => {
    const output = captureStdout();
    expect(await validateCommand(clean, { json: true })).toBe(0);
    expect(JSON.parse(output())).toEqual({ ok: true, files: [{ file: clean, ok: true, violations: [] }] });
  });

  it('throws a UsageError naming the path when the file does not exist', async () => {
    const missing = join(folder, 'missing.js');
    const attempt = validateCommand(missing, { json: false });
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(validateCommand(missing, { json: true })).rejects.toThrow(missing);
  });
});
