import type { SlopeRecord } from '../results/results-types.ts';
import type { CheckContext } from './check-context.ts';
import { quoteNumber } from './quote-number.ts';

/**
 * The wrapper's own memory and handles over the soak (issue 13: they "must not grow"):
 * - the heap slope (after a full GC, from the end of the warm-up, harness/bench/soak.ts) is
 *   judged on the upper bound of its interval, as the rates are: met when it is at most
 *   requirements.maxSoakHeapSlopeBytesPerExecution. A soak too short to show the heap flat
 *   (a wide interval) does not meet it, as 10 executions cannot show a fallback rate < 0.10;
 * - the RSS slope (this process's resident memory, same samples) likewise, against
 *   requirements.maxSoakRssSlopeBytesPerExecution: native memory (Buffers, the attach streams'
 *   reads, malloc's heap) that the V8 heap does not show;
 * - the open handles (process.getActiveResourcesInfo()) after the wrapper closed may exceed
 *   those before it was created by at most requirements.maxSoakHandleGrowth.
 * A perf record without a soak, or a soak without the figure, is missing evidence, never 0.
 * A policy without a key (stored by a run before this rule) does not check it.
 */
export function checkSoakMemory(context: CheckContext): void {
  checkSlope(context, HEAP_RULE);
  checkSlope(context, RSS_RULE);
  checkHandles(context);
}

/** One memory trend of the soak, judged the same way (heap and RSS). */
interface SlopeRule {
  /** The policy key under requirements, e.g. maxSoakHeapSlopeBytesPerExecution. */
  key: 'maxSoakHeapSlopeBytesPerExecution' | 'maxSoakRssSlopeBytesPerExecution';
  /** The field of perf.soak holding the trend. */
  field: 'heapSlopeBytesPerExecution' | 'rssSlopeBytesPerExecution';
  findingId: 'soak-heap-grows' | 'soak-rss-grows';
  /** What is measured, for the messages: "heap", "RSS". */
  what: string;
  criterion: string;
}

const HEAP_RULE: SlopeRule = {
  key: 'maxSoakHeapSlopeBytesPerExecution',
  field: 'heapSlopeBytesPerExecution',
  findingId: 'soak-heap-grows',
  what: 'heap',
  criterion: 'harness heap after a full GC over the soak',
};

const RSS_RULE: SlopeRule = {
  key: 'maxSoakRssSlopeBytesPerExecution',
  field: 'rssSlopeBytesPerExecution',
  findingId: 'soak-rss-grows',
  what: 'RSS',
  criterion: 'harness process RSS (after a full GC) over the soak',
};

function checkSlope(context: CheckContext, rule: SlopeRule): void {
  const { results, policy, findings, inputs, requirements, unknown } = context;
  const max = policy.requirements[rule.key];
  if (max === null) return;
  const source = `/perf/soak/${rule.field}`;
  const soak = results.perf?.soak;
  const slope = soak?.[rule.field];
  if (results.perf && !slope) {
    unknown(
      soak
        ? `the soak recorded no ${rule.what} trend (${source}: fewer than three memory samples), so ${rule.what} growth cannot be ruled out`
        : `the perf record has no soak (/perf/soak), so ${rule.what} growth over executions cannot be ruled out`,
      soak ? source : '/perf/soak',
    );
  }
  if (slope) {
    inputs.push({ name: `soak ${rule.what} slope (B/exec)`, value: slope.slope, source: `${source}/slope` });
    inputs.push({
      name: `soak ${rule.what} slope, upper bound of its ${percent(slope)} interval (B/exec)`,
      value: slope.upper,
      source: `${source}/upper`,
    });
  }
  const met = slope ? slope.upper <= max : null;
  const actual =
    slope && soak
      ? `${slopeText(slope)} over ${soak.executions} executions`
      : results.perf
        ? `not recorded in ${source}`
        : 'not measured in this run';
  if (met === false) {
    findings.push({
      id: rule.findingId,
      outcome: policy.requirements.onUnmet,
      source,
      message: `the harness's ${rule.what} over the soak: ${actual}; the upper bound is above requirements.${rule.key} ${max} B/exec, so the soak does not show that it stays flat (a leak, or a soak too short to narrow the interval)`,
    });
  }
  requirements.push({
    id: `requirements.${rule.key}`,
    criterion: `${rule.criterion}, upper bound of its slope's ${slope ? percent(slope) : '95%'} interval (B/exec)`,
    target: `<= ${max}`,
    actual,
    met,
    source,
  });
}

function checkHandles(context: CheckContext): void {
  const { results, policy, findings, inputs, requirements, unknown } = context;
  const max = policy.requirements.maxSoakHandleGrowth;
  if (max === null) return;
  const soak = results.perf?.soak;
  const before = soak?.handlesBefore;
  const after = soak?.handlesAfter;
  const growth = before !== undefined && after !== undefined ? after - before : undefined;
  const measured = growth !== undefined;
  if (results.perf && !measured)
    unknown(
      'the soak recorded no open-handle counts (/perf/soak/handlesBefore, /perf/soak/handlesAfter), so handles left open cannot be ruled out',
      soak ? '/perf/soak' : '/perf',
    );
  if (before !== undefined && after !== undefined) {
    inputs.push({ name: 'open handles before the soak', value: before, source: '/perf/soak/handlesBefore' });
    inputs.push({ name: 'open handles after the soak closed', value: after, source: '/perf/soak/handlesAfter' });
  }
  const met = growth === undefined ? null : growth <= max;
  const actual = measured
    ? `${before} before, ${after} after close`
    : results.perf
      ? 'not recorded in /perf/soak'
      : 'not measured in this run';
  if (met === false) {
    findings.push({
      id: 'soak-handles-left',
      outcome: policy.requirements.onUnmet,
      source: '/perf/soak/handlesAfter',
      message: `open handles (sockets, timers, child processes) ${actual}: ${growth} more than before the wrapper was created, above requirements.maxSoakHandleGrowth ${max}`,
    });
  }
  requirements.push({
    id: 'requirements.maxSoakHandleGrowth',
    criterion: 'open handles after the soak closed, minus before it started',
    target: `<= ${max}`,
    actual,
    met,
    source: '/perf/soak/handlesAfter',
  });
}

function slopeText(slope: SlopeRecord): string {
  return `${quoteNumber(round(slope.slope))} B/exec, ${percent(slope)} interval ${quoteNumber(round(slope.lower))} to ${quoteNumber(round(slope.upper))} (${slope.points} samples)`;
}

function percent(slope: SlopeRecord): string {
  return `${quoteNumber(slope.confidence * 100)}%`;
}

/** Whole bytes: a fraction of a byte per execution says nothing. */
function round(value: number): number {
  return Math.round(value);
}
