// The command as a user runs it: `node bin/sandbox-gate.js ...` in a child process, from the
// package root, with DEBUG unset (its lines would land in stderr, which tests read).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../harness/package-root.ts';

export const BIN = path.join(PACKAGE_ROOT, 'bin/sandbox-gate.js');

export interface CliRun {
  /** The child's pid: the owner label of the containers it creates names it. */
  pid: number;
  /** The exit code; null when a signal ended the child. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** From spawn to exit, process start included. */
  elapsedMs: number;
}

/** Runs `sandbox-gate ...args` to its end; never rejects (a non-zero exit is a result). */
export function runSandboxGate(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.DEBUG;
  const started = performance.now();
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      // 64 MiB: an exec of a flooding strategy prints its capped output, well under this.
      { cwd: PACKAGE_ROOT, env: childEnv, maxBuffer: 64 * 1024 ** 2 },
      (error, stdout, stderr) => {
        const code = error ? (error as { code?: unknown }).code : 0;
        resolve({
          pid: child.pid!,
          code: typeof code === 'number' ? code : null,
          stdout,
          stderr,
          elapsedMs: Math.round(performance.now() - started),
        });
      },
    );
  });
}
