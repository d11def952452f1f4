import { linearRegression } from 'simple-statistics';
import { studentTQuantile } from './student-t.ts';

/** A least-squares slope with its two-sided confidence interval (Student's t, n - 2 df). */
export interface SlopeInterval {
  /** Change of y per unit of x (here: bytes or handles per execution). */
  slope: number;
  lower: number;
  upper: number;
  confidence: number;
  /** Points the fit used. */
  points: number;
}

/**
 * The trend of y over x: the ordinary least-squares slope (simple-statistics) and its
 * interval slope ± t(1 - α/2, n - 2) · sqrt(SSE / (n - 2) / Sxx). Needs at least 3 points
 * with x not all equal; otherwise undefined (no trend can be stated).
 */
export function slopeInterval(
  points: ReadonlyArray<readonly [number, number]>,
  confidence = 0.95,
): SlopeInterval | undefined {
  const n = points.length;
  if (n < 3) return undefined;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const sxx = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  if (sxx === 0) return undefined;
  const { m, b } = linearRegression(points.map(([x, y]) => [x, y]));
  const sse = points.reduce((sum, [x, y]) => sum + (y - (m * x + b)) ** 2, 0);
  const standardError = Math.sqrt(sse / (n - 2) / sxx);
  const half = studentTQuantile(1 - (1 - confidence) / 2, n - 2) * standardError;
  return { slope: m, lower: m - half, upper: m + half, confidence, points: n };
}
