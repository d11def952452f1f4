import { describe, expect, it } from 'vitest';
import { breakdownOf, phaseDurations } from '../../harness/bench/breakdown.ts';

describe('phaseDurations', () => {
  it('a cold timeline counts every mark from the create', () => {
    expect(
      phaseDurations({
        createMs: 10,
        attachMs: 12,
        startMs: 80,
        firstByteMs: 200,
        resultMs: 230,
        removeMs: 240,
        pooled: false,
      }),
    ).toEqual({
      create: 10,
      attach: 2,
      start: 68,
      firstByte: 120,
      result: 30,
      remove: 10,
    });
  });

  it('a pooled timeline counts firstByte from the hand-over, not from the start', () => {
    expect(
      phaseDurations({
        createMs: 10,
        attachMs: 12,
        startMs: 80,
        firstByteMs: 6,
        resultMs: 40,
        removeMs: 52,
        pooled: true,
      }),
    ).toEqual({
      create: 10,
      attach: 2,
      start: 68,
      firstByte: 6,
      result: 34,
      remove: 12,
    });
  });

  it('leaves out the phases a timeline has no marks for', () => {
    expect(phaseDurations({ createMs: 5 })).toEqual({ create: 5 });
  });
});

describe('breakdownOf', () => {
  it('gives the median of each phase, in phase order', () => {
    const records = breakdownOf('docker-cold', 'trivial', [
      { createMs: 10, attachMs: 11, startMs: 50, firstByteMs: 150, resultMs: 170, removeMs: 175 },
      { createMs: 20, attachMs: 22, startMs: 70, firstByteMs: 200, resultMs: 240, removeMs: 250 },
      { createMs: 30, attachMs: 33, startMs: 90, firstByteMs: 250, resultMs: 300, removeMs: 320 },
    ]);
    expect(records).toEqual([
      { mode: 'docker-cold', workload: 'trivial', phase: 'create', medianMs: 20 },
      { mode: 'docker-cold', workload: 'trivial', phase: 'attach', medianMs: 2 },
      { mode: 'docker-cold', workload: 'trivial', phase: 'start', medianMs: 48 },
      { mode: 'docker-cold', workload: 'trivial', phase: 'firstByte', medianMs: 130 },
      { mode: 'docker-cold', workload: 'trivial', phase: 'result', medianMs: 40 },
      { mode: 'docker-cold', workload: 'trivial', phase: 'remove', medianMs: 10 },
    ]);
  });
});
