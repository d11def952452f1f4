import { beforeAll, describe, expect, it } from 'vitest';
import { storedPolicy } from '../../harness/decision/attach-decision.ts';
import { claimAnchor, stateOf } from '../../harness/report/claim-rows.ts';
import { fixed, formatMs, formatMsValue, formatRate } from '../../harness/report/format-number.ts';
import { intervalText } from '../../harness/report/headline-model.ts';
import { overheadCellText } from '../../harness/report/overhead-table.ts';
import type { RenderedOutputs } from '../../harness/report/render-report.ts';
import type { Results } from '../../harness/results/results-types.ts';
import { section, tableAfter } from './markdown.ts';
import { MAX_LINE_CHARS, MAX_REPORT_BYTES, REPORT_SOURCES, renderStored } from './report-sources.ts';

/**
 * Real runs: the committed example and a fresh run (report-sources.ts). Every expectation below
 * is read from the run's results.json, so a new run replaces the example without editing this file.
 */

/**
 * A fresh run must leave 10% of the 40 KB free (36,864 bytes): the example of session 17
 * rendered 39,227 bytes while the next real run rendered 41,503 (longer policy paths, one more
 * risk, longer criteria), 6% more; 10% keeps one such step under the limit with room.
 */
const FRESH_RUN_MAX_BYTES = Math.floor(MAX_REPORT_BYTES * 0.9);

/** The overhead grid under `### Overhead`: a row per mode, a column per workload, the baseline's means first. */
function overheadGrid(performance: string) {
  const [header, , baseline, ...rows] = tableAfter(performance, '### Overhead');
  const column = (workload: string) => header!.indexOf(workload);
  return {
    header: header!,
    baselineMean: (workload: string) => baseline![column(workload)],
    cell: (mode: string, workload: string) => rows.find((row) => row[0] === mode)?.[column(workload)],
  };
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

describe.each(REPORT_SOURCES)('the report of $name', (source) => {
  let results: Results;
  let rendered: RenderedOutputs;
  beforeAll(async () => {
    results = await source.read(source.file);
    rendered = renderStored(results, source.file);
  });

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

  it('has a row per claim and runtime, linked to its evidence', () => {
    const security = section(rendered.report, '## Security layers and attack scenarios');
    for (const claim of results.claims) {
      const { state } = stateOf(claim);
      const link = `[\`${claim.id}\`](evidence.md#${claimAnchor(claim)})`;
      const stateCell = state === 'upheld' ? 'upheld' : `**${state}**`;
      expect(security, `${claim.id} on ${claim.runtime}`).toContain(
        `| ${link} | ${claim.layer} | ${claim.runtime} | ${stateCell} |`,
      );
      expect(rendered.evidence).toContain(`<a id="${claimAnchor(claim)}"></a>`);
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
      // The report's latency table is the decisive workload's only: its heading names the workload.
      const decisive = tableAfter(section(report, '## Performance'), '### Latency on ');
      const printed = decisive.some(
        (cells) =>
          cells.slice(0, 4).join(' | ') ===
          `${row.mode} | ${s.n} | ${formatMsValue(s.meanMs)} | ${formatMsValue(s.sdMs)}`,
      );
      expect(printed, `${row.mode} on ${row.workload}`).toBe(row.workload === results.decision!.overhead.workload);
    }
    const grid = overheadGrid(section(report, '## Performance'));
    for (const row of results.perf!.overheads)
      expect(grid.cell(row.mode, row.workload), `${row.mode} ${row.workload}`).toMatch(
        new RegExp(`^${escapeRegExp(intervalText(row.differenceMs, 'ms'))}(, |$)`),
      );
    for (const row of results.perf!.throughput)
      expect(everyFigure).toContain(
        `| ${row.mode} | ${row.workload} | ${row.concurrency} | ${row.executions}${row.warmupExecutions ? ` (after ${row.warmupExecutions} untimed: the pool's ready containers)` : ''} | ${fixed(row.executionsPerSecond, 2)} | ${row.failures} |`,
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

  it('no percent on a baseline under 10 ms (the baseline printed in ms instead), a shrinking heap said so', () => {
    const performance = section(rendered.report, '## Performance');
    const grid = overheadGrid(performance);
    for (const row of results.perf!.overheads) {
      const baseline = results.perf!.modes.find(
        (m) => m.mode === row.baselineMode && m.workload === row.workload,
      )?.summary;
      if (!baseline) continue;
      expect(grid.baselineMean(row.workload)).toBe(formatMs(baseline.meanMs));
      const cell = grid.cell(row.mode, row.workload);
      if (baseline.meanMs < 10) expect(cell, `${row.mode} ${row.workload}`).toBe(intervalText(row.differenceMs, 'ms'));
      else if (row.percent)
        expect(cell, `${row.mode} ${row.workload}`).toBe(overheadCellText({ ...row, percent: row.percent }));
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

  it("prints the outcome -> config mapping of the policy, this run's outcome marked, each outcome once", () => {
    const rows = tableAfter(
      section(rendered.report, '### What each outcome does to the configuration'),
      '| Outcome |',
    ).slice(2);
    const outcomes = rows.flatMap((row) => row[0]!.split(', '));
    const mapping = storedPolicy(results, source.file)!.policy.outcomeConfig;
    expect(outcomes).toContain(`**\`${results.decision!.outcome}\`**`);
    expect(outcomes.filter((cell) => cell.startsWith('**'))).toHaveLength(1);
    expect(outcomes.map((cell) => cell.replace(/\*/g, '')).sort()).toEqual(
      Object.keys(mapping)
        .map((outcome) => `\`${outcome}\``)
        .sort(),
    );
    for (const row of rows) {
      const setting = mapping[row[0]!.replace(/[*`]/g, '').split(', ')[0] as keyof typeof mapping].sandboxEnabled;
      expect(row[1], row.join(' | ')).toBe(
        setting === 'keep' ? "keep the user's value" : `\`sandbox.enabled: ${setting}\``,
      );
    }
  });

  it('moves the detail to evidence.md and links it: the decision inputs, the effective configuration, the metrics', () => {
    expect(rendered.report).toContain('(evidence.md#decision-inputs)');
    expect(rendered.report).toContain('(evidence.md#effective-configuration)');
    expect(rendered.report).toContain('(evidence.md#metrics)');
    const inputs = section(rendered.evidence, '## Decision inputs');
    for (const input of results.decision!.inputs) expect(inputs).toContain(`| \`${input.source}\` |`);
    const config = section(rendered.evidence, '## Effective sandbox configuration');
    expect(config).toContain(`| \`docker.runtime\` | ${results.config.docker.runtime} |`);
    expect(section(rendered.evidence, '## Metrics the wrapper exports')).toContain('`sandbox_fallback_count`');
  });
});

describe('a fresh run leaves room under the 40 KB', () => {
  it(`renders the ce9824e run in at most ${FRESH_RUN_MAX_BYTES} bytes (90% of ${MAX_REPORT_BYTES})`, async () => {
    const source = REPORT_SOURCES[1];
    const report = renderStored(await source.read(source.file), source.file).report;
    expect(Buffer.byteLength(report)).toBeLessThanOrEqual(FRESH_RUN_MAX_BYTES);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
