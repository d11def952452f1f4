// Issue 16: what the look-ahead check costs on universe-1s (HEAVY_MOMENTUM, about 1 s of CPU
// in-process), through the wrapper in Docker with the shipped config: the same job with the
// check off and on, interleaved. Recorded as evidence `lookaheadCost` (the report's
// score-integrity partial prints it; `sandbox-gate bench` has the same row, lookahead-check);
// nothing here asserts a duration.
import { describe, expect } from 'vitest';
import { buildBenchWorkload } from '../../harness/bench/bench-workload.ts';
import { measureLookaheadCost } from '../../harness/integrity/measure-lookahead-cost.ts';
import { SandboxExecutionWrapper } from '../../harness/sandbox/wrapper.ts';
import { dockerTest } from '../support/docker-test.ts';
import { shippedConfig } from '../support/shipped-config.ts';

/** Iterations per side: a checked execution is the full run, then 2 check jobs at once (3 re-runs each, the far ones at most 252 days past the cut) of a 1 s strategy at 0.5 CPU. */
const ITERATIONS = 3;

describe('look-ahead check cost', () => {
  dockerTest(
    `universe-1s, HEAVY_MOMENTUM: ${ITERATIONS} executions with the check off and on, interleaved`,
    async ({ task, engine }) => {
      const on = await shippedConfig();
      const off = structuredClone(on);
      off.backtest.lookahead.enabled = false;
      const workload = await buildBenchWorkload('universe-1s');
      await using checked = await SandboxExecutionWrapper.create(on, { mode: 'docker', docker: engine.docker });
      await using unchecked = await SandboxExecutionWrapper.create(off, { mode: 'docker', docker: engine.docker });
      const cost = await measureLookaheadCost(
        { off: unchecked, on: checked },
        { code: workload.code, backtest: { data: workload.data! } },
        { workload: workload.name, strategy: workload.strategy, iterations: ITERATIONS, seed: 16_000_016 },
      );
      task.meta.evidence = { lookaheadCost: cost };
      expect(cost.failures).toEqual([]);
      // A causal strategy pays for every re-run: cuts x perturbations of the shipped config.
      const perRun = on.backtest.lookahead.cuts * on.backtest.lookahead.perturbations.length;
      expect(cost.extraEvaluations).toEqual(new Array(ITERATIONS).fill(perRun));
    },
  );
});
