// Look-ahead check, the runner's side (the harness side is harness/integrity/; the design and
// what it cannot see are in harness/integrity/README.md).
//
// One job evaluates the strategy on the full input and then on inputs that differ from it only
// after a cut day, each time in a fresh Compartment (`evaluate`, given by runner.mjs): the
// container stays single-use (one job, one untrusted program), and no re-run pays for a
// container or a lockdown. The weights of every day up to the cut must be identical
// (Object.is) to the full run's; the first change stops the check. A change is then attributed:
// the full input is evaluated once more, and if that repeat differs from the first run the
// strategy is non-deterministic rather than peeking.
//
// Perturbations of the days after cut day c (days 0..c are untouched):
//   truncate  : the days after c are removed (dates and every close row end at c);
//   far-below : every close after c is the ticker's close of day c divided by FAR_FACTOR;
//   far-above : every close after c is the ticker's close of day c times FAR_FACTOR.
// A factor of 100 is a move no real daily series makes (the S&P 500's largest daily move
// 2000-2020 is about 12%), so any rule that reads a later close sees a different world.

export const FAR_FACTOR = 100;

/** The input with the days after `cutDay` replaced as `perturbation` says. Never mutates `data`. */
export function perturb(data, cutDay, perturbation) {
  const keep = cutDay + 1;
  if (perturbation === 'truncate') {
    return { dates: data.dates.slice(0, keep), tickers: data.tickers.slice(), close: data.close.map((row) => row.slice(0, keep)) };
  }
  const factor = perturbation === 'far-below' ? 1 / FAR_FACTOR : perturbation === 'far-above' ? FAR_FACTOR : undefined;
  if (factor === undefined) throw new Error(`unknown perturbation ${JSON.stringify(perturbation)}`);
  const close = data.close.map((row) => {
    const out = row.slice();
    const level = row[cutDay] * factor;
    for (let d = keep; d < out.length; d++) out[d] = level;
    return out;
  });
  return { dates: data.dates.slice(), tickers: data.tickers.slice(), close };
}

/**
 * The first (day, then ticker) position up to `lastDay` where `other` differs from `weights`
 * by Object.is, or null. A missing row or entry in `other` is a difference.
 */
export function firstDifference(weights, other, lastDay) {
  for (let d = 0; d <= lastDay; d++) {
    for (let t = 0; t < weights.length; t++) {
      const row = Array.isArray(other) ? other[t] : undefined;
      const value = Array.isArray(row) ? row[d] : undefined;
      if (!Object.is(weights[t][d], value)) return { day: d, ticker: t, full: weights[t][d], perturbed: value === undefined ? null : value };
    }
  }
  return null;
}

/**
 * Runs the full input, then each cut; returns the frame outcome of runner.mjs. On success the
 * value is `{ weights, lookahead }`: the strategy's own return value (untouched) and the
 * report, which only this trusted code writes.
 */
export async function runWithLookahead(job, evaluate) {
  const fullStarted = performance.now();
  const full = await evaluate(job.input, false);
  const fullEvaluationMs = performance.now() - fullStarted;
  if (!full.ok) return full;
  const weights = JSON.parse(full.json);
  const report = { fullEvaluationMs, checks: [] };
  // Weights that are not rows of numbers are refused by the harness anyway; nothing to compare.
  if (!Array.isArray(weights) || !weights.every(Array.isArray)) return wrap(full.json, { ...report, skipped: 'the weights are not an array of rows' });
  for (const cut of job.lookahead.cuts) {
    const started = performance.now();
    const outcome = await evaluate(perturb(job.input, cut.day, cut.perturbation), true);
    const check = { day: cut.day, perturbation: cut.perturbation, evaluationMs: performance.now() - started };
    if (outcome.ok) {
      const difference = firstDifference(weights, JSON.parse(outcome.json), cut.day);
      if (difference) check.difference = difference;
    } else {
      check.failure = outcome.message;
    }
    report.checks.push(check);
    if (check.difference || check.failure) {
      report.repeat = await repeat(job, evaluate, weights);
      break;
    }
  }
  return wrap(full.json, report);
}

/** Evaluates the identical full input again: does the strategy even agree with itself? */
async function repeat(job, evaluate, weights) {
  const started = performance.now();
  const outcome = await evaluate(job.input, true);
  const result = { evaluationMs: 0 };
  if (outcome.ok) {
    const lastDay = Math.max(0, ...weights.map((row) => row.length - 1));
    const difference = firstDifference(weights, JSON.parse(outcome.json), lastDay);
    if (difference) result.difference = difference;
  } else {
    result.failure = outcome.message;
  }
  result.evaluationMs = performance.now() - started;
  return result;
}

function wrap(weightsJson, report) {
  return { ok: true, json: `{"weights":${weightsJson},"lookahead":${JSON.stringify(report)}}` };
}
