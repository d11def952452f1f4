import { pointer } from '../results/json-pointer.ts';
import type { Results } from '../results/results-types.ts';
import type { BandReading, OverheadReading } from './decision-types.ts';
import type { DecisionPolicy, OverheadBand } from './policy-types.ts';

export interface OverheadLookup extends OverheadReading {
  /** Pointers to the interval's ends, when measured. */
  intervalSource?: { low: string; high: string };
  /** Why the value is null, in words. */
  missing?: string;
  /** Set when the run's calibration drifted past overhead.maxCalibrationDrift: the figure may be disturbed. */
  noisy?: { message: string; source: string };
}

/**
 * Finds the overhead the policy names (`perf.overheads[]` with its mode, workload and
 * baseline), reads its statistic and interval, and places them in the bands. Never
 * substitutes a number: what is absent is null, with the reason.
 *
 * The comparison must be the policy's (`overhead.comparison` against `perf.cpu.comparison`;
 * a run that does not say measured its containers at the configured quota): an overhead at
 * another CPU budget is not the figure the policy's bands were written for, so it counts as
 * not measured. A run whose calibration drifted past `overhead.maxCalibrationDrift` is read
 * as usual and flagged `noisy`, which the decision turns into an inconclusive finding.
 */
export function readOverhead(results: Results, overhead: DecisionPolicy['overhead']): OverheadLookup {
  const [group, part] = overhead.statistic.split('.') as ['percent' | 'differenceMs', 'estimate' | 'low' | 'high'];
  const unit = group === 'percent' ? '%' : 'ms';
  const base = {
    workload: overhead.workload,
    mode: overhead.mode,
    baseline: overhead.baseline,
    comparison: overhead.comparison,
    statistic: overhead.statistic,
    unit,
  } as const;
  const bandsOnly = (missing: string, source: string | null): OverheadLookup => ({
    ...base,
    value: null,
    low: null,
    high: null,
    confidence: results.perf?.confidence ?? null,
    source,
    bands: overhead.bands.map((band, index) => reading(band, index, unit, false, false)),
    straddled: [],
    missing,
  });
  const perf = results.perf;
  if (!perf) return bandsOnly('the run has no perf data (/perf is absent)', null);
  const measuredComparison = perf.cpu?.comparison ?? 'configured-quota';
  if (measuredComparison !== overhead.comparison) {
    const how = perf.cpu
      ? `containers at cpu_count ${perf.cpu.containerCpuCount} of ${perf.cpu.cores} cores`
      : 'containers at the configured quota (the run has no /perf/cpu)';
    return bandsOnly(
      `the policy gates on the ${overhead.comparison} comparison (overhead.comparison) but the run measured ${measuredComparison} (${how})`,
      perf.cpu ? pointer('perf', 'cpu', 'comparison') : null,
    );
  }
  const index = perf.overheads.findIndex(
    (row) => row.mode === overhead.mode && row.workload === overhead.workload && row.baselineMode === overhead.baseline,
  );
  if (index < 0)
    return bandsOnly(
      `no row of /perf/overheads has mode ${overhead.mode}, workload ${overhead.workload} and baselineMode ${overhead.baseline}`,
      null,
    );
  const interval = perf.overheads[index]![group];
  if (!interval) {
    return bandsOnly(
      `/perf/overheads/${index} has no ${group} interval (percent is recorded for backtest workloads only)`,
      pointer('perf', 'overheads', index),
    );
  }
  const value = interval[part];
  const { low, high } = interval;
  const holding = bandIndex(overhead.bands, value);
  const lowBand = bandIndex(overhead.bands, low);
  const highBand = bandIndex(overhead.bands, high);
  const straddled = overhead.bands.slice(lowBand + 1, highBand + 1).map((band) => band.from!);
  const drift = perf.calibration?.drift;
  const noisy =
    drift !== undefined && overhead.maxCalibrationDrift !== null && drift > overhead.maxCalibrationDrift
      ? {
          message:
            `the calibration loop's time moved by ${(drift * 100).toFixed(1)}% during the measurements (${perf.calibration!.beforeMs.toFixed(1)} ms before, ` +
            `${perf.calibration!.afterMs.toFixed(1)} ms after; load average ${perf.calibration!.loadAverageBefore.map((x) => x.toFixed(2)).join(' ')} before, ` +
            `${perf.calibration!.loadAverageAfter.map((x) => x.toFixed(2)).join(' ')} after), more than overhead.maxCalibrationDrift ${overhead.maxCalibrationDrift * 100}%: the machine changed under the run`,
          source: pointer('perf', 'calibration', 'drift'),
        }
      : undefined;
  return {
    ...(noisy ? { noisy } : {}),
    ...base,
    value,
    low,
    high,
    confidence: perf.confidence,
    source: pointer('perf', 'overheads', index, group, part),
    intervalSource: {
      low: pointer('perf', 'overheads', index, group, 'low'),
      high: pointer('perf', 'overheads', index, group, 'high'),
    },
    bands: overhead.bands.map((band, i) => reading(band, i, unit, i === holding, i >= lowBand && i <= highBand)),
    straddled,
  };
}

/** The index of the band holding `value`; the policy loader guarantees exactly one. */
export function bandIndex(bands: readonly OverheadBand[], value: number): number {
  const index = bands.findIndex(
    (band) => (band.from === undefined || value >= band.from) && (band.below === undefined || value < band.below),
  );
  if (index < 0)
    throw new RangeError(`no overhead band holds ${value}: the policy's bands must cover every value (check-bands.ts)`);
  return index;
}

/** `x < 50 %`, `50 <= x < 100 %`, `x >= 100 %`. */
export function describeBand(band: OverheadBand, unit: string): string {
  const suffix = unit === '%' ? '%' : ` ${unit}`;
  if (band.from === undefined && band.below === undefined) return 'any value';
  if (band.from === undefined) return `x < ${band.below}${suffix}`;
  if (band.below === undefined) return `x >= ${band.from}${suffix}`;
  return `${band.from} <= x < ${band.below}${suffix}`;
}

function reading(
  band: OverheadBand,
  index: number,
  unit: string,
  holdsStatistic: boolean,
  touchedByInterval: boolean,
): BandReading {
  return { index, range: describeBand(band, unit), outcome: band.outcome, holdsStatistic, touchedByInterval };
}
