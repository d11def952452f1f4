/**
 * Progress for long work, always on stderr (stdout stays the command's result, one JSON
 * document with --json). Two kinds of line:
 * - `progress(line)`: a step worth keeping (a phase started or ended, a failure);
 * - `progress.status(line)`: where the work is now (`lifecycle: 12 of 41 tests`).
 * On a terminal, steps are printed and the status is one live line redrawn in place. Anywhere
 * else (CI logs, files) every step is a plain line with the elapsed time, statuses are not
 * printed one by one, and a heartbeat line with the latest status and the elapsed time comes
 * after HEARTBEAT_MS of silence, so a 30-minute `run` never looks hung. `done()` prints the
 * total time and stops the heartbeat.
 */
export interface Progress {
  (line: string): void;
  status(line: string): void;
  done(line: string): void;
}

/**
 * Silence after which a plain-line log gets a heartbeat. 30 s keeps the gap between two lines
 * under a minute even when a heartbeat lands just after a step (issue 14 asks for <= 60 s).
 */
export const HEARTBEAT_MS = 30_000;

export interface ProgressOptions {
  /** @default process.stderr */
  stream?: Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean; columns?: number };
  /** Milliseconds since an arbitrary origin. @default performance.now */
  now?: () => number;
  /** @default HEARTBEAT_MS */
  heartbeatMs?: number;
  /** A prefix for every line, e.g. `sandbox-gate run: `. @default '' */
  prefix?: string;
}

export function createProgress(options: ProgressOptions & { json?: boolean } = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  const prefix = options.prefix ?? '';
  const live = stream.isTTY === true;
  const started = now();
  let lastStatus = '';
  let statusShown = false;
  let lastWrite = started;
  let timer: NodeJS.Timeout | undefined;

  const clearStatus = () => {
    if (statusShown) stream.write('\r\x1b[2K');
    statusShown = false;
  };
  const drawStatus = () => {
    if (!live || !lastStatus) return;
    const width = Math.max(20, (stream.columns ?? 100) - 1);
    const text = `${prefix}${lastStatus} (${formatElapsed(now() - started)})`;
    stream.write(`\r\x1b[2K${text.length > width ? `${text.slice(0, width - 3)}...` : text}`);
    statusShown = true;
  };
  const writeLine = (line: string) => {
    clearStatus();
    stream.write(live ? `${prefix}${line}\n` : `[${formatElapsed(now() - started)}] ${prefix}${line}\n`);
    lastWrite = now();
    drawStatus();
  };
  const tick = () => {
    if (live) drawStatus();
    else if (now() - lastWrite >= heartbeatMs) writeLine(`still working${lastStatus ? `: ${lastStatus}` : ''}`);
  };
  // A terminal's live line is redrawn every second; a log gets a heartbeat after silence.
  timer = setInterval(tick, live ? 1000 : Math.min(heartbeatMs, 10_000));
  timer.unref();

  const progress = ((line: string) => writeLine(line)) as Progress;
  progress.status = (line: string) => {
    lastStatus = line;
    if (live) drawStatus();
  };
  progress.done = (line: string) => {
    if (timer) clearInterval(timer);
    timer = undefined;
    lastStatus = '';
    writeLine(`${line} (total ${formatElapsed(now() - started)})`);
  };
  return progress;
}

/** `42s`, `12m05s`, `1h02m`. */
export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
