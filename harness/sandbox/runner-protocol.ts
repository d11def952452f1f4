import { randomBytes } from 'node:crypto';
import { keyPathOf } from '../config/config-keys.ts';
import type { ExecutionResult, ExecutionStatus } from './execution-result.ts';
import type { LookaheadCut } from '../integrity/lookahead-job.ts';

/**
 * The harness side of the runner protocol (docker/runner/runner.cjs describes the other side):
 * the job goes in as "<length>\n<json>", the result comes back as a frame after a marker that
 * carries a per-job nonce, following whatever the strategy printed.
 */
export type RunnerJob =
  | { nonce: string; kind: 'strategy'; script: string; input: unknown; lookahead?: { cuts: LookaheadCut[] } }
  | { nonce: string; kind: 'probe'; probe: string; args?: Record<string, unknown> };

export type RunnerFrame =
  | { ok: true; value: unknown; stderrBytes?: number }
  | { ok: false; kind: string; message: string; stderrBytes?: number };

export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

const NEWLINE = 0x0a;

export function resultMarker(nonce: string): Buffer {
  return Buffer.from(`\n\x1esandbox-gate:result:${nonce}\n`, 'latin1');
}

/** Serializes a job for the runner's stdin. */
export function encodeJob(job: RunnerJob): Buffer {
  const body = Buffer.from(JSON.stringify(job), 'utf8');
  return Buffer.concat([Buffer.from(`${body.length}\n`, 'latin1'), body]);
}

/**
 * Keeps the first `capBytes` of a stream and counts every byte. Calls `onOverflow` once, the
 * moment the count passes the cap, so the caller can stop the flood at its source.
 */
export class CappedText {
  bytes = 0;
  overflowed = false;
  private readonly chunks: Buffer[] = [];
  private keptBytes = 0;

