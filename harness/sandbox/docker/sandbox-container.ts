import { constants } from 'node:os';
import { PassThrough, type Duplex } from 'node:stream';
import type Docker from 'dockerode';
import createDebug from 'debug';
import { emptyResult, type ContainerTimeline, type ExecutionResult } from '../execution-result.ts';
import {
  CappedText,
  StdoutSplitter,
  captureOutput,
  encodeJob,
  interpretExit,
  resultMarker,
  type RunnerFrame,
  type RunnerJob,
} from '../runner-protocol.ts';
import { InfrastructureError } from '../../errors.ts';
import { demuxAttachStream } from './demux-stream.ts';
import { engineCall } from './engine-client.ts';
import { apiTimeoutOf } from './engine-deadline.ts';
import { removeContainer } from './remove-container.ts';

const debug = createDebug('sandbox-gate:docker');

/** Limits applied by the harness itself (the engine enforces the rest). */
export interface ExecutionLimits {
  timeoutMs: number;
  maxStdoutBytes: number;
  maxResultBytes: number;
  /** For the oom message only: the container's memory limit. */
  memoryBytes: number;
}

/** Milliseconds from a fixed origin; injected so tests can control time. */
export type Clock = () => number;
export const monotonicClock: Clock = () => performance.now();

/** How long to wait for the attach stream to drain after the container exited. */
const STREAM_DRAIN_MS = 5_000;

/** After the result frame, the runner exits at once (process.exit); longer than this is a fault. */
const EXIT_AFTER_FRAME_MS = 5_000;

/** What the exit that followed a result frame showed (execute's `returnOnFrame`). */
export interface AfterFrameCheck {
  /** What the runner protocol promises for that frame: 0 ok, 1 strategy failure, 2 bad job. */
  expectedExitCode: number;
  /** null when the exit was not observed. */
  exitCode: number | null;
  /** Set when the exit did not match the frame: the container misbehaved after its result. */
  problem?: string;
}

/** The status a complete result frame gives on its own (a returned execution was neither killed nor capped). */
function frameOutcome(frame: RunnerFrame): { status: 'ok' | 'error'; value?: unknown; message?: string } {
  return frame.ok ? { status: 'ok', value: frame.value } : { status: 'error', message: frame.message };
}

function expectedExitCode(frame: RunnerFrame): number {
  if (frame.ok) return 0;
  return frame.kind === 'bad-job' ? 2 : 1;
}

/**
 * After the attach stream ends, how long `wait` may still be pending before we ask the engine
 * whether the container still runs. A normal exit ends the stream and answers `wait` together
 * (both follow the runner's exit); a stream the engine (or a proxy) cut leaves a running
 * container. The fault test (d) cuts 200 ms into a ~1.5 s job and is caught here.
 */
const STREAM_LOST_CHECK_MS = 1_000;

/**
 * A container that exits cleanly with no result frame more than this after its attach stream
 * ended lost its stream: a normal exit ends both together, while a stream cut mid-job leaves
 * the runner computing for as long as the strategy runs. Covers a job that ends inside the
 * STREAM_LOST_CHECK_MS window, before the inspect could see it still running.
 */
const STREAM_LOST_GAP_MS = 500;

/**
 * Creates, attaches and starts one single-use container; the runner inside waits for a job on
 * stdin. On any failure after create, the container is removed and the original error rethrown.
 */
export async function startSandboxContainer(
  docker: Docker,
  spec: Docker.ContainerCreateOptions,
  clock: Clock = monotonicClock,
): Promise<StartedSandboxContainer> {
  const t0 = clock();
  const timeline: ContainerTimeline = {};
  const apiMs = apiTimeoutOf(docker);
  debug('Creating container...');
  const container = await engineCall(
    'container create',
    (abortSignal) => docker.createContainer({ ...spec, abortSignal }),
    apiMs,
  );
  timeline.createMs = clock() - t0;
  const shortId = container.id.slice(0, 12);
  try {
    const stream = (await engineCall(
      'container attach',
      (abortSignal) =>
        container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true, abortSignal }),
      apiMs,
    )) as unknown as Duplex;
    timeline.attachMs = clock() - t0;
    const started = new StartedSandboxContainer(docker, container, stream, spec, timeline, t0, clock);
    await engineCall('container start', (abortSignal) => container.start({ abortSignal }), apiMs);
    timeline.startMs = clock() - t0;
    debug('Started container %s', shortId);
    return started;
  } catch (error) {
    debug('Failed to start container %s: %s', shortId, (error as Error).message);
    await removeContainer(container, { timeoutMs: apiMs });
    throw error;
  }
}

