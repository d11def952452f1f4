/**
 * Number formatting of the report. Locale-independent (`toFixed`, never `toLocaleString`),
 * so the same results always give the same bytes. Precision follows magnitude so that small
 * durations keep their digits and large ones do not pretend to more than they have.
 */

/** Decimals for a duration in milliseconds: 3 below 1 ms, 2 below 100 ms, 1 below 10 s, else 0. */
export function msDecimals(valueMs: number): number {
  const size = Math.abs(valueMs);
  if (size < 1) return 3;
  if (size < 100) return 2;
  if (size < 10_000) return 1;
  return 0;
}

/** `value` with `decimals` digits after the point; -0 prints as 0. */
export function fixed(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** A duration in ms without its unit (table cells under an `(ms)` header). */
export function formatMsValue(valueMs: number): string {
  return fixed(valueMs, msDecimals(valueMs));
}

export function formatMs(valueMs: number): string {
  return `${formatMsValue(valueMs)} ms`;
}

/** A duration given in ms, printed in seconds with 2 decimals (3 below 1 s). */
export function formatSeconds(valueMs: number): string {
  const seconds = valueMs / 1000;
  return `${fixed(seconds, Math.abs(seconds) < 1 ? 3 : 2)} s`;
}

/** A value already in percent: one decimal. */
export function formatPercent(valuePct: number): string {
  return `${fixed(valuePct, 1)}%`;
}

/** A fraction in [0, 1] as a percent with 2 decimals (0.00115 -> 0.12%), so a rate near a threshold is not rounded onto it. */
export function formatRate(fraction: number): string {
  return `${fixed(fraction * 100, 2)}%`;
}

/** Bytes in GiB from 1 GiB, else MiB from 1 KiB (2 decimals), else B. */
export function formatBytes(bytes: number): string {
  if (Math.abs(bytes) < 1024) return `${bytes} B`;
  if (Math.abs(bytes) >= 1024 ** 3) return `${fixed(bytes / 1024 ** 3, 2)} GiB`;
  return `${fixed(bytes / 1024 ** 2, 2)} MiB`;
}
