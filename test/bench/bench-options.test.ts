import { describe, expect, it } from 'vitest';
import { cpus } from 'node:os';
import { defaultConcurrency, normalizeBenchOptions, parseList } from '../../harness/bench/bench-options.ts';
import { benchModeNames } from '../../harness/bench/bench-modes.ts';
import { UsageError } from '../../harness/errors.ts';
import { workloadNames } from '../../harness/workload/workloads.ts';

describe('normalizeBenchOptions', () => {
  it('defaults to every mode and workload, concurrency 1, 2 and the cores, and a 1,000-execution soak', () => {
    const options = normalizeBenchOptions({ iterations: 10 });
    expect(options.modes).toEqual([...benchModeNames]);
    expect(options.workloads).toEqual([...workloadNames]);
    expect(options.concurrency).toEqual([...new Set([1, 2, cpus().length])]);
    expect(defaultConcurrency(8)).toEqual([1, 2, 8]);
    expect(options.throughputWorkloads).toEqual(['trivial', 'universe-1s']);
    expect(options.soak).toBe(1000);
    expect(options.confidence).toBe(0.95);
    expect(options.throughputExecutions(1, 'call')).toBe(12);
    expect(options.throughputExecutions(8, 'call')).toBe(32);
    expect(options.throughputExecutions(1, 'backtest')).toBe(4);
  });

  it('skips the soak by default when docker-pool is not measured', () => {
    expect(normalizeBenchOptions({ iterations: 2, modes: ['in-process', 'local'] }).soak).toBe(0);
    expect(normalizeBenchOptions({ iterations: 2, modes: ['in-process'], soak: 5 }).soak).toBe(5);
  });

  it('names the option, what it expected and what it received', () => {
    expect(() => normalizeBenchOptions({ iterations: 1 })).toThrow(UsageError);
    expect(() => normalizeBenchOptions({ iterations: 1 })).toThrow(
      /iterations: expected an integer of at least 2.*received 1/,
    );
    expect(() => normalizeBenchOptions({ iterations: 3, modes: ['docker-warm' as never] })).toThrow(
      /modes: unknown mode "docker-warm"/,
    );
    expect(() => normalizeBenchOptions({ iterations: 3, workloads: ['huge' as never] })).toThrow(
      /workloads: unknown workload "huge"/,
    );
    expect(() => normalizeBenchOptions({ iterations: 3, concurrency: [0] })).toThrow(
      /concurrency: expected integers from 1 to 64, received 0/,
    );
    expect(() => normalizeBenchOptions({ iterations: 3, soak: -1 })).toThrow(/soak: expected/);
  });

  it('the lookahead-check row: alone it needs no latency mode; it needs 2 rounds for its interval', () => {
    expect(
      normalizeBenchOptions({ iterations: 3, modes: [], lookaheadCheck: { iterations: 2 } }).lookaheadCheck,
    ).toEqual({ iterations: 2 });
    expect(() => normalizeBenchOptions({ iterations: 3, modes: [] })).toThrow(/modes: expected at least one/);
    expect(() => normalizeBenchOptions({ iterations: 3, lookaheadCheck: { iterations: 1 } })).toThrow(
      /lookaheadCheck\.iterations: expected an integer of at least 2.*received 1/,
    );
  });

  it('parseList splits on commas and drops blanks', () => {
    expect(parseList(' a, b,,c ')).toEqual(['a', 'b', 'c']);
    expect(parseList(undefined)).toBeUndefined();
  });
});
