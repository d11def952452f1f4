import type { IntervalRecord } from '../results/results-types.ts';
import { formatMs } from './format-number.ts';
import { intervalText } from './headline-model.ts';

/** One overhead as the report model holds it: `percent` null where the baseline is too small to divide by. */
export interface OverheadCell {
  mode: string;
  workload: string;
  baselineMode: string;
  differenceMs: IntervalRecord;
  percent: IntervalRecord | null;
}

/**
 * The overheads of one baseline as a mode x workload grid: a row per mode, a column per
 * workload. The long form (one row per mode and workload, baseline and note repeated on each)
 * took 2.0 KB for the example run's 20 overheads; the grid prints the baseline's means once, in
 * its first row, and is about half that.
 */
export interface OverheadTable {
  baselineMode: string;
  workloads: string[];
  /** The baseline's mean per workload (`not measured` when it has none). */
  baselineMeans: string[];
  /** Per mode, a cell per workload: `8.08 ms [7.20, 8.96]`, `, 5.3% [-0.7, 11.9]` added where a percent is printed; '' when not measured. */
  rows: { mode: string; cells: string[] }[];
}

export function overheadCellText(row: Pick<OverheadCell, 'differenceMs' | 'percent'>): string {
  return `${intervalText(row.differenceMs, 'ms')}${row.percent ? `, ${intervalText(row.percent, '%')}` : ''}`;
}

/**
 * One table per baseline mode, in order of first appearance; workloads in `workloadOrder`
 * (then any other), modes in order of first appearance. `baselineMeanMs(mode, workload)` is the
 * baseline's mean, or null when it was not measured.
 */
export function overheadTables(
  overheads: readonly OverheadCell[],
  workloadOrder: readonly string[],
  baselineMeanMs: (mode: string, workload: string) => number | null,
): OverheadTable[] {
  const baselines = [...new Set(overheads.map((row) => row.baselineMode))];
  return baselines.map((baselineMode) => {
    const rows = overheads.filter((row) => row.baselineMode === baselineMode);
    const present = new Set(rows.map((row) => row.workload));
    const workloads = [
      ...workloadOrder.filter((workload) => present.has(workload)),
      ...[...present].filter((workload) => !workloadOrder.includes(workload)),
    ];
    const modes = [...new Set(rows.map((row) => row.mode))];
    return {
      baselineMode,
      workloads,
      baselineMeans: workloads.map((workload) => {
        const mean = baselineMeanMs(baselineMode, workload);
        return mean === null ? 'not measured' : formatMs(mean);
      }),
      rows: modes.map((mode) => ({
        mode,
        cells: workloads.map((workload) => {
          const row = rows.find((candidate) => candidate.mode === mode && candidate.workload === workload);
          return row ? overheadCellText(row) : '';
        }),
      })),
    };
  });
}
