import { vi } from 'vitest';

/** Runs fn with process.stdout.write captured (not printed); returns its value and the text. */
export async function captureStdout<T>(fn: () => Promise<T>): Promise<{ value: T; printed: string }> {
  const chunks: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  try {
    return { value: await fn(), printed: chunks.join('') };
  } finally {
    write.mockRestore();
  }
}
