import { pointer } from '../results/json-pointer.ts';
import type { ClaimRecord, Results } from '../results/results-types.ts';
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
 * 3. Anything unknown (a required phase that did not run, a claim list that is empty, no
 *    executions counted) means the requirements might also be unmet.
 * 4. The outcome is the strictest of floor and band; if the possibilities left by 2 and 3
 *    give more than one outcome, the decision is `inconclusive` and says what would settle it.
 *    A claim not upheld therefore gives do-not-enable even when perf was not measured.
 */
export function decide(results: Results, policy: DecisionPolicy): Decision {
  const findings: Finding[] = [];
  const inputs: DecisionInput[] = [];
  const requirements: RequirementCheck[] = [];
  const req = policy.requirements;

  // Evidence: which required phases ran, and whether what ran recorded anything.
  const present = new Set(results.phases.map((phase) => phase.name));
  const missingPhases = policy.evidence.requiredPhases.filter((name) => !present.has(name));
  const complete = missingPhases.length === 0;
  // Set when a requirement could not be checked: it might be unmet.
  let requirementsUnknown = missingPhases.length > 0;
  for (const name of missingPhases) {
    findings.push({ id: 'phase-not-run', outcome: 'inconclusive', source: '/phases', message: `required phase ${name} did not run (evidence.requiredPhases), so what it would have shown is unknown` });
  }
  results.phases.forEach((phase, index) => {
    // A phase whose every test was skipped proves as little as one that recorded none.
    if (phase.tests.every((test) => test.status === 'skipped')) {
      requirementsUnknown = true;
      const what = phase.tests.length === 0 ? 'recorded no test' : `skipped every one of its ${phase.tests.length} tests`;
      findings.push({ id: 'evidence-missing', outcome: 'inconclusive', source: pointer('phases', index, 'tests'), message: `phase ${phase.name} ran but ${what}` });
    }
  });
  const unknown = (message: string, source: string, aboutRequirements = true): void => {
    if (aboutRequirements) requirementsUnknown = true;
    findings.push({ id: complete ? 'evidence-missing' : 'not-measured', outcome: 'inconclusive', message, source });
  };

  if (req.allFunctionalTestsPass) checkFunctionalTests(results, policy, findings, inputs, requirements);
  if (req.allClaimsUpheld) {
    // The decision is about the sandbox as configured: claims measured under another runtime
    // (gVisor where the engine has it) are recorded and reported as risks, not gated on.
    const runtime = results.config.docker.runtime;
    const claims = results.claims.filter((claim) => claim.runtime === runtime);
    const notUpheld = claims.filter((claim) => !claim.upheld);
    inputs.push({ name: `claims not upheld (runtime ${runtime})`, value: notUpheld.length, source: '/claims' });
    inputs.push({ name: `claims recorded (runtime ${runtime})`, value: claims.length, source: '/claims' });
    if (claims.length === 0) unknown(`no security claim was recorded in /claims for the configured runtime ${runtime}, so none can be said to be upheld`, '/claims');
    results.claims.forEach((claim, index) => {
      if (claim.runtime === runtime && !claim.upheld) findings.push({ id: 'claim-not-upheld', outcome: req.onUnmet, source: pointer('claims', index), message: describeClaimFailure(claim) });
    });
    requirements.push({
      id: 'requirements.allClaimsUpheld',
      criterion: `every security claim is upheld on the configured runtime (${runtime}): probe blocked, control got through, benign workload worked`,
      target: 'all upheld',
      actual: claims.length === 0 ? 'no claim recorded' : `${claims.length - notUpheld.length} of ${claims.length} upheld${notUpheld.length ? ` (not upheld: ${notUpheld.map((c) => c.id).join(', ')})` : ''}`,
      met: notUpheld.length > 0 ? false : claims.length === 0 ? null : true,
      source: '/claims',
    });
  }
  checkReliability(results, policy, findings, inputs, requirements, unknown);

  // The overhead, read with the policy's statistic and placed in its band.
  const overhead = readOverhead(results, policy.overhead);
  let bandCandidates: BandOutcome[];
  if (overhead.value === null || overhead.low === null || overhead.high === null) {
    unknown(`overhead of ${overhead.mode} over ${overhead.baseline} on ${overhead.workload} not measured: ${overhead.missing}`, overhead.source ?? '/perf/overheads', false);
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
  }
  if (results.perf) inputs.push({ name: 'iterations per mode and workload', value: results.perf.iterations, source: '/perf/iterations' });

  const unmet = findings.filter((finding): finding is Finding & { outcome: BandOutcome } => finding.outcome !== 'inconclusive');
  const floor = unmet.reduce<BandOutcome>((strictest, finding) => atLeastAsStrict(strictest, finding.outcome), 'enable-by-default');
  const finals = possibleOutcomes(floor, requirementsUnknown ? req.onUnmet : undefined, bandCandidates);
  const outcome: DecisionOutcome = finals.length === 1 ? finals[0]! : 'inconclusive';

  const rule = describeRule({ outcome, finals, floor, unmet, findings, overhead, policy, results, missingPhases });
  const failOn = new Set<string>(policy.gate.failOn);
  const failedBecause = findings.filter((finding) => failOn.has(finding.id)).map((finding) => `${finding.id}: ${finding.message}`);
  if (failOn.has(outcome)) failedBecause.push(`the outcome ${outcome} is listed in gate.failOn`);
  const { intervalSource: _intervalSource, missing: _missing, ...reading } = overhead;
  return {
    outcome,
    rule,
    inputs,
    reasons: findings.map((finding) => finding.message),
    gate: { passed: failedBecause.length === 0, failedBecause },
    requirements,
    overhead: reading,
    findings,
  };
}

