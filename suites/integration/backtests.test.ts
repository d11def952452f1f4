// Phase 2, end to end: real backtests of benign strategies on the real S&P 500 daily series,
// in Docker and in the local mode. The weights come from inside the sandbox; the metrics are
// computed outside it. Both modes must agree exactly, and buy-and-hold must agree with what
// this file computes from the CSV on its own.
import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { packagePath } from '../../harness/package-root.ts';
import { listManagedContainers } from '../../harness/sandbox/docker/sweeper.ts';
import { containerIsGone } from '../../harness/sandbox/docker/container-is-gone.ts';
import { currentSessionId } from '../../harness/sandbox/docker/labels.ts';
import type { BacktestMetrics, ExecutionResult } from '../../harness/sandbox/execution-result.ts';
import { listCorpus } from '../../harness/sandbox/validator/corpus.ts';
import { SandboxExecutionWrapper } from '../../harness/sandbox/wrapper.ts';
import { BUY_AND_HOLD, SMA_CROSSOVER } from '../../harness/workload/reference-strategies.ts';
import { dockerTest } from '../support/docker-test.ts';
import { shippedConfig } from '../support/shipped-config.ts';
import { metricsMovedBy } from './support/metric-values.ts';

const strategies = [
  { id: 'reference/BUY_AND_HOLD', code: BUY_AND_HOLD },
  { id: 'reference/SMA_CROSSOVER', code: SMA_CROSSOVER },
  ...listCorpus('benign').map((entry) => ({ id: entry.id, code: readFileSync(entry.file, 'utf8') })),
];

/** The S&P 500 closes read straight from the CSV, without the harness's parser. */
function csvCloses(): { dates: string[]; closes: number[] } {
  const text = readFileSync(packagePath('data/sp500-2000.csv'), 'utf8');
  const [header, ...rows] = text.split('\n').filter((line) => line.trim() !== '');
  const closeAt = header!.split(',').indexOf('close');
  return { dates: rows.map((row) => row.split(',')[0]!), closes: rows.map((row) => Number(row.split(',')[closeAt])) };
}

function summary(result: ExecutionResult): Record<string, unknown> {
  return { status: result.status, mode: result.mode, degraded: result.degraded, backtest: result.backtest };
}

