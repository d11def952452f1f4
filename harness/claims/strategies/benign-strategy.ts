/**
 * A small, deterministic strategy every functionality check can run: a 3-day moving-average
 * signal. The expected weights are computed here, by trusted code, from the same rule.
 */
export const BENIGN_STRATEGY = `export default function strategy({ close }) {
  return close.map((price, day) => (day >= 3 && price > (close[day - 1] + close[day - 2] + close[day - 3]) / 3 ? 1 : 0));
}
`;

export const BENIGN_INPUT = { close: [100, 101, 99, 102, 104, 103, 101, 98, 99, 103, 106, 105] };

export function benignExpectedWeights(close: number[] = BENIGN_INPUT.close): number[] {
  return close.map((price, day) =>
    day >= 3 && price > (close[day - 1]! + close[day - 2]! + close[day - 3]!) / 3 ? 1 : 0,
  );
}
