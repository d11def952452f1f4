import { describe, expect, it } from 'vitest';
import { bootstrapRatioInterval } from '../../harness/bench/statistics/bootstrap-ratio-interval.ts';
import { logGamma, regularizedIncompleteBeta } from '../../harness/bench/statistics/incomplete-beta.ts';
import { studentTCdf, studentTQuantile } from '../../harness/bench/statistics/student-t.ts';
import { summarize } from '../../harness/bench/statistics/summary.ts';
import { welchInterval } from '../../harness/bench/statistics/welch-interval.ts';
import { createPrng } from '../../harness/workload/prng.ts';

describe('summarize', () => {
  it('1..10: mean, sample sd and type 7 quantiles', () => {
    const samples = [7, 3, 10, 1, 5, 9, 2, 8, 6, 4];
    const copy = [...samples];
    const summary = summarize(samples);
    expect(samples).toEqual(copy); // the input is not sorted in place
    expect(summary.n).toBe(10);
    expect(summary.meanMs).toBe(5.5);
    // sum of squared deviations = 2 * (0.5^2 + 1.5^2 + 2.5^2 + 3.5^2 + 4.5^2) = 82.5; sd = sqrt(82.5 / 9) = 3.0276504
    expect(summary.sdMs).toBeCloseTo(3.0276504, 7);
    // type 7: h = (n - 1) p. p50: h = 4.5 -> (5 + 6) / 2; p95: h = 8.55 -> 9 + 0.55; p99: h = 8.91 -> 9 + 0.91
    expect(summary.p50Ms).toBeCloseTo(5.5, 12);
    expect(summary.p95Ms).toBeCloseTo(9.55, 12);
    expect(summary.p99Ms).toBeCloseTo(9.91, 12);
    expect(summary.minMs).toBe(1);
    expect(summary.maxMs).toBe(10);
  });

  it('one sample has sd 0 and every quantile equal to it', () => {
    expect(summarize([4.2])).toEqual({
      n: 1,
      meanMs: 4.2,
      sdMs: 0,
      p50Ms: 4.2,
      p95Ms: 4.2,
      p99Ms: 4.2,
      minMs: 4.2,
      maxMs: 4.2,
    });
  });

  it('rejects no samples and non-finite samples', () => {
    expect(() => summarize([])).toThrow(/at least 1 sample/);
    expect(() => summarize([1, Number.NaN])).toThrow(/sample 1 must be a finite number, received NaN/);
    expect(() => summarize([Infinity])).toThrow(/sample 0/);
  });
});

describe('special functions', () => {
  it('logGamma matches known values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(2)).toBeCloseTo(0, 14);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13); // Gamma(1/2) = sqrt(pi)
    expect(logGamma(10)).toBeCloseTo(Math.log(362_880), 12); // 9!
    expect(logGamma(0.1)).toBeCloseTo(2.252712651734206, 12); // ln Gamma(0.1), Abramowitz & Stegun
    expect(logGamma(500)).toBeCloseTo(2605.1158503617, 9);
  });

  it('regularizedIncompleteBeta matches closed forms and a reference value', () => {
    expect(regularizedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14); // I_x(1, 1) = x
    expect(regularizedIncompleteBeta(0.3, 3, 1)).toBeCloseTo(0.027, 14); // I_x(a, 1) = x^a
    expect(regularizedIncompleteBeta(0.5, 7.5, 7.5)).toBeCloseTo(0.5, 14); // symmetry
    expect(regularizedIncompleteBeta(0.3, 2.5, 0.5)).toBeCloseTo(0.018927124071945658, 12); // scipy.special.betainc
    expect(regularizedIncompleteBeta(0.996, 500, 0.5)).toBeCloseTo(0.045338095197252064, 10);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
    expect(() => regularizedIncompleteBeta(1.5, 2, 3)).toThrow(/x must be in \[0, 1\]/);
  });
});

