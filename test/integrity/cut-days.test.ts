import { describe, expect, it } from 'vitest';
import { chooseCutDays } from '../../harness/integrity/cut-days.ts';

describe('chooseCutDays', () => {
  it('draws distinct ascending days from a quarter of the series to its second-last day, the same for the same seed', () => {
    const days = chooseCutDays(5105, 8, 16_000_016);
    expect(days).toHaveLength(8);
    expect(new Set(days).size).toBe(8);
    expect([...days].sort((a, b) => a - b)).toEqual(days);
    for (const day of days) {
      expect(day).toBeGreaterThanOrEqual(Math.floor(5104 * 0.25));
      expect(day).toBeLessThanOrEqual(5103);
    }
    expect(chooseCutDays(5105, 8, 16_000_016)).toEqual(days);
    expect(chooseCutDays(5105, 8, 16_000_017)).not.toEqual(days);
  });

  it('gives fewer cuts when the series cannot hold them, and none below 2 days', () => {
    expect(chooseCutDays(2, 3, 1)).toEqual([0]);
    expect(chooseCutDays(5, 10, 1)).toEqual([1, 2, 3]);
    expect(chooseCutDays(1, 3, 1)).toEqual([]);
  });
});
