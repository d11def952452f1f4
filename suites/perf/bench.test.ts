// Phase 3, the measuring machinery: raw samples in time order, statistics on known data, and a
// small real benchmark (every requested mode x workload, throughput up to 8 concurrent, a soak).
// The tests check the machinery, never the clock: measured figures are recorded as evidence.
import { cpus } from 'node:os';
import { describe, expect, it } from 'vitest';
import { benchModeNames } from '../../harness/bench/bench-modes.ts';
import type { BenchReport } from '../../harness/bench/bench-report.ts';
import { computeOverheads } from '../../harness/bench/overheads.ts';
import { runBench } from '../../harness/bench/run-bench.ts';
import { bootstrapRatioInterval } from '../../harness/bench/statistics/bootstrap-ratio-interval.ts';
import { summarize } from '../../harness/bench/statistics/summary.ts';
import { welchInterval } from '../../harness/bench/statistics/welch-interval.ts';
import type { PerfModeRecord, PerfWorkloadRecord } from '../../harness/results/results-types.ts';
import { dockerTest } from '../support/docker-test.ts';
import type { Engine } from '../support/engine.ts';
import { shippedConfig } from '../support/shipped-config.ts';

/** A clock whose every measured call lasts exactly the next of `durationsMs` (the first is the warm-up round's). */
function scriptedClock(durationsMs: readonly number[]): () => bigint {
  let nowNs = 1_000_000_000n;
  let reads = 0;
  return () => {
    reads += 1;
    // Reads come in pairs around each call: start, end.
    if (reads % 2 === 0) nowNs += BigInt(Math.round(durationsMs[(reads / 2 - 1) % durationsMs.length]! * 1e6));
    return nowNs;
  };
}

describe('raw samples', () => {
  it('keeps every measured duration, in the order measured, not sorted and without the warm-up', async ({ task }) => {
    const measured = [5, 3, 9, 1, 7, 2];
    const report = await runBench(await shippedConfig(), {
      modes: ['in-process'],
      workloads: ['trivial'],
      iterations: measured.length,
      soak: 0,
      clock: scriptedClock([100, ...measured]),
    });
    const [record] = report.perf.modes;
    expect(report.perf.modes).toHaveLength(1);
    expect(record).toMatchObject({ mode: 'in-process', workload: 'trivial', failures: 0 });
    expect(record!.samplesMs).toEqual(measured);
    expect(record!.samplesMs).not.toEqual([...measured].sort((a, b) => a - b));
    expect(record!.summary).toEqual(summarize(measured));
    expect(report.perf.sampling).toEqual([
      {
        workload: 'trivial',
        rounds: measured.length,
        minRounds: measured.length,
        maxRounds: measured.length,
        stoppedBy: 'fixed',
      },
    ]);
    task.meta.evidence = { samplesMs: record!.samplesMs, summary: record!.summary, sampling: report.perf.sampling };
  });
});

describe('statistics of the report on known data', () => {
  const workloads: PerfWorkloadRecord[] = [
    { name: 'trivial', kind: 'call', description: 'a call' },
    { name: 'sp500', kind: 'backtest', description: 'a backtest' },
  ];
  const record = (mode: string, workload: string, samplesMs: number[]): PerfModeRecord => ({
    mode,
    workload,
    samplesMs,
    summary: summarize(samplesMs),
    failures: 0,
  });
  const base = [10, 11, 12, 13, 14];
  const slower = [20, 22, 24, 26, 28];
  const modes = [
    record('in-process', 'trivial', base),
    record('docker-pool', 'trivial', slower),
    record('in-process', 'sp500', base),
    record('docker-pool', 'sp500', slower),
  ];

  it('overhead in ms is the Welch interval of the raw samples; percent only on backtests, by the seeded bootstrap', ({
    task,
  }) => {
    const options = { baselineMode: 'in-process', confidence: 0.95, resamples: 2000, seed: 7 };
    const overheads = computeOverheads(modes, workloads, options);
    expect(overheads.map((o) => `${o.mode}/${o.workload}`)).toEqual(['docker-pool/trivial', 'docker-pool/sp500']);
    const welch = welchInterval(base, slower);
    // mean(slower) - mean(base) = 24 - 12 = 12, exactly.
    expect(welch.differenceMs).toBe(12);
    for (const overhead of overheads)
      expect(overhead.differenceMs).toEqual({ estimate: 12, low: welch.lowMs, high: welch.highMs });
    expect(overheads[0]!.percent).toBeUndefined();
    const ratio = bootstrapRatioInterval(base, slower, { resamples: 2000, seed: 7 });
    // 100 x (24 / 12 - 1) = 100 %.
    expect(ratio.overheadPct).toBe(100);
    expect(overheads[1]!.percent).toEqual({ estimate: 100, low: ratio.lowPct, high: ratio.highPct });
    expect(overheads[1]!.percent!.low).toBeLessThan(100);
    expect(overheads[1]!.percent!.high).toBeGreaterThan(100);
    expect(computeOverheads(modes, workloads, options)).toEqual(overheads);
    task.meta.evidence = { overheads };
  });
});