describe('Student t', () => {
  it.each([
    // Two-sided 95% critical values, as printed in every t table.
    [1, 12.706],
    [5, 2.571],
    [10, 2.228],
    [30, 2.042],
    [1000, 1.962],
  ])('t(0.975, df=%d) = %d to 3 decimals', (df, tabulated) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(tabulated, 3);
  });

  it('is exact where closed forms exist', () => {
    // df = 1 (Cauchy): t_p = tan(pi (p - 1/2)).
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(Math.tan(Math.PI * 0.475), 9); // 12.7062047362
    expect(studentTQuantile(0.9995, 1)).toBeCloseTo(Math.tan(Math.PI * 0.4995), 6); // 636.619
    // df = 2: t_p = (2p - 1) sqrt(2 / (4 p (1 - p))).
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(0.95 * Math.sqrt(2 / (4 * 0.975 * 0.025)), 10); // 4.3026527
  });

  it('matches reference values at other levels and non-integer df', () => {
    expect(studentTQuantile(0.995, 10)).toBeCloseTo(3.16927267261695, 9);
    expect(studentTQuantile(0.95, 20)).toBeCloseTo(1.7247182429207866, 9);
    expect(studentTQuantile(0.975, 100 / 17)).toBeCloseTo(2.458823709699146, 9); // scipy.stats.t.ppf
    expect(studentTQuantile(0.975, 0.5)).toBeCloseTo(164.55767348048818, 5);
    expect(studentTCdf(1.5, 3.7)).toBeCloseTo(0.8932009153989933, 10);
  });

  it('is symmetric and inverts its CDF', () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228138851986274, 9);
    expect(studentTCdf(0, 3)).toBe(0.5);
    for (const df of [1, 2.5, 9, 200]) {
      for (const p of [0.6, 0.9, 0.99]) expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 12);
    }
  });

  it('rejects impossible arguments', () => {
    expect(() => studentTQuantile(1, 5)).toThrow(/p must be in \(0, 1\)/);
    expect(() => studentTQuantile(0.9, 0)).toThrow(/degrees of freedom/);
    expect(() => studentTQuantile(0.9, Infinity)).toThrow(/degrees of freedom/);
  });
});

describe('welchInterval', () => {
  it('two samples with unequal variances, computed by hand', () => {
    // a = [10, 12, 14]: mean 12, s^2 = (4 + 0 + 4) / 2 = 4,            s^2/n = 4/3
    // b = [20, 22, 24, 26, 28]: mean 24, s^2 = (16 + 4 + 0 + 4 + 16) / 4 = 10, s^2/n = 2
    // difference = 24 - 12 = 12; se = sqrt(4/3 + 2) = sqrt(10/3) = 1.8257419
    // df = (10/3)^2 / ((4/3)^2 / 2 + 2^2 / 4) = (100/9) / (8/9 + 1) = 100/17 = 5.8823529
    // t(0.975, 100/17) = 2.4588237 (between t(.975, 6) = 2.447 and t(.975, 5) = 2.571)
    // half width = 2.4588237 * 1.8257419 = 4.4891774 -> [7.5108226, 16.4891774]
    const interval = welchInterval([10, 12, 14], [20, 22, 24, 26, 28]);
    expect(interval.differenceMs).toBe(12);
    expect(interval.standardErrorMs).toBeCloseTo(Math.sqrt(10 / 3), 12);
    expect(interval.df).toBeCloseTo(100 / 17, 12);
    expect(interval.lowMs).toBeCloseTo(7.5108226, 6);
    expect(interval.highMs).toBeCloseTo(16.4891774, 6);
    expect(interval.confidence).toBe(0.95);
  });

  it('equal sizes and variances give df = 2(n - 1) and the tabulated t', () => {
    // a = [10, 12, 14], b = [22, 24, 26]: difference 24 - 12 = 12, both s^2 = 4, se = sqrt(8/3) = 1.6329932
    // df = (8/3)^2 / (2 * (4/3)^2 / 2) = (64/9) / (16/9) = 4; t(0.975, 4) = 2.776445
    // half width = 2.776445 * 1.6329932 = 4.533916 -> 12 -/+ 4.533916 = [7.466084, 16.533916]
    const interval = welchInterval([10, 12, 14], [22, 24, 26]);
    expect(interval.df).toBeCloseTo(4, 12);
    expect(interval.lowMs).toBeCloseTo(7.466084, 5);
    expect(interval.highMs).toBeCloseTo(16.533916, 5);
  });

  it('a 90% interval is narrower: t(0.95, 100/17) = 1.9501 instead of 2.4588', () => {
    const interval = welchInterval([10, 12, 14], [20, 22, 24, 26, 28], 0.9);
    // 12 -/+ 3.5604934 (scipy.stats.t.ppf(0.95, 100/17) * sqrt(10/3))
    expect(interval.highMs - 12).toBeCloseTo(3.5604934, 6);
  });

  it('constant samples give a point interval', () => {
    expect(welchInterval([5, 5], [7, 7, 7])).toMatchObject({ differenceMs: 2, lowMs: 2, highMs: 2, df: 3 });
  });

  it('rejects fewer than two samples and a bad confidence', () => {
    expect(() => welchInterval([1], [1, 2])).toThrow(/welchInterval \(a\): needs at least 2 sample/);
    expect(() => welchInterval([1, 2], [1, 2], 95)).toThrow(/confidence must be in \(0, 1\)/);
  });
});

