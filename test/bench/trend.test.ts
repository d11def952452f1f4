import { describe, expect, it } from 'vitest';
import { slopeInterval } from '../../harness/bench/statistics/trend.ts';

describe('slopeInterval', () => {
  it('a flat series with noise: the interval holds 0', () => {
    const noise = [3, -1, 2, -4, 0, 1, -2, 3, -3, 1];
    const trend = slopeInterval(noise.map((e, i) => [i * 100, 50_000_000 + e * 1000] as const))!;
    expect(trend.lower).toBeLessThan(0);
    expect(trend.upper).toBeGreaterThan(0);
  });

  it('a growing series: slope recovered exactly without noise, interval of zero width', () => {
    const trend = slopeInterval([0, 1, 2, 3, 4].map((x) => [x * 100, 1_000 + 512 * x * 100] as const))!;
    expect(trend.slope).toBeCloseTo(512, 9);
    expect(trend.upper - trend.lower).toBeCloseTo(0, 6);
  });

  it('matches a hand computation: x 1..4, y 2,4,5,8 gives slope 1.9, SE 0.2646, t(0.975, 2) = 4.3027', () => {
    const trend = slopeInterval([
      [1, 2],
      [2, 4],
      [3, 5],
      [4, 8],
    ])!;
    expect(trend.slope).toBeCloseTo(1.9, 9);
    // Residuals 0.1, 0.2, -0.7, 0.4: SSE = 0.7, Sxx = 5, SE = sqrt(0.7 / 2 / 5) = 0.26458
    expect(trend.upper - trend.slope).toBeCloseTo(4.302652729 * Math.sqrt(0.7 / 2 / 5), 6);
  });

  it('fewer than three points, or one x: no trend', () => {
    expect(
      slopeInterval([
        [1, 2],
        [2, 3],
      ]),
    ).toBeUndefined();
    expect(
      slopeInterval([
        [1, 2],
        [1, 3],
        [1, 4],
      ]),
    ).toBeUndefined();
  });
});