function checkFunctionalTests(results: Results, policy: DecisionPolicy, findings: Finding[], inputs: DecisionInput[], requirements: RequirementCheck[]): void {
  const req = policy.requirements;
  let total = 0;
  let failed = 0;
  let skipped = 0;
  results.phases.forEach((phase, phaseIndex) => {
    if (!req.functionalPhases.includes(phase.name)) return;
    phase.tests.forEach((test, testIndex) => {
      total += 1;
      if (test.status === 'skipped') skipped += 1;
      if (test.status !== 'failed') return;
      failed += 1;
      findings.push({
        id: 'functional-test-failed',
        outcome: req.onUnmet,
        source: pointer('phases', phaseIndex, 'tests', testIndex),
        message: `test ${test.id} (phase ${phase.name}, ${test.file}) failed: ${firstLine(test.error) ?? 'no error message was recorded'}`,
      });
    });
  });
  inputs.push({ name: 'functional tests failed', value: failed, source: '/phases' });
  inputs.push({ name: 'functional tests recorded', value: total, source: '/phases' });
  const missing = policy.evidence.requiredPhases.filter((name) => req.functionalPhases.includes(name) && !results.phases.some((phase) => phase.name === name));
  requirements.push({
    id: 'requirements.allFunctionalTestsPass',
    criterion: `every functional test passes (phases ${req.functionalPhases.join(', ')})`,
    target: '0 failed',
    actual: `${failed} failed of ${total} tests${skipped ? `, ${skipped} skipped` : ''}${missing.length ? `; phases not run: ${missing.join(', ')}` : ''}`,
    met: failed > 0 ? false : missing.length > 0 || total === 0 ? null : true,
    source: '/phases',
  });
}

