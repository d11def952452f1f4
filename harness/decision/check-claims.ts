import { pointer } from '../results/json-pointer.ts';
import type { ClaimRecord, Results } from '../results/results-types.ts';
import type { CheckContext } from './check-context.ts';
import type { AcceptedUnmeasurable, DecisionPolicy } from './policy-types.ts';

/**
 * The runtimes every claim of the registry must be recorded on: the configured runtime first
 * (always, whether the engine has it or not), then each of `evidence.claimRuntimes` the engine has.
 */
export function claimRuntimes(results: Results, policy: DecisionPolicy): string[] {
  const configured = results.config.docker.runtime;
  const offered = results.environment.runtimes.filter(
    (runtime) => policy.evidence.claimRuntimes.includes(runtime) && runtime !== configured,
  );
  return [configured, ...[...new Set(offered)].sort()];
}

/** Claims of one runtime by state. */
export interface RuntimeClaimCounts {
  runtime: string;
  upheld: number;
  refuted: number;
  unmeasurable: number;
  recorded: number;
  /** Registry claims not recorded on this runtime. */
  missing: string[];
}

/** Counts per runtime, never added across runtimes: a claim on runc and on runsc is two facts. */
export function countClaims(results: Results, runtime: string): RuntimeClaimCounts {
  const claims = results.claims.filter((claim) => claim.runtime === runtime);
  const recorded = new Set(claims.map((claim) => claim.id));
  return {
    runtime,
    upheld: claims.filter((claim) => claim.state === 'upheld').length,
    refuted: claims.filter((claim) => claim.state === 'refuted').length,
    unmeasurable: claims.filter((claim) => claim.state === 'unmeasurable').length,
    recorded: claims.length,
    missing: results.claimRegistry.filter((entry) => !recorded.has(entry.id)).map((entry) => entry.id),
  };
}

/**
 * The claims requirement, per runtime:
 * - completeness: every claim of the registry (results.claimRegistry) on every runtime of
 *   `claimRuntimes`; one missing is `evidence-missing` (or `not-measured` in a partial run);
 * - on the configured runtime only: refuted -> `claim-refuted` (requirements.onUnmet);
 *   unmeasurable -> `claim-unmeasurable` (inconclusive), unless the policy accepts that claim
 *   on that runtime with a reason. Other runtimes are counted and reported, never gated on.
 */
export function checkClaims(context: CheckContext): void {
  const { results, policy, findings, inputs, requirements, unknown } = context;
  const configured = results.config.docker.runtime;
  const runtimes = claimRuntimes(results, policy);
  for (const runtime of runtimes) {
    const counts = countClaims(results, runtime);
    const gated = runtime === configured;
    inputs.push({
      name: `claims upheld (runtime ${runtime}${gated ? ', configured' : ', reported only'})`,
      value: counts.upheld,
      source: '/claims',
    });
    if (counts.missing.length === results.claimRegistry.length) {
      unknown(
        `no security claim was recorded in /claims for ${gated ? 'the configured runtime' : 'the runtime'} ${runtime}${gated ? '' : ' (the engine has it: environment.runtimes, evidence.claimRuntimes)'}, so none can be said to be upheld there`,
        '/claims',
        gated,
      );
    } else if (counts.missing.length) {
      unknown(
        `${counts.missing.length} of the ${results.claimRegistry.length} claims of the registry were not recorded on runtime ${runtime}: ${counts.missing.join(', ')}`,
        '/claimRegistry',
        gated,
      );
    }
  }
  if (results.claimRegistry.length === 0)
    unknown(
      'the claim registry recorded with the run (/claimRegistry) is empty, so no claim was expected',
      '/claimRegistry',
    );

  const accepted: { claim: ClaimRecord; acceptance: AcceptedUnmeasurable }[] = [];
  results.claims.forEach((claim, index) => {
    if (claim.runtime !== configured) return;
    if (claim.state === 'refuted') {
      findings.push({
        id: 'claim-refuted',
        outcome: policy.requirements.onUnmet,
        source: pointer('claims', index),
        message: describeClaimFailure(claim),
      });
    } else if (claim.state === 'unmeasurable') {
      const acceptance = policy.requirements.acceptedUnmeasurable.find(
        (entry) => entry.claim === claim.id && entry.runtime === claim.runtime,
      );
      if (acceptance) accepted.push({ claim, acceptance });
      else
        findings.push({
          id: 'claim-unmeasurable',
          outcome: 'inconclusive',
          source: pointer('claims', index),
          message: `${describeClaimFailure(claim)}; requirements.acceptedUnmeasurable does not accept it, so whether it holds is unknown`,
        });
    }
  });
  const counts = countClaims(results, configured);
  const open = counts.unmeasurable - accepted.length;
  const state = (wanted: ClaimRecord['state']) =>
    results.claims.filter((c) => c.runtime === configured && c.state === wanted).map((c) => c.id);
  const parts = [`${counts.upheld} of ${counts.recorded} upheld on ${configured}`];
  if (counts.refuted) parts.push(`refuted: ${state('refuted').join(', ')}`);
  if (open)
    parts.push(
      `unmeasurable: ${state('unmeasurable')
        .filter((id) => !accepted.some((a) => a.claim.id === id))
        .join(', ')}`,
    );
  if (accepted.length)
    parts.push(
      `unmeasurable, accepted by the policy: ${accepted.map((a) => `${a.claim.id} (${a.acceptance.reason})`).join('; ')}`,
    );
  if (counts.missing.length) parts.push(`not recorded: ${counts.missing.join(', ')}`);
  const others = runtimes
    .filter((runtime) => runtime !== configured)
    .map((runtime) => {
      const other = countClaims(results, runtime);
      return `${runtime} ${other.upheld} of ${other.recorded} upheld, ${other.refuted} refuted, ${other.unmeasurable} unmeasurable`;
    });
  requirements.push({
    id: 'requirements.allClaimsUpheld',
    criterion:
      `every security claim of the registry (${results.claimRegistry.length}) is upheld on the configured runtime ${configured}: probe blocked, control through, benign workload worked` +
      (others.length ? `; other runtimes are reported, not gated (${others.join('; ')})` : ''),
    target: 'all upheld',
    actual: counts.recorded === 0 ? `no claim recorded on ${configured}` : parts.join('; '),
    met: counts.refuted > 0 ? false : counts.recorded === 0 || counts.missing.length > 0 || open > 0 ? null : true,
    source: '/claims',
  });
  context.acceptedUnmeasurable.push(...accepted.map(({ claim, acceptance }) => ({ ...acceptance, claim: claim.id })));
}

/** Why a claim is not upheld: its state, the recorded reason, and the tests that produced it. */
export function describeClaimFailure(claim: ClaimRecord): string {
  const failed = (['probe', 'control', 'functionality'] as const)
    .filter((check) => !claim[check].passed || claim[check].unmeasurable !== undefined)
    .map(
      (check) =>
        `${check} ${claim[check].unmeasurable !== undefined ? `could not be made (${claim[check].unmeasurable})` : `failed (expected ${claim[check].expected}; observed ${JSON.stringify(claim[check].observed)})`}`,
    );
  const why = claim.reason ?? (failed.length ? failed.join('; ') : 'no reason recorded');
  return `claim ${claim.id} (layer ${claim.layer}, runtime ${claim.runtime}) is ${claim.state}: ${why}; tests: ${claim.testIds.length ? claim.testIds.join(', ') : 'none recorded'}`;
}
