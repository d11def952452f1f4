import { pointer } from '../results/json-pointer.ts';
import type { Results } from '../results/results-types.ts';
import { checkClaims, claimRuntimes, countClaims } from './check-claims.ts';
import type { CheckContext } from './check-context.ts';
import { missingPhases, checkFunctionalTests } from './check-phases.ts';
import { checkBenchmarkFailures, checkReliability } from './check-reliability.ts';
import { checkSoakMemory } from './check-soak-memory.ts';
import type { Decision, DecisionInput, DecisionOutcome, Finding, RequirementCheck } from './decision-types.ts';
import { atLeastAsStrict, possibleOutcomes } from './outcome-order.ts';
import { readOverhead } from './read-overhead.ts';
import type { BandOutcome, DecisionPolicy } from './policy-types.ts';
import { quoteNumber } from './quote-number.ts';

/**
 * Applies a decision policy to a run's results. Pure: the same results and policy always
 * give the same decision, and nothing is read from anywhere else (no clock, no files).
 *
 * How the outcome is reached:
 * 1. Every requirement not met is a finding whose outcome is `requirements.onUnmet`; the
 *    strictest of them is a floor.
 * 2. The overhead statistic falls in exactly one band (the policy guarantees it). When the
 *    interval [low, high] crosses into bands with other outcomes and `onStraddle` is
 *    `inconclusive`, every one of those outcomes is possible; when the overhead was not
 *    measured, every band's outcome is.
 * 3. Anything unknown (a required phase that did not run, a claim of the registry not
 *    recorded, a claim unmeasurable on the configured runtime, no executions counted) means
 *    the requirements might also be unmet.
 * 4. The outcome is the strictest of floor and band; if the possibilities left by 2 and 3
 *    give more than one outcome, the decision is `inconclusive` and says what would settle it.
 *    A refuted claim therefore gives do-not-enable even when perf was not measured.
 */
