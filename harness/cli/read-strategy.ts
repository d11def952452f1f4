import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.ts';

/** What went wrong reading a file, in words (a directory, a missing file, no permission). */
const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is not a directory',
};

/** Reads a file a command was given, or throws a UsageError (exit 2) that names it and why. */
export async function readInputFile(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = (code && REASONS[code]) ?? (error as Error).message;
    throw new UsageError(`cannot read ${what} ${file}: ${reason}`, { cause: error });
  }
}
