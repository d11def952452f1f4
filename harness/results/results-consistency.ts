import { ConfigError } from '../errors.ts';
import { summarize, type Summary } from '../bench/statistics/summary.ts';
import { claimState } from '../claims/claim-state.ts';
import { pointer } from './json-pointer.ts';
import type { PerfRecord, Results } from './results-types.ts';

/** Relative tolerance when a stored number is recomputed from others (float summation order). */
const RELATIVE_TOLERANCE = 1e-6;

/**
 * The checks a JSON Schema cannot express, so that no figure of a report can be typed in
 * by hand: counts agree with lists, rates with counts, summaries and overhead estimates
 * with the raw samples, and every id a claim cites exists.
 * @throws ConfigError naming the file and the JSON pointer of the first inconsistency.
 */
export function checkConsistency(results: Results, file: string): void {
  const fail = (at: string, expected: string, found: unknown): never => {
    throw new ConfigError(file, at, expected, found);
  };
  if (Date.parse(results.finishedAt) < Date.parse(results.startedAt))
    fail('/finishedAt', `a time not before startedAt (${results.startedAt})`, results.finishedAt);

  const testIds = new Set<string>();
  const phaseNames = new Set<string>();
  results.phases.forEach((phase, p) => {
    if (phaseNames.has(phase.name)) fail(pointer('phases', p, 'name'), 'each phase once', phase.name);
    phaseNames.add(phase.name);
    for (const status of ['passed', 'failed', 'skipped'] as const) {
      const counted = phase.tests.filter((test) => test.status === status).length;
      if (phase[status] !== counted)
        fail(pointer('phases', p, status), `${counted}, the number of tests with status ${status}`, phase[status]);
    }
    phase.tests.forEach((test, t) => {
      if (testIds.has(test.id)) fail(pointer('phases', p, 'tests', t, 'id'), 'a test id unique in the run', test.id);
      testIds.add(test.id);
    });
  });

  const registry = new Set<string>();
  results.claimRegistry.forEach((entry, i) => {
    if (registry.has(entry.id)) fail(pointer('claimRegistry', i, 'id'), 'each claim of the registry once', entry.id);
    registry.add(entry.id);
  });
  const claimKeys = new Set<string>();
  results.claims.forEach((claim, c) => {
    const key = `${claim.id}\u0000${claim.runtime}`;
    if (claimKeys.has(key))
      fail(pointer('claims', c), `claim ${claim.id} once per runtime`, `a second ${claim.id} on ${claim.runtime}`);
    claimKeys.add(key);
    if (!registry.has(claim.id)) fail(pointer('claims', c, 'id'), 'the id of a claim in /claimRegistry', claim.id);
    // The state follows from the three checks by the one rule (claim-state.ts): it cannot be typed in.
    const { state } = claimState(claim.probe, claim.control, claim.functionality);
    if (claim.state !== state)
      fail(
        pointer('claims', c, 'state'),
        `${state}, the state its probe, control and functionality checks give (harness/claims/claim-state.ts)`,
        claim.state,
      );
    if (claim.upheld !== (state === 'upheld'))
      fail(
        pointer('claims', c, 'upheld'),
        `${state === 'upheld'} (upheld only when the state is upheld)`,
        claim.upheld,
      );
    if (state !== 'upheld' && claim.reason === undefined)
      fail(pointer('claims', c, 'reason'), `the reason the claim is ${state}`, undefined);
    if (state === 'upheld' && claim.reason !== undefined)
      fail(pointer('claims', c, 'reason'), 'no reason (the claim is upheld)', claim.reason);
    claim.testIds.forEach((id, i) => {
      if (!testIds.has(id)) fail(pointer('claims', c, 'testIds', i), 'the id of a test in /phases', id);
    });
  });

  if (results.layerMatrix) {
    const { files, catchRates } = results.layerMatrix;
    for (const layer of ['layer1', 'layer1b', 'container', 'all'] as const) {
      const blocked = files.filter((row) => row[layer].blocked).length;
      const rate = files.length ? blocked / files.length : 0;
      if (!close(catchRates[layer], rate))
        fail(
          pointer('layerMatrix', 'catchRates', layer),
          `${rate} (${blocked} of ${files.length} files blocked)`,
          catchRates[layer],
        );
    }
    results.layerMatrix.testIds?.forEach((id, i) => {
      if (!testIds.has(id)) fail(pointer('layerMatrix', 'testIds', i), 'the id of a test in /phases', id);
    });
  }

  if (results.perf) checkPerf(results.perf, fail);

  const r = results.reliability;
  const statusTotal = Object.values(r.byStatus).reduce((sum, n) => sum + n, 0);
  if (statusTotal !== r.executions)
    fail('/reliability/byStatus', `counts summing to executions (${r.executions})`, r.byStatus);
  const notOk = r.executions - (r.byStatus.ok ?? 0);
  if (r.failures !== notOk)
    fail('/reliability/failures', `${notOk}, the executions whose status was not ok`, r.failures);
  if (r.fallbacks > r.executions) fail('/reliability/fallbacks', `at most executions (${r.executions})`, r.fallbacks);
  const ok = r.byStatus.ok ?? 0;
  if (r.successes > ok)
    fail('/reliability/successes', `at most the executions whose status was ok (${ok})`, r.successes);
  // An ok that is not a success was degraded: it fell back, so it is among the fallbacks.
  if (ok - r.successes > r.fallbacks)
    fail(
      '/reliability/successes',
      `at least ${ok - r.fallbacks} (ok executions ${ok} minus fallbacks ${r.fallbacks}: a degraded ok is a fallback)`,
      r.successes,
    );
  if (r.executions === 0) {
    if (r.fallbackRate !== null) fail('/reliability/fallbackRate', 'null (nothing was executed)', r.fallbackRate);
    if (r.successRate !== null) fail('/reliability/successRate', 'null (nothing was executed)', r.successRate);
  } else {
    const fallbackRate = r.fallbacks / r.executions;
    const successRate = r.successes / r.executions;
    if (r.fallbackRate === null || !close(r.fallbackRate, fallbackRate))
      fail('/reliability/fallbackRate', `${fallbackRate} (fallbacks / executions)`, r.fallbackRate);
    if (r.successRate === null || !close(r.successRate, successRate))
      fail('/reliability/successRate', `${successRate} (successes / executions: ok and not degraded)`, r.successRate);
  }

  const projectionIds = new Set<string>();
  results.projections?.forEach((projection, i) => {
    if (projectionIds.has(projection.id))
      fail(pointer('projections', i, 'id'), 'a projection id unique in the run', projection.id);
    projectionIds.add(projection.id);
  });
}