export function decide(results: Results, policy: DecisionPolicy): Decision {
  const findings: Finding[] = [];
  const inputs: DecisionInput[] = [];
  const requirements: RequirementCheck[] = [];
  const req = policy.requirements;

  // Evidence: which required and functional phases ran, and whether what ran recorded anything.
  const missing = missingPhases({ results, policy });
  const complete = missing.length === 0;
  // Set when a requirement could not be checked: it might be unmet.
  let requirementsUnknown = missing.length > 0;
  for (const name of missing) {
    findings.push({
      id: 'phase-not-run',
      outcome: 'inconclusive',
      source: '/phases',
      message: `phase ${name} did not run (requirements.functionalPhases, evidence.requiredPhases), so what it would have shown is unknown`,
    });
  }
  results.phases.forEach((phase, index) => {
    // A phase whose every test was skipped proves as little as one that recorded none.
    if (phase.tests.every((test) => test.status === 'skipped')) {
      requirementsUnknown = true;
      const what =
        phase.tests.length === 0 ? 'recorded no test' : `skipped every one of its ${phase.tests.length} tests`;
      findings.push({
        id: 'evidence-missing',
        outcome: 'inconclusive',
        source: pointer('phases', index, 'tests'),
        message: `phase ${phase.name} ran but ${what}`,
      });
    }
  });
  const context: CheckContext = {
    results,
    policy,
    findings,
    inputs,
    requirements,
    acceptedUnmeasurable: [],
    unknown(message, source, aboutRequirements = true) {
      if (aboutRequirements) requirementsUnknown = true;
      findings.push({ id: complete ? 'evidence-missing' : 'not-measured', outcome: 'inconclusive', message, source });
    },
  };

  if (req.allFunctionalTestsPass) checkFunctionalTests(context);
  if (req.allClaimsUpheld) {
    checkClaims(context);
    // An unmeasurable claim on the configured runtime might be refuted: the requirement is unknown.
    if (findings.some((finding) => finding.id === 'claim-unmeasurable')) requirementsUnknown = true;
  }
  checkReliability(context);
  checkBenchmarkFailures(context);
  checkSoakMemory(context);
  const unknown = context.unknown;

  // The overhead, read with the policy's statistic and placed in its band.
  const overhead = readOverhead(results, policy.overhead);
  let bandCandidates: BandOutcome[];
  if (overhead.value === null || overhead.low === null || overhead.high === null) {
    unknown(
      `overhead of ${overhead.mode} over ${overhead.baseline} on ${overhead.workload} not measured: ${overhead.missing}`,
      overhead.source ?? '/perf/overheads',
      false,
    );
    bandCandidates = [...new Set(overhead.bands.map((band) => band.outcome))];
  } else {
    const { unit, value, low, high } = overhead;
    inputs.push({ name: `overhead ${overhead.statistic} (${unit})`, value, source: overhead.source! });
    inputs.push({ name: `overhead interval low (${unit})`, value: low, source: overhead.intervalSource!.low });
    inputs.push({ name: `overhead interval high (${unit})`, value: high, source: overhead.intervalSource!.high });
    const touched = [...new Set(overhead.bands.filter((band) => band.touchedByInterval).map((band) => band.outcome))];
    const held = overhead.bands.find((band) => band.holdsStatistic)!;
    if (touched.length > 1 && policy.overhead.onStraddle === 'inconclusive') {
      findings.push({
        id: 'overhead-straddles-threshold',
        outcome: 'inconclusive',
        source: overhead.intervalSource!.low.replace(/\/low$/, ''),
        message:
          `the ${percentOf(overhead.confidence)} interval of the overhead of ${overhead.mode} over ${overhead.baseline} on ${overhead.workload}, ` +
          `${withUnit(low, unit)} to ${withUnit(high, unit)}, straddles the threshold ${overhead.straddled.map((b) => quoteNumber(b)).join(' and ')} ` +
          `(bands give ${touched.join(' or ')})`,
      });
      bandCandidates = touched;
    } else {
      bandCandidates = [held.outcome];
    }
    if (overhead.noisy) {
      // A disturbed measurement decides nothing: every band stays possible (inconclusive, not wrong).
      findings.push({
        id: 'measurement-noisy',
        outcome: 'inconclusive',
        source: overhead.noisy.source,
        message: overhead.noisy.message,
      });
      bandCandidates = [...new Set(overhead.bands.map((band) => band.outcome))];
    }
  }
  if (results.perf)
    inputs.push({
      name: 'iterations per mode and workload',
      value: results.perf.iterations,
      source: '/perf/iterations',
    });

  const unmet = findings.filter(
    (finding): finding is Finding & { outcome: BandOutcome } => finding.outcome !== 'inconclusive',
  );
  const floor = unmet.reduce<BandOutcome>(
    (strictest, finding) => atLeastAsStrict(strictest, finding.outcome),
    'enable-by-default',
  );
  const finals = possibleOutcomes(floor, requirementsUnknown ? req.onUnmet : undefined, bandCandidates);
  const outcome: DecisionOutcome = finals.length === 1 ? finals[0]! : 'inconclusive';

  const rule = describeRule({
    outcome,
    finals,
    floor,
    unmet,
    findings,
    overhead,
    policy,
    results,
    missingPhases: missing,
  });
  const failOn = new Set<string>(policy.gate.failOn);
  const failedBecause = findings
    .filter((finding) => failOn.has(finding.id))
    .map((finding) => `${finding.id}: ${finding.message}`);
  if (failOn.has(outcome)) failedBecause.push(`the outcome ${outcome} is listed in gate.failOn`);
  const { intervalSource: _intervalSource, missing: _missing, noisy: _noisy, ...reading } = overhead;
  return {
    outcome,
    rule,
    inputs,
    reasons: findings.map((finding) => finding.message),
    gate: { passed: failedBecause.length === 0, failedBecause },
    requirements,
    overhead: reading,
    findings,
    acceptedUnmeasurable: context.acceptedUnmeasurable,
  };
}

function withUnit(value: number, unit: '%' | 'ms'): string {
  return unit === '%' ? `${quoteNumber(value)}%` : `${quoteNumber(value)} ms`;
}

function percentOf(confidence: number | null): string {
  return confidence === null ? 'confidence' : `${quoteNumber(confidence * 100)}%`;
}

interface RuleContext {
  outcome: DecisionOutcome;
  finals: BandOutcome[];
  floor: BandOutcome;
  unmet: (Finding & { outcome: BandOutcome })[];
  findings: Finding[];
  overhead: ReturnType<typeof readOverhead>;
  policy: DecisionPolicy;
  results: Results;
  missingPhases: string[];
}

