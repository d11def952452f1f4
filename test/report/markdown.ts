/** Small readers of the rendered Markdown, for the report tests. */

/** The text of a `## ` section (or `### ` subsection) up to the next heading of the same or higher level. */
export function section(report: string, heading: string): string {
  const level = heading.match(/^#+/)![0].length;
  const lines = report.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`no heading ${JSON.stringify(heading)} in the report`);
  let end = lines.length;
  let inFence = false;
  for (let i = start + 1; i < lines.length; i++) {
    if (/^```/.test(lines[i]!)) inFence = !inFence;
    const match = /^(#+) /.exec(lines[i]!);
    if (!inFence && match && match[1]!.length <= level) {
      end = i;
      break;
    }
  }
  return lines.slice(start, end).join('\n');
}

/** The report without one section or subsection. */
export function without(report: string, heading: string): string {
  return report.replace(section(report, heading), '');
}

/** Rows of the first table after `marker` in `text`, split into cells (escaped `\|` stays in a cell). */
export function tableAfter(text: string, marker: string): string[][] {
  const lines = text.slice(text.indexOf(marker)).split('\n');
  const start = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (let i = start; i < lines.length && lines[i]!.startsWith('|'); i++) rows.push(cells(lines[i]!));
  return rows;
}

export function cells(row: string): string[] {
  return row
    .trim()
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

/** Every table of the report (outside fenced blocks), as lists of rows. */
export function tables(report: string): string[][] {
  const found: string[][] = [];
  let current: string[] | undefined;
  let inFence = false;
  for (const line of report.split('\n')) {
    if (/^```/.test(line)) inFence = !inFence;
    if (!inFence && line.startsWith('|')) {
      current ??= [];
      current.push(line);
    } else if (current) {
      found.push(current);
      current = undefined;
    }
  }
  if (current) found.push(current);
  return found;
}

/** Decimals printed in a number's text: `12.30` has 2. */
export function decimalsOf(text: string): number {
  return text.includes('.') ? text.split('.')[1]!.length : 0;
}

/** Every number anywhere in a JSON value. */
export function numbersIn(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number') out.push(value);
  else if (Array.isArray(value)) for (const item of value) numbersIn(item, out);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) numbersIn(item, out);
  return out;
}
