import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { ConfigError } from '../errors.ts';
import { packagePath } from '../package-root.ts';
import { checkConsistency } from './results-consistency.ts';
import type { Results } from './results-types.ts';

/** The JSON Schema that ships with the package: schemas/ at the package root. */
export const RESULTS_SCHEMA_URL = pathToFileURL(packagePath('schemas/results.schema.json'));

let compiled: ValidateFunction | undefined;

/** Compiles the schema on first use (never at import time). */
function schemaValidator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(RESULTS_SCHEMA_URL, 'utf8')) as object;
    compiled = new Ajv2020({ allErrors: false, strict: true, allowUnionTypes: true }).compile(schema);
  }
  return compiled;
}

/**
 * Reads and validates a results.json: the JSON Schema first, then the arithmetic that ties
 * its numbers together (results-consistency.ts).
 * @throws ConfigError (exit 2) naming the file, the JSON pointer, what was expected and found.
 */
export async function readResults(file: string): Promise<Results> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      file,
      '',
      'a readable results.json',
      `an unreadable path (${(error as NodeJS.ErrnoException).code ?? error})`,
      { cause: error },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, '', 'valid JSON', `a syntax error: ${(error as Error).message}`, { cause: error });
  }
  return validateResults(value, file);
}

/** Validates a results value already in memory (the runner calls it before deciding); `file` names it in messages. */
export function validateResults(value: unknown, file: string): Results {
  const validate = schemaValidator();
  if (!validate(value)) {
    const error = validate.errors![0]!;
    const { at, expected } = describeSchemaError(error);
    throw new ConfigError(file, at, expected, summarizeFound(resolvePointer(value, at)));
  }
  checkConsistency(value as Results, file);
  return value as Results;
}

function describeSchemaError(error: ErrorObject): { at: string; expected: string } {
  const at = error.instancePath || '/';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        at: `${error.instancePath}/${String(params.missingProperty)}`,
        expected: 'a value (the key is required)',
      };
    case 'additionalProperties':
      return {
        at: `${error.instancePath}/${String(params.additionalProperty)}`,
        expected: 'no such key (schemas/results.schema.json does not allow it)',
      };
    case 'enum':
      return { at, expected: `one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { at, expected: `exactly ${JSON.stringify(params.allowedValue)}` };
    case 'type':
      return { at, expected: `a value of type ${String(params.type)}` };
    default:
      return { at, expected: `a value that ${error.message ?? `satisfies ${error.keyword}`}` };
  }
}

/** The value at an RFC 6901 pointer, or undefined. */
export function resolvePointer(value: unknown, at: string): unknown {
  if (at === '' || at === '/') return value;
  let node = value;
  for (const raw of at.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Keeps messages readable when the offending value is a whole phase. */
function summarizeFound(found: unknown): unknown {
  if (found === null || typeof found !== 'object') return found;
  const text = JSON.stringify(found);
  return text.length <= 160 ? found : `${Array.isArray(found) ? 'an array' : 'an object'} ${text.slice(0, 160)}...`;
}
