import { describe, expect, it } from 'vitest';
import { calibrationRecord } from '../../harness/bench/calibration.ts';
import { atCpuCount, describeQuota, quotaFactor, quotaKey } from '../../harness/bench/cpu-budget.ts';
import { countFailures } from '../../harness/bench/failure-count.ts';
import { runInterleavedRounds, type RoundContender } from '../../harness/bench/interleaved-rounds.ts';
import { DEFAULT_SANDBOX_CONFIG } from '../../harness/config/sandbox-config.ts';
import { createPrng } from '../../harness/workload/prng.ts';

const INTERVAL = { confidence: 0.95, resamples: 2000, seed: 7 };

describe('equal CPU and the quota factor', () => {
  it('runs the benchmark containers at the given cpu_count without touching the config', () => {
    const config = structuredClone(DEFAULT_SANDBOX_CONFIG);
    const equal = atCpuCount(config, 2);
    expect(equal.docker.cpuCount).toBe(2);
    expect(config.docker.cpuCount).toBe(DEFAULT_SANDBOX_CONFIG.docker.cpuCount);
    expect({ ...equal, docker: { ...equal.docker, cpuCount: config.docker.cpuCount } }).toEqual(config);
  });

  it('pairs the quota with equal CPU in the same rounds and reads a half-core quota as 2x (scripted clock)', async () => {
    // A CPU-bound execution at cpu_count 0.5 gets half the CPU time per period: twice as long.
    let nowNs = 0n;
    const jitter = createPrng(11);
    const at =
      (ms: number): RoundContender['execute'] =>
      async () => {
        nowNs += BigInt(Math.round(ms * (1 + (jitter.next() - 0.5) * 0.04) * 1e6));
        return { ok: true, status: 'ok' };
      };
    const rounds = await runInterleavedRounds(
      [
        { key: 'in-process', execute: at(1000) },
        { key: 'docker-pool', execute: at(1050) },
        { key: quotaKey('docker-pool'), execute: at(2100) },
      ],
      { minRounds: 8, maxRounds: 8, prng: createPrng(1), clock: () => nowNs },
    );
    for (const order of rounds.orders) expect(order).toContain('docker-pool@quota');
    const factor = quotaFactor(
      rounds.samplesMs.get('docker-pool')!,
      rounds.samplesMs.get('docker-pool@quota')!,
      INTERVAL,
    );
    expect(factor.estimate).toBeCloseTo(2, 1);
    expect(factor.low).toBeLessThan(2.03);
    expect(factor.high).toBeGreaterThan(1.97);
    expect(factor.low).toBeGreaterThan(1.9);
    const text = describeQuota(
      { cpuCount: 0.5, mode: 'docker-pool', workload: 'universe-1s', factor, samplesMs: [], failures: 0 },
      0.95,
    );
    expect(text).toMatch(
      /^cpu_count 0\.5: CPU-bound work takes 2\.0\dx \[1\.9\dx, 2\.0\dx\] \(docker-pool on universe-1s at the quota over equal CPU, 95% interval\)$/,
    );
  });
});

describe('failed executions and calibration', () => {
  it('counts every failure: latency, quota, throughput and soak, in total and by mode', () => {
    const counted = countFailures({
      modes: [
        { mode: 'in-process', workload: 'trivial', samplesMs: [1], summary: null, failures: 0 },
        { mode: 'docker-pool', workload: 'trivial', samplesMs: [1], summary: null, failures: 2 },
        { mode: 'docker-pool', workload: 'sp500', samplesMs: [1], summary: null, failures: 1 },
      ],
      throughput: [
        {
          mode: 'docker-cold',
          workload: 'trivial',
          concurrency: 2,
          executions: 8,
          executionsPerSecond: 4,
          failures: 3,
        },
      ],
      cpuQuota: {
        cpuCount: 0.5,
        mode: 'docker-pool',
        workload: 'universe-1s',
        factor: { estimate: 2, low: 1.9, high: 2.1 },
        samplesMs: [],
        failures: 1,
      },
      soak: {
        mode: 'docker-pool',
        workload: 'trivial',
        executions: 50,
        failures: 4,
        fallbacks: 0,
        leakedContainers: 0,
        heapGrowthBytes: 0,
        rssGrowthBytes: 0,
      },
    });
    expect(counted).toEqual({
      failedExecutions: 11,
      failuresByMode: { 'in-process': 0, 'docker-pool': 7, 'docker-cold': 3, 'docker-pool@quota': 1 },
    });
  });

  it('drift is the larger move of the after-figure and of the per-round median from the before-figure', () => {
    const load = [1, 1, 1];
    expect(
      calibrationRecord({ medianMs: 10, loadAverage: load }, { medianMs: 11, loadAverage: load }, [10, 10, 14]).drift,
    ).toBeCloseTo(0.1);
    expect(
      calibrationRecord({ medianMs: 10, loadAverage: load }, { medianMs: 10, loadAverage: load }, [13, 14, 15]).drift,
    ).toBeCloseTo(0.4);
    expect(
      calibrationRecord({ medianMs: 10, loadAverage: load }, { medianMs: 8, loadAverage: load }, []).drift,
    ).toBeCloseTo(0.2);
  });
});
