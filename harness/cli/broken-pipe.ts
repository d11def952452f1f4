let installed = false;

/**
 * A reader that stops early (`sandbox-gate doctor | head -2`) closes the pipe; the next write
 * fails with EPIPE, which Node raises as an unhandled 'error' event and a stack trace. A
 * closed stdout means nobody wants the rest: exit quietly, with 0, as `yes | head` does.
 * Any other stdout error is rethrown. Installed once per process.
 */
export function quietOnBrokenPipe(
  stream: NodeJS.WriteStream = process.stdout,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  if (installed && stream === process.stdout) return;
  if (stream === process.stdout) installed = true;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') exit(0);
    else throw error;
  });
}
