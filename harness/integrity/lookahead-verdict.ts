import type { MarketData } from '../workload/market-data.ts';
import type { LookaheadCut, RunnerLookaheadReport, WeightDifference } from './lookahead-job.ts';
import type { LookaheadChange, LookaheadRecord } from './lookahead-record.ts';

const PERTURBATION_WORDS: Record<LookaheadCut['perturbation'], string> = {
  truncate: 'the days after it removed',
  'far-below': "the next closes (up to 252) set to 1/100 of that day's close",
  'far-above': "the next closes (up to 252) set to 100 times that day's close",
};

/** Turns the runner's report into the record a result carries, with its verdict and a message for a flag. */
export function lookaheadVerdict(
  report: RunnerLookaheadReport,
  data: MarketData,
  seed: number,
): { record: LookaheadRecord; message?: string } {
  const change = (d: WeightDifference | undefined): LookaheadChange | undefined =>
    d && {
      day: d.day,
      date: data.dates[d.day] ?? `day ${d.day}`,
      ticker: data.tickers[d.ticker] ?? `#${d.ticker}`,
      full: d.full,
      perturbed: d.perturbed,
    };
  const cuts = report.checks.map((check) => {
    const entry: LookaheadRecord['cuts'][number] = {
      day: check.day,
      date: data.dates[check.day] ?? `day ${check.day}`,
      perturbation: check.perturbation,
      evaluationMs: round(check.evaluationMs),
    };
    const changed = change(check.difference);
    if (changed) entry.changed = changed;
    if (check.failure !== undefined) entry.failure = check.failure;
    if (check.sharedBy) entry.sharedBy = check.sharedBy;
    return entry;
  });
  const record: LookaheadRecord = {
    verdict: 'causal',
    seed,
    cuts,
    fullEvaluationMs: round(report.fullEvaluationMs),
    extraEvaluations: report.checks.length + (report.repeat ? 1 : 0),
    extraEvaluationMs: round(
      report.checks.reduce((sum, c) => sum + c.evaluationMs, 0) + (report.repeat?.evaluationMs ?? 0),
    ),
  };
  if (report.repeat) {
    const repeat: NonNullable<LookaheadRecord['repeat']> = { evaluationMs: round(report.repeat.evaluationMs) };
    const changed = change(report.repeat.difference);
    if (changed) repeat.changed = changed;
    if (report.repeat.failure !== undefined) repeat.failure = report.repeat.failure;
    record.repeat = repeat;
  }

  const flagged = cuts.find((c) => c.changed || c.failure !== undefined);
  if (!flagged) return { record };
  if (record.repeat?.changed || record.repeat?.failure !== undefined) {
    record.verdict = 'nondeterministic';
    const r = record.repeat;
    const what = r.changed
      ? `the weight of ${r.changed.ticker} on ${r.changed.date} (day ${r.changed.day}) was ${show(r.changed.full)} and then ${show(r.changed.perturbed)}`
      : `the second run failed: ${r.failure}`;
    return {
      record,
      message: `non-deterministic: the identical input gave different weights (${what}); a score that changes from run to run cannot be trusted, so no metrics`,
    };
  }
  record.verdict = 'lookahead';
  const how = flagged.sharedBy
    ? `one of its re-runs: ${flagged.sharedBy.join(', ')}`
    : PERTURBATION_WORDS[flagged.perturbation];
  const where = `at cut day ${flagged.day} (${flagged.date}, ${how})`;
  if (flagged.changed) {
    const c = flagged.changed;
    return {
      record,
      message:
        `look-ahead ${where}: the weight of ${c.ticker} on ${c.date} (day ${c.day}) changed from ${show(c.full)} to ${show(c.perturbed)}; ` +
        'a weight may depend only on data up to its own day, so no metrics',
    };
  }
  return {
    record,
    message: `look-ahead ${where}: the strategy failed on that input (${flagged.failure}), so its weights before the cut cannot be shown independent of the data after it; no metrics`,
  };
}

function show(value: unknown): string {
  return value === null ? 'nothing' : JSON.stringify(value);
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