describe('a small benchmark on the real engine', () => {
  const iterations = 3;
  const workloads = ['trivial', 'sp500', 'universe-1s'] as const;
  const concurrency = [1, 2, 4, 8];
  const soak = 50;
  let run: Promise<BenchReport> | undefined;
  const report = (engine: Engine) => {
    run ??= (async () =>
      runBench(
        await shippedConfig(),
        { iterations, workloads: [...workloads], concurrency, throughputWorkloads: ['trivial'], soak },
        { docker: engine.docker },
      ))();
    return run;
  };
  const expectedModes = (engine: Engine) =>
    benchModeNames.filter((mode) => mode !== 'docker-runsc' || engine.runtimes.includes('runsc'));

  dockerTest(
    'measures every requested mode x workload: n raw samples each, 0 failures; absent modes say why',
    { timeout: 1_200_000 },
    async ({ task, engine }) => {
      const { perf, absent, measurements } = await report(engine);
      for (const mode of expectedModes(engine)) {
        for (const workload of workloads) {
          const record = perf.modes.find((m) => m.mode === mode && m.workload === workload);
          expect(record, `${mode} x ${workload}`).toBeDefined();
          const detail = measurements.find((m) => m.mode === mode && m.workload === workload);
          expect(record!.failures, `${mode} x ${workload}: ${detail?.firstFailure}`).toBe(0);
          expect(record!.samplesMs).toHaveLength(iterations);
          expect(record!.samplesMs.every((ms) => Number.isFinite(ms) && ms > 0)).toBe(true);
          expect(record!.summary).toEqual(summarize(record!.samplesMs));
        }
      }
      if (!engine.runtimes.includes('runsc')) expect(absent.map((a) => a.mode)).toContain('docker-runsc');
      expect(absent.filter((a) => a.mode !== 'docker-runsc')).toEqual([]);
      expect(perf.workloads.map((w) => [w.name, w.kind])).toEqual([
        ['trivial', 'call'],
        ['sp500', 'backtest'],
        ['universe-1s', 'backtest'],
      ]);
      task.meta.evidence = {
        medianMs: Object.fromEntries(perf.modes.map((m) => [`${m.mode}/${m.workload}`, m.summary?.p50Ms])),
        absent,
        loadAverage1m: measurements.map((m) => m.loadAverage1m),
      };
    },
  );

  dockerTest(
    'gives each mode its overhead over in-process, in ms everywhere and in percent on backtests only',
    async ({ task, engine }) => {
      const { perf } = await report(engine);
      for (const mode of expectedModes(engine).filter((m) => m !== 'in-process')) {
        for (const workload of workloads) {
          const overhead = perf.overheads.find((o) => o.mode === mode && o.workload === workload);
          expect(overhead, `${mode} x ${workload}`).toBeDefined();
          expect(overhead!.baselineMode).toBe('in-process');
          expect(overhead!.differenceMs.low).toBeLessThanOrEqual(overhead!.differenceMs.estimate);
          expect(overhead!.differenceMs.high).toBeGreaterThanOrEqual(overhead!.differenceMs.estimate);
          expect(overhead!.percent === undefined, `${mode} x ${workload}`).toBe(workload === 'trivial');
        }
      }
      task.meta.evidence = { overheads: perf.overheads };
    },
  );

  dockerTest(
    'breaks container time down into its six phases for docker-cold and docker-pool',
    async ({ task, engine }) => {
      const { perf } = await report(engine);
      for (const mode of ['docker-cold', 'docker-pool']) {
        for (const workload of workloads) {
          const phases = perf.breakdown!.filter((b) => b.mode === mode && b.workload === workload).map((b) => b.phase);
          expect(phases, `${mode} x ${workload}`).toEqual([
            'create',
            'attach',
            'start',
            'firstByte',
            'result',
            'remove',
          ]);
        }
      }
      task.meta.evidence = { breakdown: perf.breakdown };
    },
  );

  dockerTest(
    'runs up to 8 concurrent executions with 0 failures (docker-pool after its warm-up, docker-cold and both no-op container limits)',
    async ({ task, engine }) => {
      const { perf, throughputDetails } = await report(engine);
      for (const mode of ['docker-pool', 'docker-cold', 'docker-noop', 'docker-node-noop']) {
        expect(perf.throughput.filter((t) => t.mode === mode).map((t) => t.concurrency)).toEqual(concurrency);
      }
      const poolSize = (await shippedConfig()).pool.size;
      for (const t of perf.throughput) {
        expect(t.failures, `${t.mode} at ${t.concurrency}`).toBe(0);
        expect(t.executions).toBe(Math.max(12, 4 * t.concurrency));
        // Only the pool has ready containers to use up before the clock starts.
        expect(t.warmupExecutions).toBe(t.mode === 'docker-pool' ? poolSize : undefined);
        expect(t.executionsPerSecond).toBeGreaterThan(0);
      }
      // The pool back to back at concurrency 1: the sustained latency, beside the settled one.
      expect(perf.sustained).toHaveLength(1);
      expect(perf.sustained![0]).toMatchObject({ mode: 'docker-pool', workload: 'trivial', failures: 0 });
      expect(perf.sustained![0]!.samplesMs).toHaveLength(12);
      task.meta.evidence = { throughput: perf.throughput, details: throughputDetails, sustained: perf.sustained };
    },
  );

  dockerTest(
    'measures at equal CPU, with the configured quota as its own factor; counts every failure and checks every pooled exit',
    async ({ task, engine }) => {
      const { perf } = await report(engine);
      const config = await shippedConfig();
      expect(perf.cpu).toEqual({
        comparison: 'equal-cpu',
        containerCpuCount: cpus().length,
        configuredCpuCount: config.docker.cpuCount,
        cores: cpus().length,
      });
      if (config.docker.cpuCount !== cpus().length) {
        expect(perf.cpuQuota).toMatchObject({
          cpuCount: config.docker.cpuCount,
          mode: 'docker-pool',
          workload: 'universe-1s',
          failures: 0,
        });
        expect(perf.cpuQuota!.samplesMs).toHaveLength(iterations);
        expect(perf.cpuQuota!.factor.low).toBeLessThanOrEqual(perf.cpuQuota!.factor.estimate);
      }
      expect(perf.failedExecutions).toBe(0);
      expect(Object.keys(perf.failuresByMode!)).toEqual(expect.arrayContaining(['in-process', 'docker-pool']));
      // Pooled executions return on their frame; every exit was checked afterwards and every container removed.
      expect(perf.cleanup!.exitsCheckedAfterFrame).toBeGreaterThan(0);
      expect(perf.cleanup).toMatchObject({ unexpectedExits: 0, notRemoved: 0 });
      expect(perf.calibration!.beforeMs).toBeGreaterThan(0);
      expect(perf.calibration!.perRoundMs).toHaveLength(iterations * workloads.length);
      expect(perf.sampling!.map((s) => s.rounds)).toEqual(workloads.map(() => iterations));
      expect(Object.keys(perf.wallMs!)).toEqual(
        expect.arrayContaining(['calibration', 'latency:trivial', 'throughput', 'soak', 'total']),
      );
      task.meta.evidence = {
        cpu: perf.cpu,
        cpuQuota: perf.cpuQuota && { ...perf.cpuQuota, samplesMs: undefined },
        failedExecutions: perf.failedExecutions,
        cleanup: perf.cleanup,
        calibration: perf.calibration,
        wallMs: perf.wallMs,
      };
    },
  );

  dockerTest(
    `soaks ${soak} executions through the wrapper with 0 failures, 0 fallbacks, 0 leaked containers`,
    async ({ task, engine }) => {
      const { perf, soakDetails } = await report(engine);
      expect(perf.soak).toMatchObject({
        mode: 'docker-pool',
        workload: 'trivial',
        executions: soak,
        failures: 0,
        fallbacks: 0,
        leakedContainers: 0,
      });
      expect(soakDetails!.leakedContainerIds).toEqual([]);
      expect(soakDetails!.pooled).toBeGreaterThan(0);
      task.meta.evidence = { soak: perf.soak, details: soakDetails };
    },
  );
});
