import { ConfigError } from '../errors.ts';
import type { Results } from '../results/results-types.ts';
import { decide } from './decide.ts';
import type { StoredDecision } from './decision-types.ts';
import { parsePolicy } from './load-policy.ts';
import type { LoadedPolicy } from './policy-types.ts';

/**
 * The results with the decision of `policy` stored under `decision`, together with the
 * policy's text and sha256, so that `report --from` re-applies exactly that policy even
 * after the policy file has changed. Any decision already stored is replaced.
 */
export function attachDecision(results: Results, policy: LoadedPolicy): Results & { decision: StoredDecision } {
  const { decision: _previous, ...rest } = results;
  const decision = decide(rest, policy.policy);
  return {
    ...rest,
    decision: { ...decision, policy: { file: policy.file, sha256: policy.sha256, text: policy.text } },
  };
}

/**
 * The policy stored with a run's decision, validated again. `resultsFile` names it in
 * messages; the returned policy keeps the file name it was read from at run time, so the
 * re-rendered report is byte-identical. Undefined when the run stored no decision.
 * @throws ConfigError when the stored text does not match its sha256 or no longer validates.
 */
export function storedPolicy(results: Results, resultsFile: string): LoadedPolicy | undefined {
  const stored = results.decision?.policy;
  if (!stored) return undefined;
  const where = `${resultsFile}#/decision/policy`;
  const loaded = parsePolicy(stored.text, where);
  if (loaded.sha256 !== stored.sha256) {
    throw new ConfigError(
      resultsFile,
      '/decision/policy/sha256',
      `${loaded.sha256}, the sha256 of /decision/policy/text`,
      stored.sha256,
    );
  }
  return { ...loaded, file: stored.file };
}
