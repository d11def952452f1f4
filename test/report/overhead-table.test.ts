import { describe, expect, it } from 'vitest';
import { overheadTables, type OverheadCell } from '../../harness/report/overhead-table.ts';

const interval = (estimate: number) => ({ estimate, low: estimate - 1, high: estimate + 1 });
const cell = (
  mode: string,
  workload: string,
  ms: number,
  pct: number | null,
  baselineMode = 'in-process',
): OverheadCell => ({
  mode,
  workload,
  baselineMode,
  differenceMs: interval(ms),
  percent: pct === null ? null : interval(pct),
});

describe('the overheads as a mode x workload grid', () => {
  it('one column per workload in the workloads order, the baseline mean first, percent only where kept', () => {
    const [table, ...rest] = overheadTables(
      [
        cell('docker-pool', 'sp500', 15.29, 20.4),
        cell('docker-pool', 'trivial', 8.08, null),
        cell('local', 'trivial', 83.84, null),
      ],
      ['trivial', 'sp500'],
      (_mode, workload) => (workload === 'trivial' ? 0.172 : 21.4),
    );
    expect(rest).toEqual([]);
    expect(table!.baselineMode).toBe('in-process');
    expect(table!.workloads).toEqual(['trivial', 'sp500']);
    expect(table!.baselineMeans).toEqual(['0.172 ms', '21.40 ms']);
    expect(table!.rows).toEqual([
      { mode: 'docker-pool', cells: ['8.08 ms [7.08, 9.08]', '15.29 ms [14.29, 16.29], 20.4% [19.4, 21.4]'] },
      // Not measured: an empty cell (the template prints "not measured"), never a zero.
      { mode: 'local', cells: ['83.84 ms [82.84, 84.84]', ''] },
    ]);
  });

  it('a table per baseline, and a baseline without a mean says so', () => {
    const tables = overheadTables(
      [cell('docker-pool', 'trivial', 8, null), cell('docker-pool', 'trivial', 3, null, 'local')],
      ['trivial'],
      (mode) => (mode === 'local' ? null : 0.2),
    );
    expect(tables.map((table) => [table.baselineMode, table.baselineMeans])).toEqual([
      ['in-process', ['0.200 ms']],
      ['local', ['not measured']],
    ]);
  });
});