/** A running container whose runner waits for exactly one job. */
export class StartedSandboxContainer {
  readonly id: string;
  private readonly stdout = new PassThrough();
  private readonly stderr = new PassThrough();
  private readonly streamEnded: Promise<void>;
  private used = false;
  private streamOpen = true;
  private removed: Promise<void> | undefined;

  constructor(
    private readonly docker: Docker,
    private readonly container: Docker.Container,
    private readonly stream: Duplex,
    readonly spec: Docker.ContainerCreateOptions,
    readonly timeline: ContainerTimeline,
    /** clock() at creation: the timeline's origin. */
    readonly createdAt: number,
    private readonly clock: Clock,
  ) {
    this.id = container.id;
    // Demultiplex now, before start, so that not one byte is lost; the PassThroughs buffer
    // until execute() reads them.
    demuxAttachStream(stream, this.stdout, this.stderr);
    this.streamEnded = new Promise((resolve) => {
      const ended = () => {
        this.streamOpen = false;
        resolve();
      };
      stream.once('end', ended);
      stream.once('close', ended);
      stream.once('error', ended);
    });
  }

  /**
   * False once the attach stream ended or failed: the runner exited, or the engine connection
   * dropped, so a job written now would reach no one. The pool checks it before handing out.
   */
  get attached(): boolean {
    return this.streamOpen;
  }

  get shortId(): string {
    return this.id.slice(0, 12);
  }

  /** True once this container has been handed a job; it never takes a second one. */
  get hasServed(): boolean {
    return this.used;
  }

