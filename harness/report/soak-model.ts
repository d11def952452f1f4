import type { Results, SlopeRecord, SoakRecord } from '../results/results-types.ts';
import { fixed } from './format-number.ts';

/** The soak's trend rows: what the harness's own memory and handles did per execution. */
export interface SoakTrendModel {
  mix: string;
  rows: { quantity: string; slope: string; range: string; verdict: string }[];
  /** Set when the soak recorded no trend (not run, or too few samples). */
  missing: string;
}

/**
 * A trend "does not grow" when its interval holds 0 or lies below it; "grows" when the whole
 * interval is above 0. The unit is per execution: a 1,000-execution soak multiplies it by 1,000.
 */
export function buildSoakTrendModel(results: Results): SoakTrendModel {
  const soak = results.perf?.soak;
  const rows: SoakTrendModel['rows'] = [];
  const add = (quantity: string, slope: SlopeRecord | undefined, format: (value: number) => string) => {
    if (!slope) return;
    rows.push({
      quantity,
      slope: format(slope.slope),
      range: `[${format(slope.lower)}, ${format(slope.upper)}] (${Math.round(slope.confidence * 100)}%, ${slope.points} samples)`,
      verdict: slope.lower > 0 ? '**grows**' : 'does not grow',
    });
  };
  // Per-execution slopes are fractions of a KiB: whole bytes below 1 KiB, else KiB.
  const signedBytes = (value: number) =>
    Math.abs(value) < 1024 ? `${fixed(value, 0)} B` : `${fixed(value / 1024, 2)} KiB`;
  add('heap (after a full GC), per execution', soak?.heapSlopeBytesPerExecution, signedBytes);
  add('RSS, per execution', soak?.rssSlopeBytesPerExecution, signedBytes);
  add('open handles, per execution', soak?.handlesSlopePerExecution, (value) => value.toFixed(4));
  const mix = soak?.mix
    ? Object.entries(soak.mix)
        .map(([kind, count]) => `${count} ${kind}`)
        .join(', ')
    : '';
  return {
    mix,
    rows,
    missing: rows.length ? '' : 'no trend was recorded in this run (no soak, or fewer than three memory samples)',
  };
}

/** The measures whose whole interval lies above 0: growth, a risk for a long-lived process. */
export function soakGrowth(soak: SoakRecord | null | undefined): string[] {
  const growing: string[] = [];
  if (soak?.heapSlopeBytesPerExecution && soak.heapSlopeBytesPerExecution.lower > 0) growing.push('heap');
  if (soak?.rssSlopeBytesPerExecution && soak.rssSlopeBytesPerExecution.lower > 0) growing.push('RSS');
  if (soak?.handlesSlopePerExecution && soak.handlesSlopePerExecution.lower > 0) growing.push('count of open handles');
  return growing;
}
