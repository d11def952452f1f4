// Look-ahead check, the runner's side (the harness side, which plans the cuts, compares the
// weights and decides, is harness/integrity/; the design and its limits are in its README).
//
// A check job is a strategy job with `lookahead: { cuts }`: the runner evaluates the strategy
// once per cut, on an input that differs from the full one only after the cut day, each time in
// a fresh Compartment (`evaluate`, given by runner.cjs), and returns each re-run's weights of
// days 0..cut. The full run is a separate, ordinary job in another container: the re-runs get
// their own deadline and never eat into the strategy's timeout, and the container stays
// single-use (one job, one untrusted program).
//
// Perturbations of the days after cut day c (days 0..c are untouched):
//   truncate  : the days after c are removed (dates and every close row end at c);
//   far-below : the next FAR_TAIL_DAYS closes are the ticker's close of day c divided by
//               FAR_FACTOR, and the days after those are removed;
//   far-above : the same, multiplied by FAR_FACTOR.
// A factor of 100 is a move no real daily series makes (the S&P 500's largest daily move
// 2000-2020 is about 12%), so any rule that reads a later close sees a different world.

export const FAR_FACTOR = 100;

/**
 * How many perturbed days follow a cut in far-below/far-above. Only days 0..c are compared, so
 * the rest of the series only costs evaluation time: a re-run on the whole length costs as much
 * as the full run, one cut at day c plus this tail about (c + 252) / length of it. On universe-1s
 * (2,520 days), with cut days uniform over the last three quarters, the expected work of the
 * default 2 x 3 re-runs falls from 5.25 to 4.1 full runs (20% less). 252 trading days (a year) keep every horizon up to a year perturbed rather than cut,
 * so a rule that peeks a year ahead behind a guard (`d + h < n ? ... : fallback`) still sees
 * far values; a rule that only reads whole-series statistics (the last close, the full-sample
 * maximum, a full-sample trend) sees them move either way.
 */
export const FAR_TAIL_DAYS = 252;

/** The input with the days after `cutDay` replaced as `perturbation` says. Never mutates `data`. */
export function perturb(data, cutDay, perturbation) {
  const keep = cutDay + 1;
  if (perturbation === 'truncate') {
    return {
      dates: data.dates.slice(0, keep),
      tickers: data.tickers.slice(),
      close: data.close.map((row) => row.slice(0, keep)),
    };
  }
  const factor = perturbation === 'far-below' ? 1 / FAR_FACTOR : perturbation === 'far-above' ? FAR_FACTOR : undefined;
  if (factor === undefined) throw new Error(`unknown perturbation ${JSON.stringify(perturbation)}`);
  const end = Math.min(data.dates.length, keep + FAR_TAIL_DAYS);
  const close = data.close.map((row) => {
    const out = row.slice(0, end);
    const level = row[cutDay] * factor;
    for (let d = keep; d < out.length; d++) out[d] = level;
    return out;
  });
  return { dates: data.dates.slice(0, end), tickers: data.tickers.slice(), close };
}

/**
 * Evaluates the strategy on each cut of `job.lookahead.cuts` (in order, quietly); returns the
 * frame outcome of runner.cjs, whose value is `{ checks: [{ day, perturbation, evaluationMs,
 * weights | failure }] }`, `weights` being the returned weights of days 0..day (what is compared).
 * Stops at the first failure: that alone decides (the harness flags it).
 */
export async function runLookaheadCuts(job, evaluate) {
  const checks = [];
  for (const cut of job.lookahead.cuts) {
    const started = performance.now();
    const outcome = await evaluate(perturb(job.input, cut.day, cut.perturbation), true);
    const check = { day: cut.day, perturbation: cut.perturbation, evaluationMs: performance.now() - started };
    if (outcome.ok) check.weights = upTo(JSON.parse(outcome.json), cut.day);
    else check.failure = outcome.message;
    checks.push(check);
    if (check.failure !== undefined) break;
  }
  return { ok: true, json: JSON.stringify({ checks }) };
}

/** Days 0..lastDay of every row; anything that is not rows goes back as is (it differs anyway). */
function upTo(weights, lastDay) {
  return Array.isArray(weights)
    ? weights.map((row) => (Array.isArray(row) ? row.slice(0, lastDay + 1) : row))
    : weights;
}