function checkReliability(
  results: Results,
  policy: DecisionPolicy,
  findings: Finding[],
  inputs: DecisionInput[],
  requirements: RequirementCheck[],
  unknown: (message: string, source: string, aboutRequirements?: boolean) => void,
): void {
  const req = policy.requirements;
  const r = results.reliability;
  if (r.executions === 0 || r.fallbackRate === null || r.successRate === null) {
    unknown('no execution was counted in /reliability, so the fallback and success rates are unknown', '/reliability/executions');
  }
  const measured = r.executions > 0 && r.fallbackRate !== null && r.successRate !== null;
  const fallbackMet = measured ? r.fallbackRate! < req.maxFallbackRate : null;
  const successMet = measured ? r.successRate! >= req.minSuccessRate : null;
  if (measured) {
    inputs.push({ name: 'fallback rate', value: r.fallbackRate, source: '/reliability/fallbackRate' });
    inputs.push({ name: 'success rate', value: r.successRate, source: '/reliability/successRate' });
  }
  inputs.push({ name: 'executions counted', value: r.executions, source: '/reliability/executions' });
  inputs.push({ name: 'leaked containers', value: r.leakedContainers, source: '/reliability/leakedContainers' });
  const fallbackText = measured ? `${quoteNumber(r.fallbackRate!)} (${r.fallbacks} of ${r.executions} executions fell back)` : 'not measured in this run';
  const successText = measured ? `${quoteNumber(r.successRate!)} (${r.executions - r.failures} of ${r.executions} executions ok)` : 'not measured in this run';
  if (fallbackMet === false) {
    findings.push({ id: 'fallback-rate-exceeded', outcome: req.onUnmet, source: '/reliability/fallbackRate', message: `fallback rate ${fallbackText} is not below requirements.maxFallbackRate ${req.maxFallbackRate}` });
  }
  if (successMet === false) {
    findings.push({ id: 'success-rate-below-minimum', outcome: req.onUnmet, source: '/reliability/successRate', message: `success rate ${successText} is below requirements.minSuccessRate ${req.minSuccessRate}` });
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
    { id: 'requirements.maxFallbackRate', criterion: 'fallback rate (every fallback, raised or returned)', target: `< ${req.maxFallbackRate}`, actual: fallbackText, met: fallbackMet, source: '/reliability/fallbackRate' },
    { id: 'requirements.minSuccessRate', criterion: 'success rate (executions that returned ok)', target: `>= ${req.minSuccessRate}`, actual: successText, met: successMet, source: '/reliability/successRate' },
    { id: 'requirements.maxLeakedContainers', criterion: 'containers left after cleanup', target: `<= ${req.maxLeakedContainers}`, actual: String(r.leakedContainers), met: leakMet, source: '/reliability/leakedContainers' },
  );
}

/** Which checks of a claim failed, with what was expected and what the probe observed. */
export function describeClaimFailure(claim: ClaimRecord): string {
  const parts = (['probe', 'control', 'functionality'] as const)
    .filter((check) => !claim[check].passed)
    .map((check) => `${check} failed (expected ${claim[check].expected}; observed ${JSON.stringify(claim[check].observed)})`);
  const why = parts.length ? parts.join('; ') : 'recorded as not upheld although all three checks passed';
  return `claim ${claim.id} (layer ${claim.layer}, runtime ${claim.runtime}) is not upheld: ${why}; tests: ${claim.testIds.length ? claim.testIds.join(', ') : 'none recorded'}`;
}

function firstLine(text: string | undefined): string | undefined {
  const line = text?.split('\n').find((candidate) => candidate.trim() !== '');
  return line?.trim();
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
      advice.push(`rerun with more iterations (this run measured ${results.perf?.iterations ?? 'an unknown number of'} per mode and workload)`);
    }
    if (missingPhases.length) advice.push(`run the missing phases (${missingPhases.join(', ')})`);
    if (findings.some((finding) => finding.id === 'evidence-missing')) advice.push('fix the run so that it records the missing evidence');
    if (findings.some((finding) => finding.id === 'not-measured') && !missingPhases.length) advice.push('measure what is missing');
    return `inconclusive: ${why.join('; ')}; the outcome could be ${finals.join(' or ')}${requirementPart ? ` (${requirementPart})` : ''}: ${advice.join(', and ')}`;
  }
  const floorDecides = unmetIds.length > 0 && floor === outcome;
  if (floorDecides) {
    const tail = overheadPart ? `; overhead: ${overheadPart}` : '; the overhead was not measured, which cannot change this';
    return `${requirementPart}${tail} -> ${outcome}`;
  }
  const requirementsText = requirementPart ?? `every requirement met (${describeRequirementsMet(policy)})`;
  return `${overheadPart}; ${requirementsText} -> ${outcome}`;
}

function describeRequirementsMet(policy: DecisionPolicy): string {
  const req = policy.requirements;
  const parts: string[] = [];
  if (req.allFunctionalTestsPass) parts.push('no functional test failed');
  if (req.allClaimsUpheld) parts.push('every claim upheld');
  parts.push(`fallback rate < ${req.maxFallbackRate}`, `success rate >= ${req.minSuccessRate}`, `leaked containers <= ${req.maxLeakedContainers}`);
  return parts.join(', ');
}
