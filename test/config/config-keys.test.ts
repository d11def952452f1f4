// Tries to sneak a bad value past every key of the table: out of bounds, wrong type, a misspelled
// name. Generated from harness/config/config-keys.ts, so a new key gets these tests for free, and
// a new kind of key without bad values fails here until it has some.
import path from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { Document } from 'yaml';
import { rejection } from './config-rejection.ts';
import { CONFIG_KEYS, type DeclaredProperty } from '../../harness/config/config-keys.ts';
import type { ConfigProperty, LeafSpec } from '../../harness/config/config-key.ts';
import { parseConfig } from '../../harness/config/load-config.ts';
import { PACKAGE_CONFIG_DIR } from '../../harness/config/package-config-dir.ts';
import { getAtPath } from '../../harness/config/property-path.ts';
import { DEFAULT_SANDBOX_CONFIG } from '../../harness/config/sandbox-config.ts';
import { expectedText } from '../../harness/config/schema-check.ts';

/** A config file holding one key, with `value`. */
function withKey(keyPath: string, value: unknown): string {
  const document = new Document({});
  document.setIn(keyPath.split('.'), value);
  return String(document);
}

/** Values just past each bound of a spec (none for a boolean or a free-form string: they only have a type). */
function outOfBounds(spec: LeafSpec): unknown[] {
  switch (spec.kind) {
    case 'number': {
      const values: unknown[] = [];
      if (spec.min !== undefined)
        values.push(
          spec.exclusiveMin ? spec.min : spec.integer ? spec.min - 1 : spec.min > 0 ? spec.min / 2 : spec.min - 1,
        );
      if (spec.max !== undefined) values.push(spec.max + 1);
      if (spec.integer) values.push((spec.min ?? 0) + 0.5);
      return values;
    }
    case 'size':
      return [`${spec.minBytes! - 1}b`, 'lots'];
    case 'string':
      return spec.pattern ? ['Not A Valid Value!'] : [];
    case 'enum':
      return ['not-one-of-them'];
    case 'string-list':
      return [['Not A Valid Value!'], ...(spec.emptyExpected !== undefined ? [[]] : [])];
    case 'boolean':
      return [];
    case 'any':
      throw new Error('a key of kind any cannot be rejected: give it a real spec');
  }
}

/** Values exactly at each bound: the controls, they must load. */
function atBounds(spec: LeafSpec): unknown[] {
  if (spec.kind === 'number')
    return [spec.exclusiveMin ? undefined : spec.min, spec.max].filter((v) => v !== undefined);
  if (spec.kind === 'size') return [`${spec.minBytes}b`];
  return [];
}

/** A value of another type than the key holds. */
function wrongType(spec: LeafSpec): unknown {
  switch (spec.kind) {
    case 'number':
      return 'many';
    case 'size':
    case 'string':
    case 'enum':
      return 42;
    case 'string-list':
      return 'NOT_A_LIST';
    case 'boolean':
      return 'yes';
    case 'any':
      throw new Error('a key of kind any has no wrong type');
  }
}

describe('the config key table', () => {
  it('names each YAML key and each SandboxConfig property once, and every property of the defaults has a row', () => {
    const keyPaths = CONFIG_KEYS.map((row) => row.keyPath);
    const properties = CONFIG_KEYS.map((row) => row.property);
    expect(new Set(keyPaths).size).toBe(keyPaths.length);
    expect(new Set(properties).size).toBe(properties.length);
    const leaves = (node: unknown, prefix = ''): string[] =>
      Object.entries(node as Record<string, unknown>).flatMap(([name, value]) =>
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? leaves(value, `${prefix}${name}.`)
          : [`${prefix}${name}`],
      );
    expect(leaves(DEFAULT_SANDBOX_CONFIG).sort()).toEqual([...properties].sort());
  });

  it('type level (checked by tsc): the rows name exactly the leaf properties of SandboxConfig', () => {
    expectTypeOf<Exclude<ConfigProperty, DeclaredProperty>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<DeclaredProperty, ConfigProperty>>().toEqualTypeOf<never>();
  });

  it('gives every key that has bounds at least one value past them', () => {
    const unbounded = CONFIG_KEYS.filter((row) => outOfBounds(row.spec).length === 0).map((row) => row.keyPath);
    // Booleans and the seccomp path only have a type; everything else has bounds, a pattern or a word list.
    expect(unbounded).toEqual(
      CONFIG_KEYS.filter((row) => row.spec.kind === 'boolean' || (row.spec.kind === 'string' && !row.spec.pattern)).map(
        (row) => row.keyPath,
      ),
    );
  });
});

describe.each(CONFIG_KEYS.map((row) => [row.keyPath, row] as const))('%s', (keyPath, row) => {
  it.each(outOfBounds(row.spec).map((value) => [JSON.stringify(value), value]))(
    'rejects %s, naming the key and what it accepts',
    (_shown, value) => {
      const error = rejection(withKey(keyPath, value));
      expect(error.keyPath).toBe(keyPath);
      expect(error.message.startsWith(`bad.yaml: ${keyPath}: expected `)).toBe(true);
    },
  );

  it.each(atBounds(row.spec).map((value) => [JSON.stringify(value), value]))(
    'control: accepts %s, exactly at a bound',
    (_shown, value) => {
      expect(() => parseConfig(withKey(keyPath, value), 'ok.yaml')).not.toThrow();
    },
  );

  it('rejects a value of the wrong type, saying what it accepts', () => {
    const error = rejection(withKey(keyPath, wrongType(row.spec)));
    expect(error.keyPath).toBe(keyPath);
    expect(error.message).toContain(`expected ${expectedText(row.spec)}, found `);
  });

  it('control: its default, written in a file, loads to the default', () => {
    expect(
      getAtPath(
        parseConfig(withKey(keyPath, row.fileDefault), path.join(PACKAGE_CONFIG_DIR, 'x.yaml')).sandbox,
        row.property,
      ),
    ).toEqual(getAtPath(DEFAULT_SANDBOX_CONFIG, row.property));
  });

  it('names a misspelling of it as an unknown key, with "did you mean"', () => {
    const name = keyPath.split('.').pop()!;
    const misspelled = `${keyPath}${name.at(-1)}`;
    const error = rejection(withKey(misspelled, row.fileDefault));
    expect(error.keyPath).toBe(misspelled);
    expect(error.message).toContain(`expected no such key here (did you mean ${name}?)`);
  });
});
