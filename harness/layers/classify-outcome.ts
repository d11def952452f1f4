import type { LayerOutcome } from '../results/results-types.ts';
import type { ExecutionResult } from '../sandbox/execution-result.ts';
import type { ValidationReport } from '../sandbox/validator/validate-strategy.ts';
import type { BreachJudgement } from './breach-oracle.ts';

/**
 * Pure functions that turn what one column observed into a LayerOutcome. The semantics are
 * written down in harness/layers/README.md; each function cites the rule it applies.
 */

/** The corpus group whose files are judged by the limits alone. */
export const RESOURCE_GROUP = 'resource-abuse';

/** The statuses a limit gives: the resource-abuse files' "own status". */
export const LIMIT_STATUSES: ReadonlySet<string> = new Set(['timeout', 'oom', 'output-limit']);

/** An allocation the engine refused: counted as stopped for resource abuse (README, "resource abuse"). */
const REFUSED_ALLOCATION =
  /RangeError: (Array buffer allocation failed|Invalid array length|Invalid string length|Invalid typed array length)/;

/**
 * Errors that only the operating system gives: the container's read-only rootfs (EROFS), its
 * user and capabilities (EACCES, EPERM), seccomp (EPERM, ENOSYS), its network namespace
 * (ECONNREFUSED, ENETUNREACH, ...), the pids limit (EAGAIN), and its minimal image (ENOENT: no
 * /bin/sh, no Docker socket). The texts come from the strategy's own error, so this is an
 * oracle for this fixed corpus, not for an adversary who forges errno text; the one file that
 * does (lying-to-harness/tojson-throws-infra) forges it in a value the runner fails to serialize,
 * which is excluded below.
 */
const OS_ERRNO =
  /\b(EACCES|EROFS|EPERM|ENOSYS|ENOENT|ECONNREFUSED|ENETUNREACH|EHOSTUNREACH|EAFNOSUPPORT|EADDRNOTAVAIL|EAGAIN|ENOTSUP|EOPNOTSUPP)\b/;

type Result = Pick<ExecutionResult, 'status' | 'message' | 'stderr'>;

/** What one runtime column observed for one file. */
export interface ColumnObservation {
  group: string;
  result: Result;
  /** False when the harness refused the job before anything started (not an ES module with one default export, imports). */
  ran: boolean;
  /** The breach oracle's judgement; required when the result is `ok`. */
  judgement?: BreachJudgement;
}

const MAX_DETAIL_CHARS = 240;

function detail(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_DETAIL_CHARS ? `${flat.slice(0, MAX_DETAIL_CHARS - 1)}…` : flat;
}

function outcome(blocked: boolean, status: string, text: string): LayerOutcome {
  return { blocked, status, detail: detail(text) };
}

/** How a limit stopped the execution, or undefined when none did. */
export function limitStop(result: Result): string | undefined {
  if (LIMIT_STATUSES.has(result.status)) return result.status;
  if (result.status === 'error') {
    const refused = REFUSED_ALLOCATION.exec(`${result.message ?? ''}\n${result.stderr}`);
    if (refused) return `the engine refused the allocation (${refused[0]})`;
  }
  return undefined;
}

/** The operating-system error line that shows the container denied something, if any. */
export function containerDenial(result: Result): string | undefined {
  if (result.message?.startsWith('the return value is not JSON-serializable')) return undefined;
  for (const text of [result.message ?? '', result.stderr]) {
    const line = text.split('\n').find((candidate) => OS_ERRNO.test(candidate));
    if (line) return line.trim();
  }
  return undefined;
}

/** Layer 1 alone: blocked when validateStrategy reports at least one violation. */
export function layer1Outcome(report: Pick<ValidationReport, 'ok' | 'violations'>): LayerOutcome {
  if (report.ok) return { blocked: false, status: 'clean' };
  const rules = [...new Set(report.violations.map((violation) => violation.rule))];
  const shown = rules.slice(0, 3).join(', ');
  return {
    blocked: true,
    status: 'rejected',
    detail: rules.length > 3 ? `${shown} (+${rules.length - 3} more)` : shown,
  };
}

/** Resource abuse in any runtime column: blocked only when a limit stopped it. */
function resourceOutcome(observation: ColumnObservation): LayerOutcome {
  const { result } = observation;
  const stop = limitStop(result);
  if (stop)
    return outcome(
      true,
      result.status,
      `stopped by a limit: ${stop}${result.message && !stop.startsWith('the engine') ? ` (${result.message})` : ''}`,
    );
  if (!observation.ran)
    return outcome(false, result.status, `not stopped by a limit: refused before running: ${result.message ?? ''}`);
  return outcome(
    false,
    result.status,
    result.status === 'ok'
      ? 'completed within the limits'
      : `not stopped by a limit: ${result.message ?? result.status}`,
  );
}

function requireJudgement(observation: ColumnObservation): BreachJudgement {
  if (!observation.judgement) throw new Error("an ok result needs the breach oracle's judgement");
  return observation.judgement;
}

