const MS_PER_DAY = 86_400_000;

/**
 * `count` consecutive weekdays (Monday to Friday) as ISO `YYYY-MM-DD`, starting at `startIso`
 * (or the next weekday when it falls on a weekend). Holidays are not skipped: synthetic
 * universes only need a plausible, strictly increasing calendar.
 */
export function businessDays(startIso: string, count: number): string[] {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`businessDays: count must be a non-negative integer, received ${String(count)}`);
  }
  let timeMs = Date.parse(`${startIso}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(startIso) || Number.isNaN(timeMs)) {
    throw new RangeError(`businessDays: start must be a date as YYYY-MM-DD, received ${JSON.stringify(startIso)}`);
  }
  const dates: string[] = [];
  while (dates.length < count) {
    const weekday = new Date(timeMs).getUTCDay();
    if (weekday !== 0 && weekday !== 6) dates.push(new Date(timeMs).toISOString().slice(0, 10));
    timeMs += MS_PER_DAY;
  }
  return dates;
}
