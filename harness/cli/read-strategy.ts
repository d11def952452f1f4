import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.ts';

/** Reads a file a command was given, or throws a UsageError that names it and why. */
export async function readInputFile(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new UsageError(`cannot read ${what} ${file}: ${reason}`, { cause: error });
  }
}