  constructor(
    private readonly capBytes: number,
    private readonly onOverflow: () => void = () => {},
  ) {}

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    const room = this.capBytes - this.keptBytes;
    if (room > 0) {
      // A copy, not a view: a view keeps the whole chunk it came from (a socket read, up to
      // 64 KiB) alive until the result is built, so kept bytes could pin far more than the cap.
      const kept = Buffer.from(chunk.subarray(0, Math.min(chunk.length, room)));
      this.chunks.push(kept);
      this.keptBytes += kept.length;
    }
    if (this.bytes > this.capBytes && !this.overflowed) {
      this.overflowed = true;
      this.onOverflow();
    }
  }

  get truncated(): boolean {
    return this.bytes > this.keptBytes;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Splits the runner's stdout into the strategy's output (before the marker) and the result
 * frame (after it). The marker may arrive split across chunks, so a marker-sized tail is held
 * back until the next chunk shows what it was.
 */
export class StdoutSplitter {
  readonly strategyOutput: CappedText;
  readonly frameBytes: CappedText;
  private pending = Buffer.alloc(0);
  private inFrame = false;
  private frameEnded = false;

  constructor(
    private readonly marker: Buffer,
    maxStdoutBytes: number,
    maxResultBytes: number,
    onOverflow: () => void,
  ) {
    this.strategyOutput = new CappedText(maxStdoutBytes, onOverflow);
    this.frameBytes = new CappedText(maxResultBytes, onOverflow);
  }

  push(chunk: Buffer): void {
    if (this.inFrame) return this.pushFrame(chunk);
    const scan = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const at = scan.indexOf(this.marker);
    if (at >= 0) {
      this.pending = Buffer.alloc(0);
      if (at > 0) this.strategyOutput.push(scan.subarray(0, at));
      this.inFrame = true;
      const rest = scan.subarray(at + this.marker.length);
      if (rest.length) this.pushFrame(rest);
      return;
    }
    const keep = Math.min(scan.length, this.marker.length - 1);
    const settled = scan.subarray(0, scan.length - keep);
    this.pending = Buffer.from(scan.subarray(scan.length - keep));
    if (settled.length) this.strategyOutput.push(settled);
  }

  private pushFrame(chunk: Buffer): void {
    this.frameBytes.push(chunk);
    if (!this.frameEnded && chunk.includes(NEWLINE)) this.frameEnded = true;
  }

  /** Call at end of stream: whatever was held back was the strategy's. */
  end(): void {
    if (!this.inFrame && this.pending.length) this.strategyOutput.push(this.pending);
    this.pending = Buffer.alloc(0);
  }

  /**
   * True once the frame's final newline has arrived: the runner writes the frame as one line
   * of JSON (which holds no raw newline) and exits, so the first newline after the marker ends
   * it. Checked on each chunk by the executors that return on the frame.
   */
  get frameComplete(): boolean {
    return this.frameEnded && !this.frameBytes.truncated;
  }

  /** The parsed frame, or undefined when none (complete) arrived. */
  frame(): RunnerFrame | undefined {
    if (!this.inFrame || this.frameBytes.truncated) return undefined;
    try {
      return JSON.parse(this.frameBytes.text()) as RunnerFrame;
    } catch {
      return undefined;
    }
  }

  get resultTooLarge(): boolean {
    return this.frameBytes.overflowed;
  }
}

/** Copies the captured output, its true byte counts and whether it was cut, into a result. */
export function captureOutput(result: ExecutionResult, stdout: StdoutSplitter, stderr: CappedText): void {
  result.stdout = stdout.strategyOutput.text();
  result.stdoutBytes = stdout.strategyOutput.bytes;
  result.stderr = stderr.text();
  result.stderrBytes = stderr.bytes;
  result.truncated = stdout.strategyOutput.truncated || stderr.truncated;
}

/** What the executor observed about one runner process, whatever hosted it. */
export interface RunnerExit {
  frame: RunnerFrame | undefined;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  timeoutMs: number;
  /** The container's cgroup killed it for memory (`State.OOMKilled`). */
  cgroupOomKilled: boolean;
  stdoutOverflow: boolean;
  stderrOverflow: boolean;
  resultTooLarge: boolean;
  stderrText: string;
  memoryBytes: number;
}

const V8_HEAP_OOM = /JavaScript heap out of memory|Reached heap limit/;

/** Maps what happened to a status and a message; the order matters (a kill explains a crash). */
export function interpretExit(exit: RunnerExit): { status: ExecutionStatus; message?: string; value?: unknown } {
  if (exit.timedOut) {
    return {
      status: 'timeout',
      message: `killed after the ${exit.timeoutMs / 1000} s timeout (raise ${keyPathOf('docker.timeoutMs')} if the strategy needs longer)`,
    };
  }
  if (exit.stdoutOverflow || exit.stderrOverflow) {
    const which = exit.stdoutOverflow ? 'stdout' : 'stderr';
    return {
      status: 'output-limit',
      message: `stopped: the strategy wrote more than the ${which} cap (${keyPathOf('output.maxStdoutBytes')})`,
    };
  }
  if (exit.resultTooLarge) {
    return {
      status: 'output-limit',
      message: `stopped: the result was larger than ${keyPathOf('output.maxResultBytes')}`,
    };
  }
  if (exit.cgroupOomKilled) {
    return {
      status: 'oom',
      message: `the container's memory limit (${formatMiB(exit.memoryBytes)}) was exhausted: killed by the kernel (cgroup OOM)`,
    };
  }
  if (!exit.frame && exit.signal === 'SIGKILL') {
    // The harness kills only for a timeout or an output cap, both explained above. Docker's
    // OOMKilled flag is known to miss kills on cgroup v1 (moby#15621, #18510): a SIGKILL the
    // harness did not send, with no result, is the kernel's OOM killer.
    return {
      status: 'oom',
      message: `killed by a SIGKILL the harness did not send, with no result: the kernel's OOM killer at the memory limit (${formatMiB(exit.memoryBytes)}); the engine did not flag it`,
    };
  }
  if (!exit.frame && V8_HEAP_OOM.test(exit.stderrText)) {
    return {
      status: 'oom',
      message: 'the V8 heap was exhausted (JavaScript heap out of memory); the heap cap follows the memory limit',
    };
  }
  if (exit.frame?.ok) return { status: 'ok', value: exit.frame.value };
  if (exit.frame) return { status: 'error', message: exit.frame.message };
  const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.exitCode}`;
  return { status: 'error', message: `the runner ended (${how}) without a result` };
}

/**
 * The V8 old-space cap for a memory limit: 3/4 of it, and at least 48 MiB below it, so that a
 * heap that grows too far meets V8's own limit (a clear message) before the kernel's (a kill):
 * besides old space, node needs its young generation, code, stacks and buffers.
 */
export function heapCapMiB(memoryBytes: number): number {
  const limitMiB = memoryBytes / 1024 ** 2;
  return Math.max(16, Math.floor(Math.min(limitMiB * 0.75, limitMiB - 48)));
}

function formatMiB(bytes: number): string {
  return `${Math.round(bytes / 1024 ** 2)} MiB`;
}
