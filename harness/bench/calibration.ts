import { loadavg } from 'node:os';
import { median } from 'simple-statistics';
import type { CalibrationRecord } from '../results/results-types.ts';
import { measureRaw, type NanoClock } from './raw-samples.ts';

/** Square roots summed by one calibration call: about 15 ms of one core here (2 cores, Node 20). */
const CALIBRATION_LOOP_STEPS = 5_000_000;
/** Calls per calibration point; its figure is their median. */
const CALIBRATION_CALLS = 7;

/**
 * A fixed piece of CPU-bound work, the same on every run: how long it takes says how much of a
 * core this process got at that moment. Compared before and after the measurements (and once
 * per round of the policy's workload), it shows whether the machine changed under the run.
 */
export function calibrationLoop(steps = CALIBRATION_LOOP_STEPS): number {
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += Math.sqrt(i);
  return sum;
}

/** One calibration point: the median of CALIBRATION_CALLS calls (mitata drives them), with the load average. */
export async function calibrate(clock?: NanoClock): Promise<{ medianMs: number; loadAverage: number[] }> {
  const loadAverage = loadavg();
  const run = await measureRaw(async () => calibrationLoop(), { iterations: CALIBRATION_CALLS, clock });
  return { medianMs: median(run.samplesMs), loadAverage };
}

/** One call, timed: the per-round point. */
export function calibrateOnce(clock: NanoClock): number {
  const started = clock();
  calibrationLoop();
  return Number(clock() - started) / 1e6;
}

/**
 * The calibration record: before, after, per round, and the drift, the larger relative change
 * from the before-figure of the after-figure and of the median of the per-round points (single
 * calls, too noisy one by one). The decision policy (overhead.maxCalibrationDrift) marks a run
 * whose drift exceeds it noisy.
 */
export function calibrationRecord(
  before: { medianMs: number; loadAverage: number[] },
  after: { medianMs: number; loadAverage: number[] },
  perRoundMs: readonly number[],
): CalibrationRecord {
  const points = perRoundMs.length > 0 ? [after.medianMs, median([...perRoundMs])] : [after.medianMs];
  const drift = Math.max(...points.map((ms) => Math.abs(ms / before.medianMs - 1)));
  return {
    loopSteps: CALIBRATION_LOOP_STEPS,
    beforeMs: before.medianMs,
    afterMs: after.medianMs,
    perRoundMs: [...perRoundMs],
    drift,
    loadAverageBefore: before.loadAverage,
    loadAverageAfter: after.loadAverage,
  };
}
