import path from 'node:path';
import { PACKAGE_CONFIG_DIR } from './package-config-dir.ts';
import type { LeafPath, ValueAt } from './property-path.ts';
import type { FieldSpec } from './schema-check.ts';
import type { SandboxConfig } from './sandbox-config.ts';
import { formatSize } from './size.ts';

/** A property of SandboxConfig that one config key sets: `docker.memoryBytes`. */
export type ConfigProperty = LeafPath<SandboxConfig>;

/** The properties a value of type V can be stored in (V assignable to the property's type). */
type Accepting<V> = { [P in ConfigProperty]: [V] extends [ValueAt<SandboxConfig, P>] ? P : never }[ConfigProperty];

/** What a single key may hold: any FieldSpec but a nested section. */
export type LeafSpec = Exclude<FieldSpec, { kind: 'record' }>;

/**
 * One key of the `sandbox:` section, declared once (config-keys.ts): its YAML name, where the
 * code reads it, what the file may hold, its default, unit and doc line. The defaults, the
 * schema, the report's config rows, the engine-refusal mapping and config/README.md all derive
 * from these rows.
 */
export interface ConfigKey<P extends ConfigProperty = ConfigProperty> {
  /** As written in the file, from the top: `sandbox.docker.memory_limit`. Errors, reports and the audit name it so. */
  readonly keyPath: string;
  /** Where the code reads it in SandboxConfig: `docker.memoryBytes`. */
  readonly property: P;
  /** What the file may hold, in the file's units (checked by schema-check.ts). */
  readonly spec: LeafSpec;
  /** The default as written in the file (`2g`, `300`); the shipped file and config/README.md say the same (test/config). */
  readonly fileDefault: unknown;
  /** The file's unit, for the docs: `size`, `seconds`, `cores`, `bytes`, ... */
  readonly unit: string;
  /** One line for the docs. */
  readonly doc: string;
  /** A checked file value in the code's units; `baseDir` is the config file's folder (path keys resolve against it). */
  toCode(fileValue: unknown, baseDir: string): unknown;
  /** A code value in the file's terms, for the report's config rows. */
  toFile(codeValue: unknown): unknown;
  /** Words of an engine's HTTP 400 message that mean it refused this key's setting (wrapper.ts). */
  readonly engineRefusal?: RegExp;
}

interface KeyOptions {
  /** See ConfigKey.engineRefusal. */
  engineRefusal?: RegExp;
}

const same = (value: unknown): unknown => value;
const PACKAGE_ROOT = path.dirname(PACKAGE_CONFIG_DIR);

function key<P extends ConfigProperty>(
  row: Omit<ConfigKey<P>, 'toCode' | 'toFile'> & Partial<Pick<ConfigKey<P>, 'toCode' | 'toFile'>>,
): ConfigKey<P> {
  return { toCode: same, toFile: same, ...row };
}

/** true or false. */
export function flag<P extends Accepting<boolean>>(
  keyPath: string,
  property: P,
  fileDefault: boolean,
  doc: string,
): ConfigKey<P> {
  return key({ keyPath, property, spec: { kind: 'boolean' }, fileDefault, unit: 'true/false', doc });
}

/** A number in the same unit in the file and the code. */
export function number<P extends Accepting<number>>(
  keyPath: string,
  property: P,
  bounds: { min?: number; max?: number; exclusiveMin?: boolean; integer?: boolean },
  fileDefault: number,
  unit: string,
  doc: string,
  options: KeyOptions = {},
): ConfigKey<P> {
  return key({ keyPath, property, spec: { kind: 'number', ...bounds }, fileDefault, unit, doc, ...options });
}

/** An integer, or one word (`random`). */
export function integerOrWord<const W extends string, P extends Accepting<number | W>>(
  keyPath: string,
  property: P,
  bounds: { min: number; max: number },
  word: W,
  fileDefault: number | W,
  doc: string,
): ConfigKey<P> {
  return key({
    keyPath,
    property,
    spec: { kind: 'number', integer: true, ...bounds, orWord: word },
    fileDefault,
    unit: `integer or ${word}`,
    doc,
  });
}

