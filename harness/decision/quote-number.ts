/**
 * A number as the decision's sentences quote it: at most `significantDigits` significant
 * digits, no exponent, no trailing zeros (0.1 stays 0.1, 0.0013513 becomes 0.001351).
 * Locale-independent, so the same number always gives the same text.
 */
export function quoteNumber(value: number, significantDigits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, significantDigits - 1 - magnitude);
  return String(Number(value.toFixed(Math.min(decimals, 20))));
}
