import { beforeAll, describe, expect, it } from 'vitest';
import { claimAnchor } from '../../harness/report/claim-rows.ts';
import type { Results } from '../../harness/results/results-types.ts';
import { section } from './markdown.ts';
import { MAX_LINE_CHARS, MAX_REPORT_BYTES, REPORT_SOURCES, renderStored } from './report-sources.ts';

const link = (claim: { id: string; runtime: string }) => `[\`${claim.id}\`](evidence.md#${claimAnchor(claim)})`;
const claimRows = (report: string) =>
  section(report, '### Claims')
    .split('\n')
    .filter((line) => line.startsWith('| [`'));

/** Every claim refuted: its probe got through. */
function refuteAll(results: Results): Results {
  for (const claim of results.claims) {
    claim.state = 'refuted';
    claim.reason = `the probe got through: ${claim.probe.expected}`;
    claim.probe.passed = false;
  }
  return results;
}

describe.each(REPORT_SOURCES)('$name', (source) => {
  let example: Results;
  beforeAll(async () => {
    example = await source.read(source.file);
  });
  const copy = (): Results => structuredClone(example);
  const render = (results: Results) => renderStored(results, source.file).report;

  describe('worst case: every claim refuted on both runtimes', () => {
    it('keeps every row in full, nothing folded; the rest of the report stays under 40 KB and each row under 400 characters', () => {
      const results = refuteAll(copy());
      const runtimes = new Set(results.claims.map((claim) => claim.runtime));
      expect([...runtimes].sort()).toEqual(['runc', 'runsc']);
      const report = render(results);
      const rows = claimRows(report);
      expect(rows).toHaveLength(results.claims.length);
      for (const claim of results.claims)
        expect(
          rows.some((row) => row.startsWith(`| ${link(claim)} | ${claim.layer} | ${claim.runtime} | **refuted** |`)),
          `${claim.id} on ${claim.runtime}`,
        ).toBe(true);
      // The refuted rows must stay, so the bound is on the rest: the per-claim gate reasons and
      // findings are one line per finding id, so the rest does not grow with the claims ...
      const table = section(report, '### Claims');
      expect(Buffer.byteLength(report.replace(table, ''))).toBeLessThanOrEqual(MAX_REPORT_BYTES);
      // ... and each row is cut to at most MAX_LINE_CHARS (claim-rows.ts caps each cell), so the
      // whole report is at most 40 KB + one line per claim and runtime (68 here: 67 KB; measured 44 KB for the example, 45 KB for the fresh run).
      for (const row of rows) expect(row.length, row).toBeLessThanOrEqual(MAX_LINE_CHARS);
      expect(Buffer.byteLength(report)).toBeLessThanOrEqual(MAX_REPORT_BYTES + rows.length * (MAX_LINE_CHARS + 1));
    });

    it('names every refuted claim of the configured runtime in the gate reasons, on one line', () => {
      const results = refuteAll(copy());
      const summary = section(render(results), '## Summary');
      const reasons = summary.slice(summary.indexOf('The gate failed because:')).replace(/\n {2,}/g, ' ');
      const line = reasons.split('\n').filter((text) => text.startsWith('- claim-refuted: '));
      expect(line).toHaveLength(1);
      for (const claim of results.claims.filter((candidate) => candidate.runtime === 'runc'))
        expect(line[0]).toContain(link(claim));
    });
  });

  describe('one row per claim and runtime', () => {
    const rowOf = (report: string, claim: { id: string; runtime: string }) =>
      claimRows(report).filter((row) => row.startsWith(`| ${link(claim)} |`));

    it('gives an upheld claim on runsc its own row, "as on runc" when it ran the same probe and control', () => {
      const claim = example.claims.find((candidate) => candidate.runtime === 'runsc' && candidate.id === 'non-root')!;
      expect(claim.state).toBe('upheld');
      const [row] = rowOf(render(copy()), claim);
      expect(row).toMatch(/^\| \S+ \| 2 \| runsc \| upheld \| as on runc \| /);

      const results = copy();
      const refuted = results.claims.find((candidate) => candidate.runtime === 'runsc' && candidate.id === 'non-root')!;
      refuted.state = 'refuted';
      refuted.reason = 'the probe got through: uid 0';
      refuted.probe.passed = false;
      const report = render(results);
      expect(
        rowOf(report, claim).filter((line) => line.startsWith(`| ${link(claim)} | 2 | runsc | **refuted** |`)),
      ).toHaveLength(1);
      // Still a risk of its own runtime.
      expect(section(report, '## Risks')).toContain('refuted: `non-root`');
    });

    it('prints the configured runtime first and in full: with runsc configured, runc says "as on runsc"', () => {
      const results = copy();
      results.config.docker.runtime = 'runsc';
      const rows = claimRows(render(results));
      expect(rows).toHaveLength(results.claims.length);
      const firstRunc = rows.findIndex((row) => row.includes(' | runc | '));
      expect(rows.slice(0, firstRunc).every((row) => row.includes(' | runsc | '))).toBe(true);
      for (const row of rows.slice(0, firstRunc)) expect(row).not.toContain('| as on ');
      const runc = results.claims.find((candidate) => candidate.runtime === 'runc' && candidate.id === 'non-root')!;
      expect(rowOf(render(results), runc)[0]).toContain('| as on runsc |');
    });
  });
});
