// Relative paths in a config resolve against the config file's folder (as docker compose does),
// whatever the working directory; the built-in defaults resolve against the package's config/.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { makeConfigPathsAbsolute } from '../../harness/config/absolute-paths.ts';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../../harness/config/load-config.ts';
import { PACKAGE_CONFIG_DIR } from '../../harness/config/package-config-dir.ts';
import { DEFAULT_SANDBOX_CONFIG } from '../../harness/config/sandbox-config.ts';
import { ConfigError } from '../../harness/errors.ts';
import { loadSeccompProfile } from '../../harness/sandbox/docker/seccomp-profile.ts';

const PACKAGE_PROFILE = path.join(PACKAGE_CONFIG_DIR, '..', 'seccomp', 'sandbox-node.json');
const profileLine = (value: string) => `sandbox:\n  docker:\n    seccomp_profile: ${value}\n`;

describe('relative paths in a config', () => {
  let root: string;
  let cwd: string;
  beforeEach(async () => {
    cwd = process.cwd();
    // <root>/project/conf/my.yaml names profiles/p.json: <root>/project/conf/profiles/p.json.
    // The test runs from <root>/elsewhere, where neither the config nor the profile is.
    root = await mkdtemp(path.join(tmpdir(), 'sandbox-gate-config-paths-'));
    await mkdir(path.join(root, 'project', 'conf', 'profiles'), { recursive: true });
    await mkdir(path.join(root, 'elsewhere'));
    await copyFile(PACKAGE_PROFILE, path.join(root, 'project', 'conf', 'profiles', 'p.json'));
    process.chdir(path.join(root, 'elsewhere'));
  });
  afterEach(async () => {
    process.chdir(cwd);
    await rm(root, { recursive: true, force: true });
  });

  it("resolve against the config file's folder, not the working directory", async () => {
    await writeFile(path.join(root, 'project', 'conf', 'my.yaml'), profileLine('profiles/p.json'));
    const loaded = await loadConfig('../project/conf/my.yaml');
    const expected = path.join(root, 'project', 'conf', 'profiles', 'p.json');
    expect(loaded.sandbox.docker.seccompProfile).toBe(expected);
    const profile = await loadSeccompProfile(loaded.sandbox.docker.seccompProfile, loaded.file);
    expect(profile !== 'unconfined' && profile.path).toBe(expected);
  });

  it('control: the same relative path from the working directory would have missed', async () => {
    await expect(loadSeccompProfile('profiles/p.json')).rejects.toThrow(ConfigError);
  });

  it('an absolute path stays as it is; unconfined stays a word', async () => {
    const absolute = path.join(root, 'project', 'conf', 'profiles', 'p.json');
    await writeFile(path.join(root, 'project', 'abs.yaml'), profileLine(absolute));
    expect((await loadConfig(path.join(root, 'project', 'abs.yaml'))).sandbox.docker.seccompProfile).toBe(absolute);
    await writeFile(path.join(root, 'project', 'off.yaml'), profileLine('unconfined'));
    expect((await loadConfig(path.join(root, 'project', 'off.yaml'))).sandbox.docker.seccompProfile).toBe('unconfined');
  });

  it('a missing profile is a ConfigError naming the config file, the key and the resolved path', async () => {
    const file = path.join(root, 'project', 'conf', 'missing.yaml');
    await writeFile(file, profileLine('profiles/nope.json'));
    const error = await loadConfig(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.file).toBe(file);
    expect(configError.keyPath).toBe('sandbox.docker.seccomp_profile');
    expect(configError.message).toContain(path.join(root, 'project', 'conf', 'profiles', 'nope.json'));
    expect(configError.message).toContain('(ENOENT)');
    expect(configError.message).toContain(`relative paths resolve against ${path.join(root, 'project', 'conf')}`);
  });

  it('a key left out takes the package profile, from any folder', async () => {
    await writeFile(path.join(root, 'project', 'bare.yaml'), 'sandbox:\n  enabled: true\n');
    const loaded = await loadConfig(path.join(root, 'project', 'bare.yaml'));
    expect(loaded.sandbox.docker.seccompProfile).toBe(PACKAGE_PROFILE);
    expect(DEFAULT_SANDBOX_CONFIG.docker.seccompProfile).toBe(PACKAGE_PROFILE);
  });

  it("the default config is the package's, and loads from any working directory", async () => {
    expect(DEFAULT_CONFIG_PATH).toBe(path.join(PACKAGE_CONFIG_DIR, 'learning_system.yaml'));
    const loaded = await loadConfig();
    expect(loaded.file).toBe(DEFAULT_CONFIG_PATH);
    expect(loaded.sandbox).toEqual(DEFAULT_SANDBOX_CONFIG);
  });

  it('a copy of the shipped config written elsewhere keeps its profile once its paths are made absolute', async () => {
    const document = parseDocument(profileLine('../seccomp/sandbox-node.json'));
    makeConfigPathsAbsolute(document, DEFAULT_CONFIG_PATH);
    await writeFile(path.join(root, 'copy.yaml'), String(document));
    expect((await loadConfig(path.join(root, 'copy.yaml'))).sandbox.docker.seccompProfile).toBe(PACKAGE_PROFILE);
    // Control: the same text copied as it is points next to the copy, where no profile is.
    await writeFile(path.join(root, 'raw.yaml'), profileLine('../seccomp/sandbox-node.json'));
    await expect(loadConfig(path.join(root, 'raw.yaml'))).rejects.toThrow(/sandbox\.docker\.seccomp_profile: .*ENOENT/);
  });
});