describe('bootstrapRatioInterval', () => {
  const normalSamples = (seed: number, count: number, meanMs: number, sdMs: number) => {
    const prng = createPrng(seed);
    // Box-Muller on the project PRNG; 1 - next() avoids log(0).
    return Array.from(
      { length: count },
      () => meanMs + sdMs * Math.sqrt(-2 * Math.log(1 - prng.next())) * Math.cos(2 * Math.PI * prng.next()),
    );
  };

  it('constant samples: the overhead is exact and the interval is a point', () => {
    // mean(b) / mean(a) = 15 / 10 = 1.5 -> +50%
    expect(bootstrapRatioInterval([10, 10, 10], [15, 15], { seed: 1 })).toEqual({
      overheadPct: 50,
      lowPct: 50,
      highPct: 50,
      resamples: 2000,
      seed: 1,
      confidence: 0.95,
    });
  });

  it('the point estimate is 100 (mean(b) / mean(a) - 1) and lies inside the interval', () => {
    const a = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]; // mean 5.5
    const b = [2, 2, 3, 5, 6, 7, 8, 9, 11, 13]; // mean 6.6 -> 6.6 / 5.5 = 1.2 -> +20%
    const interval = bootstrapRatioInterval(a, b, { seed: 7 });
    expect(interval.overheadPct).toBeCloseTo(20, 10);
    expect(interval.lowPct).toBeLessThan(20);
    expect(interval.highPct).toBeGreaterThan(20);
  });

  it('is deterministic for a seed and changes with it', () => {
    const a = normalSamples(1, 30, 100, 10);
    const b = normalSamples(2, 30, 130, 15);
    const first = bootstrapRatioInterval(a, b, { seed: 99, resamples: 500 });
    expect(bootstrapRatioInterval(a, b, { seed: 99, resamples: 500 })).toEqual(first);
    const other = bootstrapRatioInterval(a, b, { seed: 100, resamples: 500 });
    expect(other.overheadPct).toBe(first.overheadPct);
    expect([other.lowPct, other.highPct]).not.toEqual([first.lowPct, first.highPct]);
  });

  it('covers the true overhead with about the delta-method width on large samples', () => {
    // True overhead 50%. Delta method: se(ratio) ~ 1.5 * sqrt((10/100)^2/400 + (10/150)^2/400) = 0.0090139,
    // so a 95% interval is about +/- 1.77 percentage points, 3.5 wide.
    const a = normalSamples(3, 400, 100, 10);
    const b = normalSamples(4, 400, 150, 10);
    const interval = bootstrapRatioInterval(a, b, { seed: 5 });
    expect(interval.lowPct).toBeLessThan(50);
    expect(interval.highPct).toBeGreaterThan(50);
    expect(interval.highPct - interval.lowPct).toBeGreaterThan(2.8);
    expect(interval.highPct - interval.lowPct).toBeLessThan(4.3);
  });

  it('a higher confidence gives a wider interval', () => {
    const a = normalSamples(5, 50, 100, 20);
    const b = normalSamples(6, 50, 120, 20);
    const at90 = bootstrapRatioInterval(a, b, { seed: 1, confidence: 0.9 });
    const at99 = bootstrapRatioInterval(a, b, { seed: 1, confidence: 0.99 });
    expect(at99.lowPct).toBeLessThan(at90.lowPct);
    expect(at99.highPct).toBeGreaterThan(at90.highPct);
  });

  it('rejects a non-positive baseline and bad options', () => {
    expect(() => bootstrapRatioInterval([0, 1], [1, 2], { seed: 1 })).toThrow(/must all be > 0/);
    expect(() => bootstrapRatioInterval([1], [1], { seed: 1, resamples: 0 })).toThrow(
      /resamples must be a positive integer/,
    );
    expect(() => bootstrapRatioInterval([1], [1], { seed: 1, confidence: 1 })).toThrow(/confidence/);
    expect(() => bootstrapRatioInterval([], [1], { seed: 1 })).toThrow(/at least 1 sample/);
  });
});
