const UNIT_BYTES: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/**
 * Parses a size with a unit as Docker writes them (`2g`, `256m`, `64k`, `512b`, case-insensitive,
 * an optional trailing `b` as in `64mb`). Returns bytes, or undefined when the text is not a size.
 */
export function parseSizeBytes(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([bkmg])b?\s*$/i.exec(text);
  if (!match) return undefined;
  const bytes = Number(match[1]) * UNIT_BYTES[match[2]!.toLowerCase()]!;
  return Number.isFinite(bytes) ? Math.round(bytes) : undefined;
}

/** `2147483648` -> `2g`, for messages and the rendered config. */
export function formatSize(bytes: number): string {
  for (const unit of ['g', 'm', 'k'] as const) {
    const size = UNIT_BYTES[unit]!;
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}b`;
}
