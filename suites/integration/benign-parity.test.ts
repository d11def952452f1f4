// Issue 3, part 4: the functionality check of the layer matrix. Every benign file of the corpus
// must pass every layer: it validates clean, and runs `ok` as a real backtest on the S&P 500
// daily series through the wrapper in Docker and in local mode (the shipped config, as users
// run it) and under the matrix's two audit configurations (layer 1b alone, the container alone:
// harness/layers/layer-runners.ts), with identical weights and metrics everywhere. A catch
// rate bought by breaking benign strategies would mean nothing.
//
// Docker/local parity of the same files is also checked by backtests.test.ts, which pins the
// files that fail for want of Float32Array/Float64Array in the Compartment (ses 2.x); this file
// does not pin them: a benign file that does not run is a failure of "passes every layer".
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect } from 'vitest';
import { LayerRunners } from '../../harness/layers/layer-runners.ts';
import { matrixConfig } from '../../harness/layers/matrix-config.ts';
import type { BacktestMetrics, ExecutionResult } from '../../harness/sandbox/execution-result.ts';
import { listCorpus } from '../../harness/sandbox/validator/corpus.ts';
import { validateStrategy } from '../../harness/sandbox/validator/validate-strategy.ts';
import { SandboxExecutionWrapper } from '../../harness/sandbox/wrapper.ts';
import { computeBacktest } from '../../harness/workload/backtest.ts';
import { loadSp500, type MarketData } from '../../harness/workload/market-data.ts';
import { dockerTest } from '../support/docker-test.ts';
import { shippedConfig } from '../support/shipped-config.ts';

const CONFIGURATIONS = ['docker', 'local', 'layer1b-alone', 'container-alone'] as const;
type Configuration = (typeof CONFIGURATIONS)[number];

interface Checked {
  id: string;
  statuses: Record<Configuration, string>;
  sameWeights: boolean;
  sameMetrics: boolean;
}

/** Metrics computed outside the sandbox from the weights one configuration returned. */
function metricsOf(data: MarketData, result: ExecutionResult): BacktestMetrics | string {
  if (result.status !== 'ok') return `no metrics: ${result.status}`;
  try {
    return result.backtest ?? computeBacktest(data, result.value);
  } catch (error) {
    return `no metrics: ${(error as Error).message}`;
  }
}

describe('benign corpus: passes every layer, same weights and metrics in every configuration', () => {
  const benign = listCorpus('benign');
  const checked: Checked[] = [];
  let data: MarketData;
  let docker: SandboxExecutionWrapper;
  let local: SandboxExecutionWrapper;
  let runners: LayerRunners;

  dockerTest.beforeAll(async ({ engine }) => {
    const config = await shippedConfig();
    data = await loadSp500();
    docker = await SandboxExecutionWrapper.create(config, { mode: 'docker', docker: engine.docker });
    local = await SandboxExecutionWrapper.create(config, { mode: 'local' });
    runners = new LayerRunners({ config: matrixConfig(config), data, docker: engine.docker });
  });

  afterAll(async () => {
    await Promise.all([docker?.close(), local?.close(), runners?.close()]);
  });

  for (const entry of benign) {
    dockerTest(
      `${entry.id}: validates clean, runs ok in Docker, local, layer 1b alone and the container alone, identically`,
      async ({ task }) => {
        const code = readFileSync(entry.file, 'utf8');
        const report = validateStrategy(code);
        expect(
          report.violations.map((v) => `${v.rule} at ${v.line}:${v.column}`),
          'layer 1 findings (false positives)',
        ).toEqual([]);

        const results: Record<Configuration, ExecutionResult> = {
          docker: await docker.execute({ code, backtest: {} }),
          local: await local.execute({ code, backtest: {} }),
          'layer1b-alone': (await runners.layer1b(code)).result,
          'container-alone': (await runners.containerAlone(code)).result,
        };
        const statuses = Object.fromEntries(
          CONFIGURATIONS.map((c) => [
            c,
            results[c].status === 'ok' ? 'ok' : `${results[c].status}: ${results[c].message ?? ''}`,
          ]),
        ) as Record<Configuration, string>;
        const weights = CONFIGURATIONS.map((c) => JSON.stringify(results[c].value));
        const metrics = CONFIGURATIONS.map((c) => metricsOf(data, results[c]));
        const sameWeights = weights.every((w) => w === weights[0]);
        const sameMetrics = metrics.every((m) => JSON.stringify(m) === JSON.stringify(metrics[0]));
        checked.push({ id: entry.id, statuses, sameWeights, sameMetrics });
        task.meta.evidence = { statuses, backtest: metrics[0], sameWeights, sameMetrics };

        expect(statuses, 'status in each configuration').toEqual({
          docker: 'ok',
          local: 'ok',
          'layer1b-alone': 'ok',
          'container-alone': 'ok',
        });
        expect([results.docker.mode, results.docker.degraded, results.local.mode, results.local.degraded]).toEqual([
          'docker',
          false,
          'local',
          false,
        ]);
        // Weights: compared as JSON so that -0 and 0 (which JSON cannot tell apart) agree.
        for (const c of CONFIGURATIONS)
          expect(JSON.stringify(results[c].value), `weights in ${c} vs docker`).toBe(weights[0]);
        for (const c of CONFIGURATIONS)
          expect(metricsOf(data, results[c]), `metrics in ${c} vs docker`).toEqual(metrics[0]);
        expect((metrics[0] as BacktestMetrics).days).toBe(data.dates.length - 1);
      },
    );
  }

  dockerTest('every benign file was run in all four configurations', ({ task }) => {
    const failing = checked.filter(
      (c) => Object.values(c.statuses).some((s) => s !== 'ok') || !c.sameWeights || !c.sameMetrics,
    );
    task.meta.evidence = {
      files: benign.length,
      checked: checked.length,
      passing: checked.length - failing.length,
      failing: failing.map((c) => ({
        id: c.id,
        statuses: c.statuses,
        sameWeights: c.sameWeights,
        sameMetrics: c.sameMetrics,
      })),
    };
    expect(checked.map((c) => c.id)).toEqual(benign.map((entry) => entry.id));
  });
});
