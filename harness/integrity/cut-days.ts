import { createPrng } from '../workload/prng.ts';

/**
 * Where cuts may fall: from a quarter of the series on, so a truncated re-run keeps at least
 * that much history (strategies with a 250-day warm-up have set weights by then on the S&P 500's
 * 5,100 days and on universe-1s's 2,520), up to the second-last day (at least one day changes).
 */
const FIRST_CUT_FRACTION = 0.25;

/**
 * `count` distinct cut days for a series of `dayCount` days, drawn from the seeded generator of
 * prng.ts, ascending. The same seed, count and length give the same days on every machine, so a
 * flagged run can be replayed. Fewer days when the series is too short to hold `count`.
 *
 * A cut day c means days 0..c stay as they are and the days after c are perturbed.
 */
export function chooseCutDays(dayCount: number, count: number, seed: number): number[] {
  if (dayCount < 2) return [];
  const first = Math.floor((dayCount - 1) * FIRST_CUT_FRACTION);
  const last = dayCount - 2;
  const span = last - first + 1;
  const prng = createPrng(seed);
  const chosen = new Set<number>();
  // Rejection sampling ends: at most `span` distinct values exist and count is capped by it.
  while (chosen.size < Math.min(count, span)) chosen.add(first + prng.nextInt(span));
  return [...chosen].sort((a, b) => a - b);
}