type Fail = (at: string, expected: string, found: unknown) => never;

function checkPerf(perf: PerfRecord, fail: Fail): void {
  const workloads = new Map(perf.workloads.map((workload) => [workload.name, workload]));
  const knownWorkload = (name: string, at: string): void => {
    if (!workloads.has(name))
      fail(at, `a workload listed in /perf/workloads (${[...workloads.keys()].join(', ')})`, name);
  };
  const modes = new Map<string, { index: number; summary: Summary | null }>();
  perf.modes.forEach((row, i) => {
    knownWorkload(row.workload, pointer('perf', 'modes', i, 'workload'));
    const key = `${row.mode}\u0000${row.workload}`;
    if (modes.has(key)) fail(pointer('perf', 'modes', i), `mode ${row.mode} on ${row.workload} once`, 'a second row');
    if (row.samplesMs.length === 0) {
      if (row.summary !== null) fail(pointer('perf', 'modes', i, 'summary'), 'null (no sample)', row.summary);
    } else {
      const expected = summarize(row.samplesMs);
      if (!row.summary) fail(pointer('perf', 'modes', i, 'summary'), 'the summary of samplesMs', row.summary);
      for (const key of Object.keys(expected) as (keyof Summary)[]) {
        if (!close(row.summary![key], expected[key]))
          fail(
            pointer('perf', 'modes', i, 'summary', key),
            `${expected[key]}, recomputed from samplesMs`,
            row.summary![key],
          );
      }
    }
    modes.set(key, { index: i, summary: row.summary });
  });
  perf.overheads.forEach((row, i) => {
    const at = (...rest: (string | number)[]): string => pointer('perf', 'overheads', i, ...rest);
    knownWorkload(row.workload, at('workload'));
    const measured = modes.get(`${row.mode}\u0000${row.workload}`)?.summary;
    const baseline = modes.get(`${row.baselineMode}\u0000${row.workload}`)?.summary;
    if (!measured) fail(at('mode'), `a mode with samples on ${row.workload} in /perf/modes`, row.mode);
    if (!baseline) fail(at('baselineMode'), `a mode with samples on ${row.workload} in /perf/modes`, row.baselineMode);
    const difference = measured!.meanMs - baseline!.meanMs;
    if (!close(row.differenceMs.estimate, difference))
      fail(
        at('differenceMs', 'estimate'),
        `${difference}, mean(${row.mode}) - mean(${row.baselineMode})`,
        row.differenceMs.estimate,
      );
    checkInterval(row.differenceMs, at('differenceMs'), true, fail);
    if (row.percent) {
      if (workloads.get(row.workload)!.kind !== 'backtest')
        fail(at('percent'), `no percent overhead: ${row.workload} is not a backtest workload`, row.percent);
      const percent = 100 * (measured!.meanMs / baseline!.meanMs - 1);
      if (!close(row.percent.estimate, percent))
        fail(
          at('percent', 'estimate'),
          `${percent}, 100 * (mean(${row.mode}) / mean(${row.baselineMode}) - 1)`,
          row.percent.estimate,
        );
      // A percentile bootstrap interval need not contain the point estimate: only its ends are ordered.
      checkInterval(row.percent, at('percent'), false, fail);
    }
  });
  perf.throughput.forEach((row, i) => {
    knownWorkload(row.workload, pointer('perf', 'throughput', i, 'workload'));
    if (row.failures > row.executions)
      fail(pointer('perf', 'throughput', i, 'failures'), `at most executions (${row.executions})`, row.failures);
  });
  perf.breakdown?.forEach((row, i) => knownWorkload(row.workload, pointer('perf', 'breakdown', i, 'workload')));
  if (perf.soak) knownWorkload(perf.soak.workload, '/perf/soak/workload');
}

function checkInterval(
  interval: { estimate: number; low: number; high: number },
  at: string,
  containsEstimate: boolean,
  fail: Fail,
): void {
  if (
    containsEstimate
      ? !(interval.low <= interval.estimate && interval.estimate <= interval.high)
      : !(interval.low <= interval.high)
  ) {
    fail(at, containsEstimate ? 'low <= estimate <= high' : 'low <= high', interval);
  }
}

function close(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(expected));
}
