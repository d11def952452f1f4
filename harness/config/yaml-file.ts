import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { ConfigError } from '../errors.ts';

/** Reads a YAML file's text, or throws a ConfigError naming the file and why it is unreadable. */
export async function readYamlText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      file,
      '',
      'a readable YAML file',
      `an unreadable path (${(error as NodeJS.ErrnoException).code ?? error})`,
      { cause: error },
    );
  }
}

/** Parses YAML text that must be a mapping; `expected` says what the mapping should hold. */
export function parseYamlMapping(text: string, file: string, expected: string): Record<string, unknown> {
  let document: unknown;
  try {
    document = parse(text, { prettyErrors: true });
  } catch (error) {
    throw new ConfigError(file, '', 'valid YAML', `a syntax error: ${(error as Error).message.split('\n')[0]}`, {
      cause: error,
    });
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new ConfigError(file, '', expected, document);
  }
  return document as Record<string, unknown>;
}