describe('end to end: real backtests in both modes', () => {
  dockerTest('the benign corpus offers enough strategies', () => {
    expect(strategies.filter((s) => s.id.startsWith('benign/')).length).toBeGreaterThanOrEqual(5);
  });

  // ses 2 leaves Float32Array/Float64Array out of compartments (endojs/endo#3153, a NaN
  // side channel between compartments); the runner endows the realm's hardened ones, since a
  // strategy runs alone in its process. Benign strategies using them must work in both modes.
  dockerTest('the compartment offers the typed arrays strategies use, hardened, in both modes', async ({ task }) => {
    const probe =
      'export default function strategy() { return [typeof Float32Array, typeof Float64Array, typeof Uint8Array, typeof Int32Array, Object.isFrozen(Float64Array.prototype)]; }';
    const seen: Record<string, unknown> = {};
    for (const mode of ['docker', 'local'] as const) {
      await using sandbox = await SandboxExecutionWrapper.create(await shippedConfig({ enabled: true }), { mode });
      const result = await sandbox.execute({ code: probe, input: null, validate: false });
      expect(result.status, result.message).toBe('ok');
      seen[mode] = result.value;
    }
    expect(seen).toEqual({
      docker: ['function', 'function', 'function', 'function', true],
      local: ['function', 'function', 'function', 'function', true],
    });
    task.meta.evidence = { typeofInCompartment: seen };
  });

  for (const { id, code } of strategies) {
    dockerTest(`${id}: Docker and local give identical weights and metrics`, async ({ task }) => {
      await using docker = await SandboxExecutionWrapper.create(await shippedConfig({ enabled: true }));
      await using local = await SandboxExecutionWrapper.create(await shippedConfig({ enabled: true }), {
        mode: 'local',
      });
      const inDocker = await docker.execute({ code, backtest: {} });
      const inLocal = await local.execute({ code, backtest: {} });
      expect([inDocker.mode, inDocker.degraded, inLocal.mode, inLocal.degraded]).toEqual([
        'docker',
        false,
        'local',
        false,
      ]);
      expect(inDocker.runtime).toBe('runc');
      task.meta.evidence = { docker: summary(inDocker), local: summary(inLocal) };

      expect(inDocker.status, inDocker.message).toBe('ok');
      expect(inLocal.status, inLocal.message).toBe('ok');
      // Weights: deep equal, compared as JSON so that -0 and 0 (which JSON cannot tell apart) agree.
      expect(JSON.stringify(inDocker.value)).toBe(JSON.stringify(inLocal.value));
      expect(inDocker.backtest).toEqual(inLocal.backtest);
      const b = inDocker.backtest!;
      expect(b.days).toBe(csvCloses().closes.length - 1);
      for (const key of ['totalReturn', 'cagr', 'volatility', 'sharpe', 'maxDrawdown', 'turnover'] as const)
        expect(Number.isFinite(b[key]), key).toBe(true);
    });
  }

  dockerTest(
    'buy-and-hold matches close_last / close_first - 1 and the rest, computed here from the CSV',
    async ({ task }) => {
      const { dates, closes } = csvCloses();
      const days = closes.length - 1;
      const first = closes[0]!;
      const last = closes[days]!;
      const returns = closes.slice(1).map((close, d) => close / closes[d]! - 1);
      const mean = returns.reduce((a, r) => a + r, 0) / days;
      const sd = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (days - 1));
      let peak = first;
      let maxDrawdown = 0;
      for (const close of closes) {
        peak = Math.max(peak, close);
        maxDrawdown = Math.max(maxDrawdown, (peak - close) / peak);
      }
      const expected: BacktestMetrics = {
        totalReturn: last / first - 1,
        cagr: (last / first) ** (252 / days) - 1,
        volatility: sd * Math.sqrt(252),
        sharpe: (mean / sd) * Math.sqrt(252),
        maxDrawdown,
        turnover: 1 / days,
        days,
      };

      const benignBuyAndHold = readFileSync(
        listCorpus('benign').find((e) => e.id === 'benign/buy-and-hold')!.file,
        'utf8',
      );
      const seen: Record<string, BacktestMetrics> = {};
      for (const mode of ['auto', 'local'] as const) {
        await using sandbox = await SandboxExecutionWrapper.create(await shippedConfig({ enabled: true }), { mode });
        for (const [name, code] of [
          ['reference', BUY_AND_HOLD],
          ['benign', benignBuyAndHold],
        ] as const) {
          const result = await sandbox.execute({ code, backtest: {} });
          expect(result.status, result.message).toBe('ok');
          expect(result.mode).toBe(mode === 'auto' ? 'docker' : 'local');
          const b = result.backtest!;
          expect(b.days).toBe(expected.days);
          expect(b.turnover).toBe(expected.turnover);
          // The harness compounds 5,104 daily returns; the ratio of two closes has no rounding
          // to compound. They agree to far better than a basis point of a basis point.
          expect(b.totalReturn).toBeCloseTo(expected.totalReturn, 10);
          expect(b.cagr).toBeCloseTo(expected.cagr, 10);
          expect(b.maxDrawdown).toBeCloseTo(expected.maxDrawdown, 10);
          expect(b.volatility).toBeCloseTo(expected.volatility, 12);
          expect(b.sharpe).toBeCloseTo(expected.sharpe, 10);
          seen[`${result.mode}/${name}`] = b;
        }
      }
      task.meta.evidence = {
        series: `S&P 500 daily close ${dates[0]} to ${dates[days]}, ${closes.length} closes`,
        closeFirst: first,
        closeLast: last,
        expected,
        measured: seen,
      };
    },
  );

  dockerTest(
    '20 executions in a row in Docker (auto mode): all ok, no fallback, no leaked container',
    async ({ task, engine }) => {
      const config = await shippedConfig({ enabled: true, fallback: { enabled: true, maxRetries: 1 } });
      const ids: string[] = [];
      let pooled = 0;
      const values = new Set<string>();
      let moved: Record<string, number>;
      {
        await using sandbox = await SandboxExecutionWrapper.create(config);
        moved = (
          await metricsMovedBy(sandbox, async () => {
            for (let i = 0; i < 20; i++) {
              const result = await sandbox.execute({ code: SMA_CROSSOVER, backtest: {} });
              expect(result.status, result.message).toBe('ok');
              expect(result.mode).toBe('docker');
              expect(result.degraded).toBe(false);
              ids.push(result.containerId!);
              if (result.timeline?.pooled) pooled += 1;
              values.add(JSON.stringify(result.backtest));
            }
          })
        ).moved;
        expect(sandbox.stats).toMatchObject({
          executions: 20,
          fallbacks: 0,
          infrastructureFailures: 0,
          byStatus: { ok: 20 },
        });
      }
      expect(moved['docker_sandbox_executions_total{status=ok}']).toBe(20);
      expect(Object.keys(moved).filter((name) => /fallback|docker_errors|ast_only/.test(name))).toEqual([]);
      expect(new Set(ids).size).toBe(20);
      expect(values.size).toBe(1);
      // After the wrapper is closed: nothing of this session is left on the engine.
      const left = await listManagedContainers(engine.docker, currentSessionId());
      expect(left.map((c) => c.Id)).toEqual([]);
      for (const id of ids) expect(await containerIsGone(engine.docker, id), `container ${id.slice(0, 12)}`).toBe(true);
      task.meta.evidence = {
        executions: 20,
        fallbacks: 0,
        distinctContainers: new Set(ids).size,
        fromWarmPool: pooled,
        leakedContainers: left.length,
        backtest: JSON.parse([...values][0]!),
      };
    },
  );
});
