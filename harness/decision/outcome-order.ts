import { BAND_OUTCOMES, type BandOutcome } from './policy-types.ts';

/**
 * The stricter of two outcomes, in the order of BAND_OUTCOMES (enable-by-default, optional,
 * document-only, do-not-enable). This order is what the outcomes mean, not a threshold.
 */
export function atLeastAsStrict(a: BandOutcome, b: BandOutcome): BandOutcome {
  return BAND_OUTCOMES.indexOf(a) >= BAND_OUTCOMES.indexOf(b) ? a : b;
}

/**
 * Every outcome still possible: the strictest of the floor (requirements known to be unmet),
 * the floor an unknown requirement might add (`unknownFloor`), and each possible band.
 * Sorted from most to least permissive, without duplicates.
 */
export function possibleOutcomes(
  floor: BandOutcome,
  unknownFloor: BandOutcome | undefined,
  bands: readonly BandOutcome[],
): BandOutcome[] {
  const floors = unknownFloor === undefined ? [floor] : [floor, atLeastAsStrict(floor, unknownFloor)];
  const outcomes = new Set<BandOutcome>();
  for (const f of floors) for (const band of bands) outcomes.add(atLeastAsStrict(f, band));
  return BAND_OUTCOMES.filter((outcome) => outcomes.has(outcome));
}
