import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { storedPolicy } from '../../harness/decision/attach-decision.ts';
import { claimAnchor, stateOf } from '../../harness/report/claim-rows.ts';
import { fixed, formatMsValue, formatRate } from '../../harness/report/format-number.ts';
import { intervalText } from '../../harness/report/headline-model.ts';
import { renderAll, type RenderedOutputs } from '../../harness/report/render-report.ts';
import type { Results } from '../../harness/results/results-types.ts';
import { readResults } from '../../harness/results/validate-results.ts';
import { section } from './markdown.ts';

/**
 * The committed example run: a real run. Every expectation below is read from its results.json,
 * so a new run replaces the example without editing this file.
 */
const EXAMPLE = fileURLToPath(new URL('../../reports/example/results.json', import.meta.url));
/** Issue 14: a report a reviewer reads in five minutes, at most 40 KB. */
const MAX_REPORT_BYTES = 40 * 1024;
const MAX_LINE_CHARS = 400;

let results: Results;
let rendered: RenderedOutputs;
beforeAll(async () => {
  results = await readResults(EXAMPLE);
  rendered = renderAll(results, storedPolicy(results, EXAMPLE)!, results.configSource!.text, {
    configFile: results.configSource!.file,
  });
});

/** Lines outside fenced blocks (the embedded configuration is the user's file, kept as it is). */
/** The lines that fold a non-configured runtime's upheld claims, joined (long ones are wrapped). */
function foldedLines(security: string): string {
  const start = security.indexOf('Upheld on a runtime the decision does not read');
  if (start < 0) return '';
  const end = security.indexOf('\n### ', start);
  return security.slice(start, end < 0 ? undefined : end).replace(/\n {2,}/g, ' ');
}

