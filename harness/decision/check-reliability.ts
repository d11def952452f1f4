import { wilsonInterval } from '../bench/statistics/wilson-interval.ts';
import type { CheckContext } from './check-context.ts';
import { quoteNumber } from './quote-number.ts';

/**
 * The rate requirements, judged on an interval bound as the overhead is: the fallback rate's
 * Wilson upper bound must be below maxFallbackRate and the success rate's lower bound at least
 * minSuccessRate, at requirements.rateConfidence. A success is `ok` and not degraded. With 10
 * executions and no fallback the upper bound is 0.278: 10 executions cannot show < 0.10.
 */
export function checkReliability(context: CheckContext): void {
  const { results, policy, findings, inputs, requirements, unknown } = context;
  const req = policy.requirements;
  const r = results.reliability;
  const confidence = `${quoteNumber(req.rateConfidence * 100)}%`;
  const measured = r.executions > 0;
  if (!measured)
    unknown(
      'no execution was counted in /reliability, so the fallback and success rates are unknown',
      '/reliability/executions',
    );
  const fallback = measured ? wilsonInterval(r.fallbacks, r.executions, req.rateConfidence) : null;
  const success = measured ? wilsonInterval(r.successes, r.executions, req.rateConfidence) : null;
  const fallbackMet = fallback ? fallback.high < req.maxFallbackRate : null;
  const successMet = success ? success.low >= req.minSuccessRate : null;
  if (fallback && success) {
    inputs.push({ name: 'fallback rate', value: r.fallbackRate, source: '/reliability/fallbackRate' });
    inputs.push({
      name: `fallback rate, upper bound of its ${confidence} Wilson interval`,
      value: round(fallback.high),
      source: '/reliability',
    });
    inputs.push({
      name: 'success rate (ok and not degraded)',
      value: r.successRate,
      source: '/reliability/successRate',
    });
    inputs.push({
      name: `success rate, lower bound of its ${confidence} Wilson interval`,
      value: round(success.low),
      source: '/reliability',
    });
  }
  inputs.push({ name: 'executions counted', value: r.executions, source: '/reliability/executions' });
  inputs.push({ name: 'leaked containers', value: r.leakedContainers, source: '/reliability/leakedContainers' });
  const fallbackText = fallback
    ? `${quoteNumber(fallback.estimate)} (${r.fallbacks} of ${r.executions} executions fell back), ${confidence} interval ${quoteNumber(round(fallback.low))} to ${quoteNumber(round(fallback.high))}`
    : 'not measured in this run';
  const successText = success
    ? `${quoteNumber(success.estimate)} (${r.successes} of ${r.executions} executions ok and not degraded), ${confidence} interval ${quoteNumber(round(success.low))} to ${quoteNumber(round(success.high))}`
    : 'not measured in this run';
  if (fallbackMet === false) {
    findings.push({
      id: 'fallback-rate-exceeded',
      outcome: req.onUnmet,
      source: '/reliability/fallbackRate',
      message: `fallback rate ${fallbackText}: the upper bound is not below requirements.maxFallbackRate ${req.maxFallbackRate}`,
    });
  }
  if (successMet === false) {
    findings.push({
      id: 'success-rate-below-minimum',
      outcome: req.onUnmet,
      source: '/reliability/successRate',
      message: `success rate ${successText}: the lower bound is below requirements.minSuccessRate ${req.minSuccessRate}`,
    });
  }
  const leakMet = r.leakedContainers <= req.maxLeakedContainers;
  if (!leakMet) {
    findings.push({
      id: 'containers-leaked',
      outcome: req.onUnmet,
      source: '/reliability/leakedContainers',
      message: `${r.leakedContainers} container(s) carrying the run's session label were left after cleanup, more than requirements.maxLeakedContainers ${req.maxLeakedContainers}`,
    });
  }
  requirements.push(
    {
      id: 'requirements.maxFallbackRate',
      criterion: `fallback rate (every fallback, raised or returned), upper bound of its ${confidence} Wilson interval`,
      target: `< ${req.maxFallbackRate}`,
      actual: fallbackText,
      met: fallbackMet,
      source: '/reliability/fallbackRate',
    },
    {
      id: 'requirements.minSuccessRate',
      criterion: `success rate (ok and not degraded), lower bound of its ${confidence} Wilson interval`,
      target: `>= ${req.minSuccessRate}`,
      actual: successText,
      met: successMet,
      source: '/reliability/successRate',
    },
    {
      id: 'requirements.maxLeakedContainers',
      criterion: 'containers left after cleanup',
      target: `<= ${req.maxLeakedContainers}`,
      actual: String(r.leakedContainers),
      met: leakMet,
      source: '/reliability/leakedContainers',
    },
  );
}

/**
 * Failed benchmark executions (perf.failedExecutions) against requirements.maxFailedBenchmarkExecutions.
 * A perf record without the count is missing evidence, never 0.
 */
export function checkBenchmarkFailures(context: CheckContext): void {
  const { results, policy, findings, inputs, requirements, unknown } = context;
  const max = policy.requirements.maxFailedBenchmarkExecutions;
  const failed = results.perf?.failedExecutions;
  if (results.perf && failed === undefined)
    unknown(
      'the perf record has no failedExecutions (/perf/failedExecutions), so failed benchmark executions cannot be ruled out',
      '/perf',
    );
  if (failed !== undefined)
    inputs.push({ name: 'failed benchmark executions', value: failed, source: '/perf/failedExecutions' });
  const met = failed === undefined ? null : failed <= max;
  if (met === false) {
    findings.push({
      id: 'benchmark-executions-failed',
      outcome: policy.requirements.onUnmet,
      source: '/perf/failedExecutions',
      message: `${failed} benchmark execution(s) failed (/perf/failedExecutions), more than requirements.maxFailedBenchmarkExecutions ${max}`,
    });
  }
  requirements.push({
    id: 'requirements.maxFailedBenchmarkExecutions',
    criterion: 'failed benchmark executions (every mode and workload of the perf phase)',
    target: `<= ${max}`,
    actual:
      failed === undefined
        ? results.perf
          ? 'not recorded in /perf/failedExecutions'
          : 'not measured in this run'
        : String(failed),
    met,
    source: '/perf/failedExecutions',
  });
}

/** Six significant decimals: enough to compare with a threshold, short enough to read. */
function round(value: number): number {
  return Number(value.toFixed(6));
}
