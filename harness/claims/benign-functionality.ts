import { isDeepStrictEqual } from 'node:util';
import type { ClaimCheck, ClaimContext } from './claim.ts';
import { checkThat, resultSummary } from './check.ts';
import { BENIGN_INPUT, BENIGN_STRATEGY, benignExpectedWeights } from './strategies/benign-strategy.ts';

/** The functionality check most claims share: the benign strategy returns the right weights in the hardened container. */
export async function benignFunctionality(context: ClaimContext): Promise<ClaimCheck> {
  const result = await context.runStrategy(BENIGN_STRATEGY, BENIGN_INPUT);
  const expected = benignExpectedWeights();
  return checkThat(
    result.status === 'ok' && isDeepStrictEqual(result.value, expected),
    `status ok and the weights ${JSON.stringify(expected)}`,
    { ...resultSummary(result), value: result.value, timeline: result.timeline },
  );
}
