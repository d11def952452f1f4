import type Docker from 'dockerode';
import createDebug from 'debug';
import type { EngineLostRecord } from '../results/results-types.ts';
import { withDeadline } from '../sandbox/docker/engine-deadline.ts';

const debug = createDebug('sandbox-gate');

/**
 * Ping period and deadline of the watch. A healthy engine answers `_ping` in 1 ms (median;
 * max 29 ms of 50 on the shared host); two misses in a row (20 s apart at most) rule out one
 * slow answer on a loaded host.
 */
const WATCH_INTERVAL_MS = 10_000;
const WATCH_TIMEOUT_MS = 3_000;
const MISSES_TO_LOSE = 2;

/**
 * Watches the engine for the length of a gate run (the preflight saw it answer at the start):
 * pings it in the background and at every stage boundary, and remembers the first stage during
 * which it stopped answering, with the cause. The gate then fails the run and the report says
 * why, instead of blaming the sandbox for every test the dead engine failed or skipped.
 */
export class EngineWatch {
  lost: EngineLostRecord | undefined;
  private stage = 'start';
  private misses = 0;
  private timer: NodeJS.Timeout | undefined;
  private pinging: Promise<void> | undefined;

  constructor(
    private readonly docker: Docker,
    private readonly intervalMs = WATCH_INTERVAL_MS,
    private readonly timeoutMs = WATCH_TIMEOUT_MS,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.ping(), this.intervalMs);
    this.timer.unref();
  }

  /** Names the stage now running, after checking the engine lived through the previous one. */
  async enter(stage: string): Promise<void> {
    await this.check();
    this.stage = stage;
  }

  /** One ping now (two if the first misses): whether the engine still answers. */
  async check(): Promise<boolean> {
    await this.ping();
    if (this.misses > 0 && !this.lost) await this.ping();
    return !this.lost;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private ping(): Promise<void> {
    this.pinging ??= (async () => {
      try {
        await withDeadline('ping', this.timeoutMs, (abortSignal) =>
          (this.docker.ping as (options: { abortSignal: AbortSignal }) => Promise<unknown>).call(this.docker, {
            abortSignal,
          }),
        );
        this.misses = 0;
      } catch (error) {
        this.misses += 1;
        debug('Engine watch: ping missed (%d) during %s: %s', this.misses, this.stage, (error as Error).message);
        if (this.misses >= MISSES_TO_LOSE && !this.lost) {
          this.lost = { during: this.stage, cause: (error as Error).message, at: new Date().toISOString() };
        }
      }
    })().finally(() => (this.pinging = undefined));
    return this.pinging;
  }
}
