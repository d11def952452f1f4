import { ConfigError } from '../errors.ts';
import { didYouMean } from './did-you-mean.ts';
import { parseSizeBytes } from './size.ts';

/**
 * A tiny declarative checker for our YAML files. Each leaf says what it expects; a node is a
 * record of named children. Unknown keys, wrong types and impossible values throw ConfigError
 * naming the file, the key path, what was expected and what was found.
 */
export type FieldSpec =
  | { kind: 'boolean' }
  | { kind: 'number'; min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean; orWord?: string }
  | { kind: 'string'; pattern?: RegExp; description?: string }
  | { kind: 'size'; minBytes?: number; allowNone?: boolean }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'string-list'; pattern: RegExp; description: string; emptyExpected?: string }
  | { kind: 'record'; fields: Record<string, FieldSpec>; optional?: boolean }
  | { kind: 'any' };

/** Returns the checked value, with sizes converted to bytes. Missing leaves are left undefined. */
export function checkValue(file: string, path: string, spec: FieldSpec, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (spec.kind) {
    case 'any':
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw new ConfigError(file, path, expectedText(spec), value);
      return value;
    case 'number': {
      if (spec.orWord !== undefined && value === spec.orWord) return value;
      const what = expectedText(spec);
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new ConfigError(file, path, what, value);
      if (spec.integer && !Number.isInteger(value)) throw new ConfigError(file, path, what, value);
      if (spec.min !== undefined && (spec.exclusiveMin ? value <= spec.min : value < spec.min))
        throw new ConfigError(file, path, what, value);
      if (spec.max !== undefined && value > spec.max) throw new ConfigError(file, path, what, value);
      return value;
    }
    case 'string':
      if (typeof value !== 'string' || (spec.pattern && !spec.pattern.test(value)))
        throw new ConfigError(file, path, expectedText(spec), value);
      return value;
    case 'size': {
      if (spec.allowNone && value === 'none') return 0;
      const bytes = typeof value === 'string' ? parseSizeBytes(value) : undefined;
      const what = expectedText(spec);
      if (bytes === undefined || bytes < (spec.minBytes ?? 1)) throw new ConfigError(file, path, what, value);
      return bytes;
    }
    case 'string-list':
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || !spec.pattern.test(item)))
        throw new ConfigError(file, path, expectedText(spec), value);
      if (spec.emptyExpected !== undefined && value.length === 0)
        throw new ConfigError(file, path, spec.emptyExpected, value);
      return value;
    case 'enum':
      if (typeof value !== 'string' || !spec.values.includes(value))
        throw new ConfigError(file, path, expectedText(spec), value);
      return value;
    case 'record': {
      if (typeof value !== 'object' || Array.isArray(value))
        throw new ConfigError(file, path, expectedText(spec), value);
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const childSpec = spec.fields[key];
        const childPath = path ? `${path}.${key}` : key;
        if (!childSpec) {
          const hint = didYouMean(key, Object.keys(spec.fields));
          throw new ConfigError(
            file,
            childPath,
            `no such key here${hint ? ` (did you mean ${hint}?)` : ''}; known keys are ${Object.keys(spec.fields).join(', ')}`,
            value[key as keyof typeof value],
          );
        }
        out[key] = checkValue(file, childPath, childSpec, (value as Record<string, unknown>)[key]);
      }
      return out;
    }
  }
}

/** What a spec accepts, in words: the `expected` of its errors and the "Accepts" column of config/README.md. */
export function expectedText(spec: FieldSpec): string {
  switch (spec.kind) {
    case 'any':
      return 'anything';
    case 'boolean':
      return 'true or false';
    case 'number':
      return describeNumber(spec);
    case 'string':
      return spec.description ?? 'a string';
    case 'size':
      return `a size with a unit such as 2g or 256m${spec.minBytes ? ` of at least ${spec.minBytes} bytes` : ''}${spec.allowNone ? ', or none' : ''}`;
    case 'string-list':
      return `a list of ${spec.description}`;
    case 'enum':
      return `one of ${spec.values.join(', ')}`;
    case 'record':
      return 'a mapping of keys';
  }
}

/** `an integer >= 0 and <= 4294967295, or random`. */
function describeNumber(spec: {
  min?: number;
  max?: number;
  integer?: boolean;
  exclusiveMin?: boolean;
  orWord?: string;
}): string {
  const noun = spec.integer ? 'an integer' : 'a number';
  const parts: string[] = [];
  if (spec.min !== undefined) parts.push(`${spec.exclusiveMin ? '>' : '>='} ${spec.min}`);
  if (spec.max !== undefined) parts.push(`<= ${spec.max}`);
  const number = parts.length ? `${noun} ${parts.join(' and ')}` : noun;
  return spec.orWord === undefined ? number : `${number}, or ${spec.orWord}`;
}