function proseLines(markdown: string): string[] {
  const lines: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^```/.test(line)) fenced = !fenced;
    else if (!fenced) lines.push(line);
  }
  return lines;
}

describe('the report of the example run', () => {
  it(`is at most ${MAX_REPORT_BYTES} bytes, and no line is longer than ${MAX_LINE_CHARS} characters`, () => {
    expect(Buffer.byteLength(rendered.report)).toBeLessThanOrEqual(MAX_REPORT_BYTES);
    const long = proseLines(rendered.report).filter((line) => line.length > MAX_LINE_CHARS);
    expect(long).toEqual([]);
  });

  it('opens with the decision, its effect on the config and the security consequence', () => {
    const summary = section(rendered.report, '## Summary');
    expect(summary).toContain(`(\`${results.decision!.outcome}\`).`);
    expect(summary).toContain('**What it does to the configuration:**');
    expect(summary).toContain('**Security consequence:**');
    expect(summary).toContain(`\`${results.decision!.overhead.statistic}\``);
  });

  it('has a row per claim on the configured runtime and per claim not upheld anywhere; the rest folded, each still linked', () => {
    const security = section(rendered.report, '## Security layers and attack scenarios');
    const folded = foldedLines(security);
    for (const claim of results.claims) {
      const { state } = stateOf(claim);
      const link = `[\`${claim.id}\`](evidence.md#${claimAnchor(claim)})`;
      const stateCell = state === 'upheld' ? 'upheld' : `**${state}**`;
      const row = `| ${link} | ${claim.layer} | ${claim.runtime} | ${stateCell} |`;
      if (claim.runtime === results.config.docker.runtime || state !== 'upheld') {
        expect(security, `${claim.id} on ${claim.runtime}`).toContain(row);
        expect(folded, `${claim.id} on ${claim.runtime}`).not.toContain(link);
      } else {
        expect(security, `${claim.id} on ${claim.runtime}`).not.toContain(row);
        expect(folded, `${claim.id} on ${claim.runtime}`).toContain(link);
      }
    }
  });

  it('evidence.md has every claim id of results.json, on every runtime, with its statement, state and observations', () => {
    for (const claim of results.claims) {
      const entry = section(rendered.evidence, `### \`${claim.id}\` on ${claim.runtime}: ${stateOf(claim).state}`);
      expect(rendered.evidence).toContain(
        `<a id="${claimAnchor(claim)}"></a>\n\n### \`${claim.id}\` on ${claim.runtime}:`,
      );
      // Long prose lines are wrapped: a line break inside a paragraph reads as a space.
      expect(entry.replace(/\s+/g, ' ')).toContain(claim.statement.replace(/\s+/g, ' '));
      for (const check of ['probe', 'control', 'functionality'] as const) expect(entry).toContain(`- **${check}** `);
    }
  });

  it('prints every figure of results.json: the deciding ones in the report, every one in evidence.md', () => {
    const report = rendered.report;
    const everyFigure = section(rendered.evidence, '## Performance, every figure');
    for (const row of results.perf!.modes) {
      const s = row.summary!;
      const line = `| ${row.mode} | ${row.workload} | ${s.n} | ${formatMsValue(s.meanMs)} | ${formatMsValue(s.sdMs)} | ${formatMsValue(s.p50Ms)} | ${formatMsValue(s.p95Ms)} |`;
      expect(everyFigure).toContain(line);
      if (row.workload === results.decision!.overhead.workload) expect(report).toContain(line);
      else expect(report).not.toContain(line);
    }
    for (const row of results.perf!.overheads)
      expect(report).toContain(
        `| ${row.mode} | ${row.workload} | ${row.baselineMode} | ${intervalText(row.differenceMs, 'ms')} |`,
      );
    for (const row of results.perf!.throughput)
      expect(everyFigure).toContain(
        `| ${row.mode} | ${row.workload} | ${row.concurrency} | ${row.executions} | ${fixed(row.executionsPerSecond, 2)} | ${row.failures} |`,
      );
    for (const row of results.perf!.breakdown!) expect(everyFigure).toContain(formatMsValue(row.medianMs));
    expect(report).toContain('(evidence.md#performance-every-figure)');
    const r = results.reliability;
    expect(report).toContain(`| returned ok | ${r.executions - r.failures} | |`);
    expect(report).toContain(`| ok and not degraded (successes) | ${r.successes} | ${formatRate(r.successRate!)} |`);
    const m = results.layerMatrix!.catchRates;
    expect(report).toContain(
      `Catch rates: layer 1 ${formatRate(m.layer1)}, layer 1b ${formatRate(m.layer1b)}, container ${formatRate(m.container)}, all layers ${formatRate(m.all)}.`,
    );
  });

  it('no percent on a baseline under 10 ms, pooled steps off the critical path marked, a shrinking heap said so', () => {
    const performance = section(rendered.report, '## Performance');
    for (const row of results.perf!.overheads) {
      const baseline = results.perf!.modes.find(
        (m) => m.mode === row.baselineMode && m.workload === row.workload,
      )?.summary;
      if (baseline && baseline.meanMs < 10) {
        expect(performance).toContain(
          `| ${row.mode} | ${row.workload} | ${row.baselineMode} | ${intervalText(row.differenceMs, 'ms')} | ms only: baseline`,
        );
      }
    }
    expect(performance).not.toMatch(/grew by -|shrank by -/);
  });

  it('lists each risk once: the runsc claims are one item, not one per claim and again per difference', () => {
    const risks = section(rendered.report, '## Risks')
      .split('\n')
      .filter((line) => line.startsWith('- '));
    expect(risks.filter((line) => line.startsWith('- On runsc'))).toHaveLength(
      results.claims.some((c) => c.runtime === 'runsc' && stateOf(c).state !== 'upheld') ? 1 : 0,
    );
    expect(new Set(risks).size).toBe(risks.length);
  });

  it("prints the outcome -> config mapping of the policy, this run's outcome marked", () => {
    const matrix = section(rendered.report, '### What each outcome does to the configuration');
    expect(matrix).toContain(`| **\`${results.decision!.outcome}\`** |`);
    expect(matrix).toContain("| `optional` | keep the user's value |");
  });
});