/** The rule that matched, in words, quoting the thresholds of the policy. */
function describeRule(context: RuleContext): string {
  const { outcome, finals, floor, unmet, findings, overhead, policy, results, missingPhases } = context;
  const unmetIds = [...new Set(unmet.map((finding) => finding.id))];
  const requirementPart = unmetIds.length
    ? `requirements not met (${unmetIds.map((id) => `${id}: ${unmet.filter((f) => f.id === id).length}`).join(', ')}) give requirements.onUnmet ${policy.requirements.onUnmet}`
    : undefined;
  const held = overhead.bands.find((band) => band.holdsStatistic);
  const overheadPart =
    overhead.value !== null && held
      ? `${overhead.statistic} of ${overhead.mode} over ${overhead.baseline} on ${overhead.workload} is ${withUnit(overhead.value, overhead.unit)} ` +
        `(${percentOf(overhead.confidence)} interval ${withUnit(overhead.low!, overhead.unit)} to ${withUnit(overhead.high!, overhead.unit)}), ` +
        `in overhead.bands[${held.index}] (${held.range}: ${held.outcome})`
      : undefined;

  if (outcome === 'inconclusive') {
    const why = findings.filter((finding) => finding.outcome === 'inconclusive').map((finding) => finding.message);
    const advice: string[] = [];
    if (findings.some((finding) => finding.id === 'overhead-straddles-threshold')) {
      advice.push(
        `rerun with more iterations (this run measured ${results.perf?.iterations ?? 'an unknown number of'} per mode and workload)`,
      );
    }
    if (findings.some((finding) => finding.id === 'measurement-noisy'))
      advice.push('rerun the measurements on a quieter machine');
    if (missingPhases.length) advice.push(`run the missing phases (${missingPhases.join(', ')})`);
    if (findings.some((finding) => finding.id === 'evidence-missing'))
      advice.push('fix the run so that it records the missing evidence');
    if (findings.some((finding) => finding.id === 'not-measured') && !missingPhases.length)
      advice.push('measure what is missing');
    if (findings.some((finding) => finding.id === 'claim-unmeasurable')) {
      advice.push(
        'make the unmeasurable claims measurable on this runtime, or accept each in requirements.acceptedUnmeasurable with the reason',
      );
    }
    return `inconclusive: ${why.join('; ')}; the outcome could be ${finals.join(' or ')}${requirementPart ? ` (${requirementPart})` : ''}: ${advice.join(', and ')}`;
  }
  const floorDecides = unmetIds.length > 0 && floor === outcome;
  if (floorDecides) {
    const tail = overheadPart
      ? `; overhead: ${overheadPart}`
      : '; the overhead was not measured, which cannot change this';
    return `${requirementPart}${tail} -> ${outcome}`;
  }
  const requirementsText = requirementPart ?? `every requirement met (${describeRequirementsMet(policy, results)})`;
  return `${overheadPart}; ${requirementsText} -> ${outcome}`;
}

/** The requirements, as met, naming the runtime the claims were read on and the others not gated. */
function describeRequirementsMet(policy: DecisionPolicy, results: Results): string {
  const req = policy.requirements;
  const parts: string[] = [];
  if (req.allFunctionalTestsPass) parts.push('no functional test failed');
  if (req.allClaimsUpheld) {
    const configured = results.config.docker.runtime;
    const counts = countClaims(results, configured);
    const others = claimRuntimes(results, policy).filter((runtime) => runtime !== configured);
    const otherText = others.length
      ? ` (other runtimes reported per runtime, not gated: ${others
          .map((runtime) => {
            const c = countClaims(results, runtime);
            return `${runtime} ${c.upheld} of ${c.recorded} upheld`;
          })
          .join(', ')})`
      : '';
    parts.push(
      `every claim upheld on the configured runtime ${configured} (${counts.upheld} of ${counts.recorded})${otherText}`,
    );
  }
  const confidence = `${quoteNumber(req.rateConfidence * 100)}%`;
  parts.push(
    `fallback rate < ${req.maxFallbackRate} and success rate >= ${req.minSuccessRate} (bounds of their ${confidence} intervals)`,
    `failed benchmark executions <= ${req.maxFailedBenchmarkExecutions}`,
    `leaked containers <= ${req.maxLeakedContainers}`,
  );
  return parts.join(', ');
}
