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

/** The committed example run: a real run, with runsc claims that are not upheld and a 2 ms baseline. */
const EXAMPLE = fileURLToPath(new URL('../../reports/example/results.json', import.meta.url));
/** What a reviewer reads in five minutes (issue 14). */
const MAX_REPORT_BYTES = 40 * 1024;
const MAX_LINE_CHARS = 400;

let results: Results;
let rendered: RenderedOutputs;
beforeAll(async () => {
  results = await readResults(EXAMPLE);
  rendered = renderAll(results, storedPolicy(results, EXAMPLE)!, results.configSource!.text, { configFile: results.configSource!.file });
});

/** Lines outside fenced blocks (the embedded configuration is the user's file, kept as it is). */
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
    expect(summary).toContain('**Decision: Document only** (`document-only`).');
    expect(summary).toContain('`sandbox.enabled: false` (was true)');
    expect(summary).toContain('without the container (layer 2) and without seccomp or gVisor (layer 3)');
    const row = results.perf!.overheads.find((o) => o.mode === 'docker-pool' && o.workload === 'universe-1s')!;
    expect(summary).toContain(`${intervalText(row.differenceMs, 'ms')} per execution, ${intervalText(row.percent!, '%')} (95% intervals; means of 5 and 5 executions`);
    expect(summary).toContain('`cpu_count: 0.5`');
    expect(summary).toContain('Fixed cost:');
  });

  it('has one row per claim and runtime, with its state, linked to its evidence', () => {
    const security = section(rendered.report, '## Security layers and attack scenarios');
    for (const claim of results.claims) {
      const { state } = stateOf(claim);
      const stateCell = state === 'upheld' ? 'upheld' : `**${state}**`;
      const row = `| [\`${claim.id}\`](evidence.md#${claimAnchor(claim)}) | ${claim.layer} | ${claim.runtime} | ${stateCell} |`;
      expect(security, `${claim.id} on ${claim.runtime}`).toContain(row);
      expect(rendered.evidence).toContain(`<a id="${claimAnchor(claim)}"></a>`);
    }
    // Claims recorded before states existed: a blocked control reads as unmeasurable, not refuted.
    expect(security).toContain('| [`network-none`](evidence.md#network-none-runsc) | 2 | runsc | **unmeasurable** |');
  });

  it('prints every figure of results.json: latency, overhead, throughput, breakdown, soak, reliability, matrix', () => {
    const report = rendered.report;
    for (const row of results.perf!.modes) {
      const s = row.summary!;
      expect(report).toContain(`| ${row.mode} | ${row.workload} | ${s.n} | ${formatMsValue(s.meanMs)} | ${formatMsValue(s.sdMs)} | ${formatMsValue(s.p50Ms)} | ${formatMsValue(s.p95Ms)} |`);
    }
    for (const row of results.perf!.overheads) expect(report).toContain(`| ${row.mode} | ${row.workload} | ${row.baselineMode} | ${intervalText(row.differenceMs, 'ms')} |`);
    for (const row of results.perf!.throughput) expect(report).toContain(`| ${row.mode} | ${row.workload} | ${row.concurrency} | ${row.executions} | ${fixed(row.executionsPerSecond, 2)} | ${row.failures} |`);
    for (const row of results.perf!.breakdown!) expect(report).toContain(formatMsValue(row.medianMs));
    const r = results.reliability;
    expect(report).toContain(`| returned ok | ${r.executions - r.failures} | ${formatRate(r.successRate!)} |`);
    const m = results.layerMatrix!.catchRates;
    expect(report).toContain(`Catch rates: layer 1 ${formatRate(m.layer1)}, layer 1b ${formatRate(m.layer1b)}, container ${formatRate(m.container)}, all layers ${formatRate(m.all)}.`);
  });

  it('no percent on a baseline under 10 ms, pooled steps off the critical path marked, a shrinking heap said so', () => {
    const performance = section(rendered.report, '## Performance');
    expect(performance).not.toContain('37048.5%');
    expect(performance).toContain('| docker-runsc | sp500 | in-process | 1343.9 ms [1309.6, 1378.2] | ms only: baseline 3.63 ms |');
    expect(performance).toMatch(/^\| docker-pool \| trivial \| \(10\.57\) \| \(0\.574\) \| \(60\.20\) \| 3\.72 \| 31\.07 \| \(9\.54\) \|$/m);
    expect(performance).toContain('the harness heap shrank by 0.27 MiB');
    expect(performance).not.toContain('grew by -');
  });

  it('lists each risk once: the runsc claims are one item, not one per claim and again per difference', () => {
    const risks = section(rendered.report, '## Risks').split('\n').filter((line) => line.startsWith('- '));
    expect(risks.filter((line) => line.includes('runsc'))).toHaveLength(1);
    expect(new Set(risks).size).toBe(risks.length);
  });

  it('prints the outcome -> config mapping of the policy, this run\'s outcome marked', () => {
    const matrix = section(rendered.report, '### What each outcome does to the configuration');
    expect(matrix).toContain('| **`document-only`** | `sandbox.enabled: false` | every strategy runs in the local mode');
    expect(matrix).toContain('| `optional` | keep the user\'s value |');
  });
});