/** Seconds in the file, milliseconds in the code. */
export function seconds<P extends Accepting<number>>(
  keyPath: string,
  property: P,
  bounds: { min: number; max?: number; exclusiveMin?: boolean },
  fileDefault: number,
  doc: string,
): ConfigKey<P> {
  return key({
    keyPath,
    property,
    spec: { kind: 'number', ...bounds },
    fileDefault,
    unit: 'seconds',
    doc,
    toCode: (value) => Math.round((value as number) * 1000),
    toFile: (ms) => (typeof ms === 'number' ? ms / 1000 : ms),
  });
}

/** A size with a unit in the file (`2g`; `none` when allowed, 0 in the code), bytes in the code. */
export function size<P extends Accepting<number>>(
  keyPath: string,
  property: P,
  bounds: { minBytes: number; allowNone?: boolean },
  fileDefault: string,
  doc: string,
  options: KeyOptions = {},
): ConfigKey<P> {
  return key({
    keyPath,
    property,
    spec: { kind: 'size', ...bounds },
    fileDefault,
    unit: 'size',
    doc,
    ...options,
    toFile: (bytes) =>
      typeof bytes !== 'number' ? bytes : bytes === 0 && bounds.allowNone ? 'none' : formatSize(bytes),
  });
}

/** A string matching a pattern. */
export function text<P extends Accepting<string>>(
  keyPath: string,
  property: P,
  pattern: RegExp,
  description: string,
  fileDefault: string,
  doc: string,
): ConfigKey<P> {
  return key({ keyPath, property, spec: { kind: 'string', pattern, description }, fileDefault, unit: 'text', doc });
}

/** One of a closed set of words. */
export function oneOf<const V extends string, P extends Accepting<V>>(
  keyPath: string,
  property: P,
  values: readonly V[],
  fileDefault: V,
  doc: string,
  options: KeyOptions = {},
): ConfigKey<P> {
  return key({ keyPath, property, spec: { kind: 'enum', values }, fileDefault, unit: 'word', doc, ...options });
}

/** A list of strings, each matching a pattern. */
export function list<P extends Accepting<string[]>>(
  keyPath: string,
  property: P,
  pattern: RegExp,
  description: string,
  fileDefault: string[],
  doc: string,
): ConfigKey<P> {
  return key({
    keyPath,
    property,
    spec: { kind: 'string-list', pattern, description },
    fileDefault,
    unit: 'list',
    doc,
  });
}

/** A non-empty list of words from a closed set. */
export function listOf<const V extends string, P extends Accepting<V[]>>(
  keyPath: string,
  property: P,
  values: readonly V[],
  description: string,
  emptyExpected: string,
  fileDefault: V[],
  doc: string,
): ConfigKey<P> {
  const pattern = new RegExp(`^(${values.join('|')})$`);
  return key({
    keyPath,
    property,
    spec: { kind: 'string-list', pattern, description: `${description} (${values.join(', ')})`, emptyExpected },
    fileDefault,
    unit: 'list',
    doc,
  });
}

/**
 * A file path, or one of a few words that name no file (`unconfined`). A relative path resolves
 * against the config file's folder, as docker compose does, so a config works from any working
 * directory; the code sees the absolute path.
 */
export function filePath<P extends Accepting<string>>(
  keyPath: string,
  property: P,
  words: readonly string[],
  description: string,
  fileDefault: string,
  doc: string,
  options: KeyOptions = {},
): ConfigKey<P> {
  return key({
    keyPath,
    property,
    spec: { kind: 'string', description },
    fileDefault,
    unit: 'path',
    doc,
    ...options,
    toCode: (value, baseDir) => (words.includes(value as string) ? value : path.resolve(baseDir, value as string)),
    // The package's own files as the shipped config writes them, so a report reads the same on every machine.
    toFile: (value) =>
      typeof value === 'string' && path.isAbsolute(value) && !path.relative(PACKAGE_ROOT, value).startsWith('..')
        ? path.relative(PACKAGE_CONFIG_DIR, value)
        : value,
  });
}

/** Whether a key names a file (resolved against the config file's folder). */
export function isPathKey(configKey: ConfigKey): boolean {
  return configKey.unit === 'path';
}
