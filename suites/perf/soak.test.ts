// Phase 5, the mixed soak: one hundred executions through the wrapper and the warm pool, with
// every kind of the mix (calls, backtests, and strategies that time out, run out of memory and
// flood their output). Each kind must end in its own status, none may fall back, no container
// may be left, and the harness's open handles must be back where they were once it closed.
// (The gate's default run soaks 1,000; this is the same code at a size a suite can afford.)
import { describe, expect } from 'vitest';
import { buildBenchWorkload } from '../../harness/bench/bench-workload.ts';
import { runSoak } from '../../harness/bench/soak.ts';
import { dockerTest } from '../support/docker-test.ts';

const EXECUTIONS = 100;

describe('mixed soak', () => {
  dockerTest(
    `${EXECUTIONS} mixed executions: every kind gets its own status, 0 fallbacks, 0 leaked, handles back to their start`,
    async ({ task, engine, config }) => {
      const { record, details } = await runSoak(config, engine.docker, await buildBenchWorkload('sp500'), EXECUTIONS);
      expect(details.mix).toEqual({ call: 60, backtest: 30, timeout: 4, oom: 3, flood: 3 });
      expect(details.unexpected).toEqual([]);
      expect(record.failures).toBe(0);
      expect(details.byStatus).toEqual({ ok: 90, timeout: 4, oom: 3, 'output-limit': 3 });
      expect(record.fallbacks).toBe(0);
      expect(record.leakedContainers).toBe(0);
      expect(details.pooled).toBeGreaterThan(0);
      // Trends are stated with their interval: from the baseline after the warm-up (30% of the
      // soak: V8's compiled code is growth that stops), every 25 executions; the sample after
      // close is not part of them (the pool's containers are gone there).
      expect(details.warmupExecutions).toBe(30);
      expect(details.memory.map((sample) => sample.executions)).toEqual([30, 50, 75, 100]);
      expect(record.heapSlopeBytesPerExecution?.points).toBe(details.memory.length);
      expect(record.rssSlopeBytesPerExecution?.points).toBe(details.memory.length);
      // Once the wrapper closed, nothing it opened is still open: no socket, timer or child left.
      expect(record.handlesBefore).toBe(details.beforeWrapper.activeResources);
      expect(record.handlesAfter).toBe(details.afterClose.activeResources);
      expect(record.handlesAfter).toBeLessThanOrEqual(record.handlesBefore!);
      // While it ran, the pool's attach streams were open: the count can see what close() gives back.
      expect(Math.max(...details.memory.map((sample) => sample.activeResources))).toBeGreaterThan(
        record.handlesBefore!,
      );
      task.meta.evidence = { soak: record, details };
    },
  );
});
