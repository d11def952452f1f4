import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CODE_ROOT,
  findPackageRoot,
  PACKAGE_ROOT,
  packagePath,
  packageVersion,
  RUNNING_BUILT,
} from '../../harness/package-root.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'sandbox-gate-package-root-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function manifest(dir: string, name: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '9.9.9' }));
}

describe('package-root', () => {
  it('finds the nearest package.json named sandbox-gate, skipping one of another name on the way (an installed copy in node_modules)', () => {
    const installed = path.join(scratch, 'app/node_modules/sandbox-gate');
    manifest(path.join(scratch, 'app'), 'trading-app');
    manifest(installed, 'sandbox-gate');
    manifest(path.join(installed, 'dist/harness'), 'not-us');
    expect(findPackageRoot(path.join(installed, 'dist/harness'))).toBe(installed);
    expect(findPackageRoot(path.join(installed, 'dist/harness/cli'))).toBe(installed);
  });

  it('names the start folder when no sandbox-gate package.json is above it', () => {
    const lone = path.join(scratch, 'lone/deep');
    manifest(path.join(scratch, 'lone'), 'trading-app');
    mkdirSync(lone, { recursive: true });
    expect(() => findPackageRoot(lone)).toThrow(`no package.json named sandbox-gate in ${lone} or any folder above it`);
  });

  it('from the sources: the root is the repository, the harness runs from it, and assets resolve there', () => {
    expect(RUNNING_BUILT).toBe(false);
    expect(CODE_ROOT).toBe(PACKAGE_ROOT);
    expect(packagePath('config/learning_system.yaml')).toBe(path.join(PACKAGE_ROOT, 'config', 'learning_system.yaml'));
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
