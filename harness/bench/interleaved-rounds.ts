import type { Prng } from '../workload/prng.ts';
import type { BenchOutcome } from './bench-target.ts';
import { hrtimeClock, type NanoClock } from './raw-samples.ts';

/** One contender of an interleaved measurement: a mode (or a mode at another CPU budget). */
export interface RoundContender {
  /** The key its samples are filed under, e.g. `docker-pool` or `docker-pool@quota`. */
  key: string;
  execute(): Promise<BenchOutcome>;
}

export interface RoundsOptions {
  /** Measured rounds before the stop rule is first asked. At least 2 (Welch needs 2). */
  minRounds: number;
  /** The cap: no more measured rounds than this, whatever the stop rule says. */
  maxRounds: number;
  /** Untimed rounds first (JIT, first-use allocations); their samples are dropped. @default 1 */
  warmupRounds?: number;
  /** Untimed, before every timed call: brings every contender to its resting state (the pool full, no removal pending). */
  beforeEach?: () => Promise<void>;
  /** Asked after every measured round from minRounds on: true stops (the interval the policy reads is clear). */
  shouldStop?: (samples: ReadonlyMap<string, readonly number[]>) => boolean;
  /** Shuffles each round's order. */
  prng: Prng;
  clock?: NanoClock;
  /** Untimed, after each measured round (e.g. one calibration sample). */
  afterRound?: (round: number) => Promise<void> | void;
}

export interface RoundsResult {
  /** Per contender, the durations of its ok executions, in the order measured. */
  samplesMs: Map<string, number[]>;
  /** Per contender, every measured outcome (ok or not), in the order measured. */
  outcomes: Map<string, BenchOutcome[]>;
  /** The order of each measured round (after the warm-up), for the record and the tests. */
  orders: string[][];
  rounds: number;
  /** `clear`: the stop rule said so; `cap`: maxRounds reached; `fixed`: no stop rule, minRounds taken. */
  stoppedBy: 'clear' | 'cap' | 'fixed';
}

/**
 * Samples every contender once per round, in an order shuffled afresh each round (Fisher-Yates
 * on the seeded PRNG), so that a drift of the machine (another job starting, thermal state,
 * the engine's caches) falls on every contender alike instead of on whichever ran last. Runs
 * minRounds measured rounds, then continues while the stop rule says no, up to maxRounds.
 * Without a stop rule it takes exactly minRounds.
 */
export async function runInterleavedRounds(
  contenders: readonly RoundContender[],
  options: RoundsOptions,
): Promise<RoundsResult> {
  const { minRounds, maxRounds } = options;
  if (!Number.isInteger(minRounds) || minRounds < 2)
    throw new RangeError(
      `runInterleavedRounds: minRounds must be an integer of at least 2, received ${String(minRounds)}`,
    );
  if (!Number.isInteger(maxRounds) || maxRounds < minRounds)
    throw new RangeError(
      `runInterleavedRounds: maxRounds must be an integer >= minRounds (${minRounds}), received ${String(maxRounds)}`,
    );
  const clock = options.clock ?? hrtimeClock;
  const samplesMs = new Map(contenders.map((c) => [c.key, [] as number[]]));
  const outcomes = new Map(contenders.map((c) => [c.key, [] as BenchOutcome[]]));
  const orders: string[][] = [];
  const warmupRounds = options.warmupRounds ?? 1;
  for (let round = 0; ; round++) {
    const measuredRound = round - warmupRounds;
    const order = shuffled(contenders, options.prng);
    for (const contender of order) {
      await options.beforeEach?.();
      const started = clock();
      const outcome = await contender.execute();
      const ms = Number(clock() - started) / 1e6;
      if (measuredRound < 0) continue;
      outcomes.get(contender.key)!.push(outcome);
      if (outcome.ok) samplesMs.get(contender.key)!.push(ms);
    }
    if (measuredRound < 0) continue;
    orders.push(order.map((c) => c.key));
    await options.afterRound?.(measuredRound);
    const rounds = measuredRound + 1;
    if (rounds < minRounds) continue;
    if (!options.shouldStop) return { samplesMs, outcomes, orders, rounds, stoppedBy: 'fixed' };
    if (options.shouldStop(samplesMs)) return { samplesMs, outcomes, orders, rounds, stoppedBy: 'clear' };
    if (rounds >= maxRounds) return { samplesMs, outcomes, orders, rounds, stoppedBy: 'cap' };
  }
}

/** A shuffled copy (Fisher-Yates): every order equally likely. */
export function shuffled<T>(items: readonly T[], prng: Prng): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = prng.nextInt(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
