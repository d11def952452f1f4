import { describe, expect, it } from 'vitest';
import { soakWarmupExecutions } from '../../harness/bench/soak.ts';

describe('soakWarmupExecutions: where the soak takes its memory baseline', () => {
  it.each([
    [1000, 300],
    [2000, 300],
    [100, 30],
    [50, 15],
    [20, 10],
    [5, 4],
    [1, 0],
  ])('%i executions: baseline after %i', (executions, warmup) => {
    expect(soakWarmupExecutions(executions)).toBe(warmup);
  });

  it('always leaves executions after the baseline, so a trend can be fitted', () => {
    for (let executions = 1; executions <= 1200; executions++)
      expect(soakWarmupExecutions(executions)).toBeLessThan(executions);
  });
});
