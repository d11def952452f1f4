import { median } from 'simple-statistics';
import type { BreakdownPhase, BreakdownRecord } from '../results/results-types.ts';
import type { ContainerTimeline } from '../sandbox/execution-result.ts';

/**
 * How long each phase of one container's life took, in ms, from its timeline:
 * create, attach and start (the container's start-up; for a pooled run it happened ahead of
 * need, off the critical path), firstByte (job handed over to the first byte of output: for a
 * cold run from the start, so it includes Node's start and `lockdown()`), result (first byte
 * to the exit observed and output drained) and remove (after the result; for a pooled run off
 * the critical path).
 */
export function phaseDurations(timeline: ContainerTimeline): Partial<Record<BreakdownPhase, number>> {
  const { createMs, attachMs, startMs, firstByteMs, resultMs, removeMs } = timeline;
  const phases: Partial<Record<BreakdownPhase, number>> = {};
  if (createMs !== undefined) phases.create = createMs;
  if (attachMs !== undefined && createMs !== undefined) phases.attach = attachMs - createMs;
  if (startMs !== undefined && attachMs !== undefined) phases.start = startMs - attachMs;
  // Pooled timelines count firstByte from the hand-over (PooledDockerExecutor); cold ones from create.
  if (firstByteMs !== undefined)
    phases.firstByte = timeline.pooled ? firstByteMs : startMs !== undefined ? firstByteMs - startMs : undefined;
  if (resultMs !== undefined && firstByteMs !== undefined) phases.result = resultMs - firstByteMs;
  if (removeMs !== undefined && resultMs !== undefined) phases.remove = removeMs - resultMs;
  for (const key of Object.keys(phases) as BreakdownPhase[]) if (phases[key] === undefined) delete phases[key];
  return phases;
}

export const BREAKDOWN_PHASES: readonly BreakdownPhase[] = [
  'create',
  'attach',
  'start',
  'firstByte',
  'result',
  'remove',
];

/** The median of each phase over the timelines of one mode and workload. */
export function breakdownOf(
  mode: string,
  workload: string,
  timelines: readonly ContainerTimeline[],
): BreakdownRecord[] {
  const records: BreakdownRecord[] = [];
  const durations = timelines.map(phaseDurations);
  for (const phase of BREAKDOWN_PHASES) {
    const values = durations.map((d) => d[phase]).filter((value): value is number => value !== undefined);
    if (values.length > 0) records.push({ mode, workload, phase, medianMs: median(values) });
  }
  return records;
}