/**
 * Layer 1b alone (the runner with lockdown and Compartment; no validation, no container, no
 * permission model): blocked when the execution did not end `ok`, or ended `ok` with mechanical
 * evidence that the technique failed. `infra-error` is never blocked (it is what a lying file
 * wants). A job refused before running counts for this layer: the runner only evaluates one
 * strict script with no module loader (the `shape` detail says so, so the report can tell).
 */
export function layer1bOutcome(observation: ColumnObservation): LayerOutcome {
  if (observation.group === RESOURCE_GROUP) return resourceOutcome(observation);
  const { result } = observation;
  if (!observation.ran)
    return outcome(
      true,
      result.status,
      `shape: refused before running (the runner evaluates one strict script with no module loader): ${result.message ?? ''}`,
    );
  if (result.status === 'ok') {
    const judgement = requireJudgement(observation);
    if (judgement.verdict === 'failed')
      return outcome(true, 'ok', `ok, but the technique failed: ${judgement.evidence}`);
    if (judgement.verdict === 'breach') return outcome(false, 'ok', `breach: ${judgement.evidence}`);
    return outcome(
      false,
      'ok',
      `ok; outcome ambiguous under this oracle, counted as not blocked: ${judgement.evidence}`,
    );
  }
  if (result.status === 'infra-error')
    return outcome(
      false,
      result.status,
      `not blocked: the execution ended as an infrastructure error: ${result.message ?? ''}`,
    );
  return outcome(true, result.status, result.message ?? result.status);
}

/**
 * The container alone (hardened container and seccomp; no validation, runner without lockdown
 * or Compartment): blocked only when the container stopped it: a limit, an operating-system
 * denial, or an `ok` whose technique demonstrably failed in the environment. Completing inside
 * the container (reading its own files or environment) is contained, not blocked; failing in
 * the runner for a reason the container has nothing to do with is not blocked either.
 */
export function containerOutcome(observation: ColumnObservation): LayerOutcome {
  if (observation.group === RESOURCE_GROUP) return resourceOutcome(observation);
  const { result } = observation;
  if (!observation.ran)
    return outcome(
      false,
      result.status,
      `never reached the container: the harness refused the job before starting it: ${result.message ?? ''}`,
    );
  if (result.status === 'ok') {
    const judgement = requireJudgement(observation);
    if (judgement.verdict === 'failed' && judgement.cause === 'environment')
      return outcome(
        true,
        'ok',
        `ok, but the container stopped the technique (the strategy swallowed the error): ${judgement.evidence}`,
      );
    if (judgement.verdict === 'failed')
      return outcome(
        false,
        'ok',
        `completed inside the container; the technique failed in the runner, not because of the container: ${judgement.evidence}`,
      );
    if (judgement.verdict === 'breach')
      return outcome(false, 'ok', `completed inside the container: ${judgement.evidence}`);
    return outcome(
      false,
      'ok',
      `completed inside the container; outcome ambiguous under this oracle: ${judgement.evidence}`,
    );
  }
  const stop = limitStop(result);
  if (stop) return outcome(true, result.status, `stopped by a limit: ${stop}`);
  const denial = containerDenial(result);
  if (denial) return outcome(true, result.status, `denied inside the container: ${denial}`);
  if (result.status === 'infra-error')
    return outcome(
      false,
      result.status,
      `not blocked: the execution ended as an infrastructure error: ${result.message ?? ''}`,
    );
  return outcome(
    false,
    result.status,
    `failed in the runner, not stopped by the container: ${result.message ?? result.status}`,
  );
}

/**
 * All layers (the wrapper in Docker mode, validation on): blocked when the result is not `ok`
 * (`rejected` included), or `ok` with evidence that the technique failed; never on `infra-error`.
 * Resource abuse: blocked when layer 1 rejected it or a limit stopped it.
 */
export function allLayersOutcome(observation: ColumnObservation & { rules?: string }): LayerOutcome {
  const { result } = observation;
  if (result.status === 'rejected')
    return outcome(true, 'rejected', `layer 1: ${observation.rules ?? result.message ?? ''}`);
  if (observation.group === RESOURCE_GROUP) return resourceOutcome(observation);
  if (result.status === 'ok') {
    const judgement = requireJudgement(observation);
    if (judgement.verdict === 'failed')
      return outcome(true, 'ok', `ok, but the technique failed: ${judgement.evidence}`);
    return outcome(
      false,
      'ok',
      `${judgement.verdict === 'breach' ? 'breach' : 'ok; outcome ambiguous, counted as not blocked'}: ${judgement.evidence}`,
    );
  }
  if (result.status === 'infra-error')
    return outcome(
      false,
      result.status,
      `not blocked: the execution ended as an infrastructure error: ${result.message ?? ''}`,
    );
  return outcome(true, result.status, result.message ?? result.status);
}

/** The outcome of a column that was not run for a file, with the reason. Never blocked. */
export function notRunOutcome(reason: string): LayerOutcome {
  return outcome(false, 'not-run', reason);
}