  /**
   * Sends the job, enforces the timeout and the output caps, and reads what happened. The
   * container is removed afterwards unless `keepForRemoval` is set, in which case the caller
   * must call remove() (the pool does it off the critical path).
   *
   * With `returnOnFrame` (requires `keepForRemoval`), the execution returns as soon as the
   * runner's complete, valid result frame has arrived together with all the stderr the frame
   * announces, without waiting for the exit, the stream's end or an inspect: measured on 2
   * cores, those took 31 of the 38.7 ms of a pooled trivial call. They still happen, in
   * `afterFrame`, which the caller awaits before removal: the exit must come and match the
   * frame (exit code 0 for ok, 1 for a strategy failure, no OOM kill), or it is reported as an
   * unexpected exit. Such a result has `exitCode` and `signal` null (not observed when it
   * returned). Without a frame (timeout, OOM, crash, an output cap) the statuses are decided
   * from the exit, as without the option.
   */
  async execute(
    job: RunnerJob,
    limits: ExecutionLimits,
    options: { keepForRemoval?: boolean; returnOnFrame?: boolean } = {},
  ): Promise<ExecutionResult> {
    if (this.used)
      throw new Error(`container ${this.shortId} has already served an execution; containers are single-use`);
    if (options.returnOnFrame && !options.keepForRemoval)
      throw new Error('returnOnFrame needs keepForRemoval: the caller must await afterFrame and remove the container');
    this.used = true;
    const t0 = this.createdAt;
    const result = emptyResult('docker');
    result.containerId = this.id;
    result.runtime = this.spec.HostConfig?.Runtime ?? 'runc';
    result.timeline = this.timeline;
    const jobStartedAt = this.clock();
    const apiMs = apiTimeoutOf(this.docker);

    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      engineCall(
        'container kill',
        (abortSignal) => this.container.kill({ signal: 'SIGKILL', abortSignal }),
        apiMs,
      ).catch(() => {
        // Cleanup path: the container may already have exited; removal below is what matters.
      });
    };
    const splitter = new StdoutSplitter(resultMarker(job.nonce), limits.maxStdoutBytes, limits.maxResultBytes, kill);
    const stderr = new CappedText(limits.maxStdoutBytes, kill);
    let timedOut = false;
    let frameSeen: ((frame: RunnerFrame) => void) | undefined;
    const frameArrived = new Promise<RunnerFrame>((resolve) => {
      frameSeen = resolve;
    });
    const checkFrame = () => {
      if (!options.returnOnFrame || !frameSeen || killed || timedOut || !splitter.frameComplete) return;
      const frame = splitter.frame();
      if (!frame || stderr.bytes < (frame.stderrBytes ?? Number.POSITIVE_INFINITY)) return;
      frameSeen(frame);
      frameSeen = undefined;
    };
    this.stdout.on('data', (chunk: Buffer) => {
      this.timeline.firstByteMs ??= this.clock() - t0;
      splitter.push(chunk);
      checkFrame();
    });
    this.stderr.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      checkFrame();
    });

    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, limits.timeoutMs);

    let exited = false;
    let streamLost = false;
    let streamEndedAtMs: number | undefined;
    const waitAbort = new AbortController();
    let rejectLost: (error: InfrastructureError) => void = () => undefined;
    const lost = new Promise<never>((_, reject) => (rejectLost = reject));
    lost.catch(() => undefined);
    // A cut attach stream with the container still running, or an engine gone: the result can
    // never arrive, so stop now (not at the timeout) and blame the engine, not the strategy.
    // (The engine answers `wait` with its headers at once, so a cut connection leaves that
    // request waiting for a body that never comes: dockerode does not see the cut.)
    void this.streamEnded.then(async () => {
      streamEndedAtMs = this.clock();
      await delay(STREAM_LOST_CHECK_MS);
      if (exited) return;
      let running = true;
      let unreachable: InfrastructureError | undefined;
      try {
        running = (
          await engineCall('container inspect', (abortSignal) => this.container.inspect({ abortSignal }), apiMs)
        ).State.Running;
      } catch (error) {
        if (error instanceof InfrastructureError) unreachable = error;
      }
      if (!running || exited || splitter.frame()) return;
      streamLost = true;
      kill();
      waitAbort.abort();
      rejectLost(unreachable ?? this.streamLostError());
    });

    try {
      // The grace lets the kill at the timeout take effect; past it the engine is hung.
      // One signal for the request, fired by the deadline or by a lost stream (a listener rather
      // than AbortSignal.any, whose combined signals Node 20 keeps alive longer).
      const waited = engineCall(
        'container wait',
        (deadline) => {
          deadline.addEventListener('abort', () => waitAbort.abort(), { once: true });
          return this.container.wait({ abortSignal: waitAbort.signal });
        },
        limits.timeoutMs + apiMs,
      );
      const exitedFirst = (waited as Promise<{ StatusCode: number }>).then((exit) => ({ exit }));
      // Both are awaited (by the race, or by afterFrame once the frame won); a rejection after
      // the frame won must not surface as an unhandled one.
      waited.catch(() => undefined);
      exitedFirst.catch(() => undefined);
      this.stream.write(encodeJob(job));
      const first = await Promise.race([exitedFirst, lost, frameArrived.then((frame) => ({ frame }))]);
      if ('frame' in first) {
        splitter.end();
        this.timeline.resultMs = this.clock() - t0;
        Object.assign(result, frameOutcome(first.frame));
        this.afterFrame = this.checkExitAfterFrame(waited as Promise<{ StatusCode: number }>, first.frame);
        return result;
      }
      const exit = first.exit;
      exited = true;
      const exitedAtMs = this.clock();
      await Promise.race([this.streamEnded, delay(STREAM_DRAIN_MS)]);
      splitter.end();
      this.timeline.resultMs = this.clock() - t0;
      // Only a clean exit (0) qualifies: our runner writes its frame before it exits 0, while a
      // kill (OOM, timeout, output cap) has no frame by nature and must keep its own status.
      if (
        !splitter.frame() &&
        exit.StatusCode === 0 &&
        streamEndedAtMs !== undefined &&
        exitedAtMs - streamEndedAtMs > STREAM_LOST_GAP_MS
      )
        streamLost = true;
      if (streamLost) throw this.streamLostError();
      const state = (
        await engineCall('container inspect', (abortSignal) => this.container.inspect({ abortSignal }), apiMs)
      ).State;

      const outcome = interpretExit({
        frame: splitter.frame(),
        exitCode: exit.StatusCode,
        signal: signalOfExitCode(exit.StatusCode),
        timedOut,
        timeoutMs: limits.timeoutMs,
        cgroupOomKilled: state.OOMKilled === true,
        stdoutOverflow: splitter.strategyOutput.overflowed,
        stderrOverflow: stderr.overflowed,
        resultTooLarge: splitter.resultTooLarge,
        stderrText: stderr.text(),
        memoryBytes: limits.memoryBytes,
      });
      Object.assign(result, outcome);
      result.exitCode = exit.StatusCode;
      result.signal = signalOfExitCode(exit.StatusCode);
    } finally {
      exited = true;
      clearTimeout(timer);
      frameSeen = undefined;
      captureOutput(result, splitter, stderr);
      result.durationMs = this.clock() - jobStartedAt;
      if (!options.keepForRemoval) await this.remove();
    }
    return result;
  }

  /**
   * Set when execute() returned on the result frame: resolves once the exit has been observed
   * (or not, within EXIT_AFTER_FRAME_MS) and checked against the frame. Never rejects.
   */
  afterFrame: Promise<AfterFrameCheck> | undefined;

  private async checkExitAfterFrame(
    waited: Promise<{ StatusCode: number }>,
    frame: RunnerFrame,
  ): Promise<AfterFrameCheck> {
    const expected = expectedExitCode(frame);
    const frameAt = this.clock();
    try {
      const exit = await Promise.race([waited, delay(EXIT_AFTER_FRAME_MS).then(() => undefined)]);
      this.timeline.exitAfterResultMs = this.clock() - frameAt;
      if (!exit)
        return {
          expectedExitCode: expected,
          exitCode: null,
          problem: `it had not exited ${EXIT_AFTER_FRAME_MS} ms after its result frame`,
        };
      const state = (await this.container.inspect()).State;
      if (state.OOMKilled)
        return {
          expectedExitCode: expected,
          exitCode: exit.StatusCode,
          problem: 'the engine flagged an OOM kill after the result frame',
        };
      if (exit.StatusCode !== expected)
        return {
          expectedExitCode: expected,
          exitCode: exit.StatusCode,
          problem: `it exited with code ${exit.StatusCode} after a frame that means ${expected}`,
        };
      return { expectedExitCode: expected, exitCode: exit.StatusCode };
    } catch (error) {
      return {
        expectedExitCode: expected,
        exitCode: null,
        problem: `its exit could not be observed: ${(error as Error).message}`,
      };
    }
  }

  private streamLostError(): InfrastructureError {
    return new InfrastructureError(
      'engine-stream-lost',
      `Docker Engine container attach failed (engine-stream-lost): the attach stream of container ${this.shortId} closed while it still ran, before its result arrived; the container was stopped`,
    );
  }

  /** Removes the container (force, with its anonymous volumes). Idempotent. */
  remove(): Promise<void> {
    this.removed ??= (async () => {
      const t0 = this.clock();
      this.stream.destroy();
      await removeContainer(this.container, { timeoutMs: apiTimeoutOf(this.docker) });
      this.timeline.removeMs =
        this.timeline.resultMs !== undefined ? this.timeline.resultMs + (this.clock() - t0) : undefined;
      debug('Removed container %s', this.shortId);
    })();
    return this.removed;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.remove();
  }
}

/**
 * A container's exit code of 128 + n means signal n killed its PID 1. (Node runs as PID 1 in
 * the container, where it cannot be killed by most signals it does not handle, so an abort
 * usually shows as SIGSEGV, 139, rather than SIGABRT, 134.)
 */
export function signalOfExitCode(exitCode: number): string | null {
  if (exitCode <= 128) return null;
  const entry = Object.entries(constants.signals).find(([, number]) => number === exitCode - 128);
  return entry ? entry[0] : null;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
