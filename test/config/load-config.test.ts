import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rejection } from './config-rejection.ts';
import { loadConfig, parseConfig } from '../../harness/config/load-config.ts';
import { DEFAULT_SANDBOX_CONFIG } from '../../harness/config/sandbox-config.ts';
import { formatSize, parseSizeBytes } from '../../harness/config/size.ts';

const FILE = 'config/learning_system.yaml';
const SHIPPED = readFileSync(FILE, 'utf8');

/** The message parseConfig throws for `text`, or a failure when it does not throw a ConfigError. */

describe('loadConfig', () => {
  it('the shipped file loads to the documented defaults, in code units', async () => {
    const { sandbox } = await loadConfig(FILE);
    expect(sandbox).toEqual(DEFAULT_SANDBOX_CONFIG);
    expect(sandbox.docker.memoryBytes).toBe(2 * 1024 ** 3);
    expect(sandbox.docker.timeoutMs).toBe(300_000);
  });

  it('applies defaults under a minimal file', () => {
    expect(parseConfig('sandbox:\n  enabled: false\n', 'min.yaml').sandbox).toEqual({
      ...DEFAULT_SANDBOX_CONFIG,
      enabled: false,
    });
  });

  it.each([
    [
      'memory_limit: lots',
      SHIPPED.replace('memory_limit: 2g', 'memory_limit: lots'),
      'sandbox.docker.memory_limit',
      /expected a size with a unit such as 2g or 256m.*found "lots"/,
    ],
    [
      'a negative timeout',
      SHIPPED.replace('timeout_seconds: 300', 'timeout_seconds: -5'),
      'sandbox.docker.timeout_seconds',
      /expected a number > 0 .*found -5/,
    ],
    [
      'a string where a number belongs',
      SHIPPED.replace('pids_limit: 64', 'pids_limit: many'),
      'sandbox.docker.pids_limit',
      /expected an integer >= 8/,
    ],
    [
      'an unknown key',
      SHIPPED.replace('  pool:\n', '  pool:\n    sizee: 3\n'),
      'sandbox.pool.sizee',
      /no such key here \(did you mean size\?\); known keys are enabled, size, idle_seconds/,
    ],
    [
      'a runtime that is not runc or runsc',
      SHIPPED.replace('runtime: runc', 'runtime: kata'),
      'sandbox.docker.runtime',
      /one of runc, runsc/,
    ],
    [
      'a capability list with a lower-case name',
      SHIPPED.replace('cap_add: []', 'cap_add: [net_raw]'),
      'sandbox.docker.cap_add',
      /capability names/,
    ],
    [
      'a boolean written as text',
      SHIPPED.replace('enabled: true                 #', 'enabled: "yes"                #'),
      'sandbox.enabled',
      /true or false/,
    ],
  ])('%s names the file, the key, what was expected and what was found', (_name, text, keyPath, message) => {
    const error = rejection(text);
    expect(error.code).toBe('SANDBOX_GATE_CONFIG_INVALID');
    expect(error.keyPath).toBe(keyPath);
    expect(error.message.startsWith(`bad.yaml: ${keyPath}: expected `)).toBe(true);
    expect(error.message).toMatch(message);
  });

  it('a YAML syntax error and a missing sandbox section are configuration errors too', () => {
    expect(rejection('sandbox: [unclosed\n').message).toMatch(
      /^bad\.yaml: \(root\): expected valid YAML, found "a syntax error: Flow sequence/,
    );
    expect(rejection('{}\n').message).toBe('bad.yaml: sandbox: expected a sandbox: section, found nothing');
  });

  it('an unknown top-level section is a configuration error, with "did you mean" for a misspelling', () => {
    const misspelled = rejection(SHIPPED.replace(/^sandbox:/m, 'sandbx:'));
    expect(misspelled.keyPath).toBe('sandbx');
    expect(misspelled.message).toMatch(
      /^bad\.yaml: sandbx: expected no such top-level section \(did you mean sandbox\?\); known sections are sandbox, found /,
    );
    const other = rejection(`${SHIPPED}\nlogging:\n  level: debug\n`);
    expect(other.keyPath).toBe('logging');
    expect(other.message).not.toContain('did you mean');
  });

  it('an unreadable file names the path', async () => {
    await expect(loadConfig('does/not/exist.yaml')).rejects.toThrow(
      /^does\/not\/exist\.yaml: \(root\): expected a readable YAML file, found "an unreadable path \(ENOENT\)"/,
    );
  });
});

describe('sizes', () => {
  it('parses Docker-style sizes and formats them back', () => {
    expect([
      parseSizeBytes('2g'),
      parseSizeBytes('256m'),
      parseSizeBytes('64MB'),
      parseSizeBytes('512b'),
      parseSizeBytes('lots'),
    ]).toEqual([2 * 1024 ** 3, 256 * 1024 ** 2, 64 * 1024 ** 2, 512, undefined]);
    expect([formatSize(2 * 1024 ** 3), formatSize(64 * 1024 ** 2), formatSize(1000)]).toEqual(['2g', '64m', '1000b']);
  });
});
