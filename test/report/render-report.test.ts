import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../harness/decision/load-policy.ts';
import { quoteNumber } from '../../harness/decision/quote-number.ts';
import { fixed, formatMsValue } from '../../harness/report/format-number.ts';
import { renderAll } from '../../harness/report/render-report.ts';
import type { Results } from '../../harness/results/results-types.ts';
import {
  defaultPolicy,
  refute,
  sampleResults,
  setPolicyOverhead,
  unmeasurable,
  withRunsc,
} from '../decision/support.ts';
import { cells, decimalsOf, numbersIn, section, tableAfter, tables, without } from './markdown.ts';

const policy = defaultPolicy();
const render = (results: Results = sampleResults()) => renderAll(results, policy, results.configSource!.text);

const SECTIONS = [
  'Summary',
  'Decision matrix',
  'Test results by phase',
  'Performance',
  'Reliability',
  'Security layers and attack scenarios',
  'Score integrity',
  'Risks',
  'Rationale',
  'Recommended configuration',
  'Monitoring and alerting',
  'Success criteria',
  'Conclusion',
  'Run and environment',
];

/** The overhead grid under `### Overhead`: a row per mode, a column per workload, the baseline's means first. */
function overheadGrid(performance: string) {
  const [header, , baseline, ...rows] = tableAfter(performance, '### Overhead');
  const column = (workload: string) => {
    const index = header!.indexOf(workload);
    if (index < 1) throw new Error(`no column ${workload} in ${header!.join(' | ')}`);
    return index;
  };
  return {
    baselineMean: (workload: string) => baseline![column(workload)],
    cell: (mode: string, workload: string) => rows.find((row) => row[0] === mode)?.[column(workload)],
  };
}

/** A printed number matches a value when it is that value rounded to the printed decimals. */
function printedAs(text: string, value: number): boolean {
  return Math.abs(Number(text) - value) <= 0.5 * 10 ** -decimalsOf(text) + 1e-9;
}

describe('rendering is a pure function of results.json and the policy', () => {
  it('renders the fixture twice to identical bytes, also after a JSON round trip', () => {
    const first = render();
    const second = render();
    expect(second.report).toBe(first.report);
    expect(second.config).toBe(first.config);
    const reread = render(JSON.parse(JSON.stringify(sampleResults())) as Results);
    expect(reread.report).toBe(first.report);
  });

  it('has the sections of the reference report, in order, and nothing undefined', () => {
    const { report } = render();
    const headings = report
      .split('\n')
      .filter((line) => line.startsWith('## '))
      .map((line) => line.slice(3));
    expect(headings).toEqual(SECTIONS);
    expect(report).not.toMatch(/undefined|NaN|\[object Object\]|Infinity/);
  });

  it('every table row has as many cells as its header, in the report and in evidence.md', () => {
    const { report, evidence } = render();
    // Not the claims part: raw observations may quote `undefined` (typeof process under SES).
    expect(section(evidence, '## Performance, every figure')).not.toMatch(/undefined|NaN|\[object Object\]|Infinity/);
    for (const table of [...tables(report), ...tables(evidence)]) {
      const width = cells(table[0]!).length;
      for (const row of table) expect(cells(row), row).toHaveLength(width);
    }
  });
});

describe('performance figures come from the fixture', () => {
  const results = sampleResults();
  const { report, evidence } = render(results);
  const performance = without(section(report, '## Performance'), '### Projections (computed, not measured)');
  /** Every figure the report leaves out is in evidence.md, rendered by the same partials. */
  const everyFigure = section(evidence, '## Performance, every figure');

  it('every number of the latency table is the fixture summary of that mode and workload', () => {
    const rows = tableAfter(everyFigure, '### Latency by mode and workload');
    expect(rows[0]).toEqual(['Mode', 'Workload', 'n', 'Mean', 'SD', 'p50', 'p95', 'p99', 'Min', 'Max', 'Failures']);
    const body = rows.slice(2);
    expect(body).toHaveLength(results.perf!.modes.length);
    for (const [mode, workload, n, ...numbers] of body) {
      const record = results.perf!.modes.find((row) => row.mode === mode && row.workload === workload)!;
      const s = record.summary!;
      expect(Number(n)).toBe(s.n);
      const expected = [s.meanMs, s.sdMs, s.p50Ms, s.p95Ms, s.p99Ms, s.minMs, s.maxMs, record.failures];
      numbers.forEach((text, i) =>
        expect(printedAs(text, expected[i]!), `${mode} ${workload} column ${i}: ${text} vs ${expected[i]}`).toBe(true),
      );
    }
  });

  it('a few cells, by regex: the policy row of docker-pool on sp500', () => {
    const s = results.perf!.modes.find((row) => row.mode === 'docker-pool' && row.workload === 'sp500')!.summary!;
    const row = new RegExp(
      // The report's latency table is sp500's (the workload the policy reads): no workload column.
      `^\\| docker-pool \\| 20 \\| ${formatMsValue(s.meanMs)} \\| ${formatMsValue(s.sdMs)} \\| ${formatMsValue(s.p50Ms)} \\| ${formatMsValue(s.p95Ms)} \\|`,
      'm',
    );
    expect(performance).toMatch(row);
    const o = results.perf!.overheads[5]!;
    expect([o.mode, o.workload, o.baselineMode]).toEqual(['docker-pool', 'sp500', 'in-process']);
    expect(overheadGrid(performance).cell('docker-pool', 'sp500')).toBe(
      `${fixed(o.differenceMs.estimate, 1)} ms [${fixed(o.differenceMs.low, 1)}, ${fixed(o.differenceMs.high, 1)}], ${fixed(o.percent!.estimate, 1)}% [${fixed(o.percent!.low, 1)}, ${fixed(o.percent!.high, 1)}]`,
    );
  });

  it('every number in every performance table is a number of the fixture, rounded as printed', () => {
    const known = numbersIn(results.perf);
    let checked = 0;
    for (const table of [...tables(performance), ...tables(everyFigure)]) {
      for (const row of table.slice(2)) {
        for (const cell of cells(row).slice(2)) {
          for (const text of cell.match(/-?\d+(?:\.\d+)?/g) ?? []) {
            checked += 1;
            expect(
              known.some((value) => printedAs(text, value)),
              `${text} in ${row}`,
            ).toBe(true);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('percent overhead only where the baseline mean is at least 10 ms; milliseconds elsewhere', () => {
    const grid = overheadGrid(performance);
    expect(results.perf!.overheads.length).toBeGreaterThan(0);
    for (const row of results.perf!.overheads) {
      const baselineMs = results.perf!.modes.find(
        (mode) => mode.mode === row.baselineMode && mode.workload === row.workload,
      )!.summary!.meanMs;
      expect(grid.baselineMean(row.workload), row.workload).toBe(`${formatMsValue(baselineMs)} ms`);
      const cell = grid.cell(row.mode, row.workload);
      expect(cell, `${row.mode} ${row.workload}`).toMatch(/^-?\d+(\.\d+)? ms \[/);
      if (baselineMs < 10) expect(cell, `${row.mode} ${row.workload}`).not.toContain('%');
      else expect(cell, `${row.mode} ${row.workload}`).toMatch(/ ms \[[^\]]*\], -?\d+\.\d% \[/);
    }
    // A baseline under 10 ms in the fixture: the percent stored for it is never printed.
    const small = results.perf!.overheads.find((row) => row.workload === 'trivial' && row.percent);
    if (small) expect(performance).not.toContain(`${fixed(small.percent!.estimate, 1)}%`);
  });

  it('the latency chart is a Mermaid xychart per workload in evidence.md, with the fixture p50', () => {
    const charts = [...everyFigure.matchAll(/```mermaid\nxychart-beta\n([\s\S]*?)```/g)].map((match) => match[1]!);
    expect(charts).toHaveLength(3);
    const p50 = results
      .perf!.modes.filter((row) => row.workload === 'sp500')
      .map((row) => quoteNumber(row.summary!.p50Ms));
    expect(charts[1]).toContain(`bar [${p50.join(', ')}]`);
  });

  it('the report prints the latency and the chart of the workload the policy reads only, and links evidence.md for the rest', () => {
    const workload = render(results).decision.overhead.workload;
    const rows = tableAfter(performance, `### Latency on \`${workload}\`, the workload the policy reads`).slice(2);
    const modes = results.perf!.modes.filter((row) => row.workload === workload);
    expect(rows.map((row) => [row[0], Number(row[1])])).toEqual(modes.map((row) => [row.mode, row.summary!.n]));
    const charts = [...performance.matchAll(/title "Latency on (\S+) in ms/g)].map((match) => match[1]);
    expect(charts).toEqual([workload]);
    expect(performance).toContain('(evidence.md#performance-every-figure)');
    expect(evidence).toContain('<a id="performance-every-figure"></a>');
  });
});

describe('tests are counted as tests', () => {
  it('the totals are the fixture tests, never tests plus benchmark iterations', () => {
    const results = sampleResults();
    const { report } = render(results);
    const total = results.phases.reduce((sum, phase) => sum + phase.tests.length, 0);
    expect(total).toBe(60);
    expect(section(report, '## Test results by phase')).toContain('| **all** | **60** | **59** | **0** | **1** |');
    expect(section(report, '## Summary')).toContain('- Tests: 60 tests in 6 phases: 59 passed, 0 failed, 1 skipped.');
    expect(report).not.toContain(`${total + results.perf!.iterations} tests`);
  });
});

describe('projections stay in their own labelled subsection', () => {
  it('no projected number appears outside the projections subsection', () => {
    const results = sampleResults();
    const { report, config } = render(results);
    const projections = section(report, '### Projections (computed, not measured)');
    // sha256 digests (of the policy) are not numbers: a digest may contain the digits by chance.
    const rest = without(report, '### Projections (computed, not measured)').replace(/\b[0-9a-f]{64}\b/g, '<sha256>');
    const projection = results.projections![0]!;
    const spellings = [
      formatMsValue(projection.value),
      quoteNumber(projection.value),
      quoteNumber(projection.value, 6),
      fixed(projection.value, 0),
      fixed(projection.value / 1000, 2),
    ];
    expect(projections).toContain(`${formatMsValue(projection.value)} ms`);
    expect(projections).toContain('Nothing in this subsection was measured.');
    for (const text of spellings) {
      expect(rest, text).not.toContain(text);
      expect(config.replace(/\b[0-9a-f]{64}\b/g, '<sha256>'), text).not.toContain(text);
    }
  });

  it('an input without a source is printed as an assumption', () => {
    const results = sampleResults();
    delete results.projections![0]!.inputs[0]!.unit;
    const projections = section(render(results).report, '### Projections (computed, not measured)');
    expect(projections).toContain('from strategies per evolution run = 20 (assumed), differenceMs.estimate = ');
    expect(projections).toContain('(measured, `/perf/overheads/5/differenceMs/estimate`)');
  });

  it('without projections there is no projections subsection', () => {
    const results = sampleResults();
    delete results.projections;
    expect(render(results).report).not.toContain('### Projections');
  });
});

describe('what the report says when something fails or is missing', () => {
  it('names a refuted claim and why, in the summary, the security section and the risks', () => {
    const results = setPolicyOverhead(sampleResults(), 20, 25, 30);
    const claim = results.claims.find((c) => c.id === 'seccomp-denies-ptrace')!;
    refute(claim, {
      passed: false,
      expected: 'ptrace(PTRACE_TRACEME) fails with EPERM',
      observed: { result: 0, seccompMode: 0 },
    });
    const { report, config } = render(results);
    expect(section(report, '## Summary')).toContain('**Decision: Do not enable** (`do-not-enable`). **Gate: failed.**');
    expect(section(report, '## Summary')).toContain(
      '- claim-refuted: claim seccomp-denies-ptrace (layer 3, runtime runc) is refuted: the probe got through (probe: expected ptrace(PTRACE_TRACEME) fails with EPERM; observed {"result":0,"seccompMode":0})',
    );
    const security = section(report, '## Security layers and attack scenarios');
    expect(security).toContain('| layer 3: seccomp / runtime | 18 of 19 upheld, **1 refuted** |');
    expect(security).toContain(
      '| [`seccomp-denies-ptrace`](evidence.md#seccomp-denies-ptrace-runc) | 3 | runc | **refuted** | ptrace(PTRACE_TRACEME) fails with EPERM; seccomp_profile: unconfined | probe got through: result 0; seccompMode 0 |',
    );
    expect(section(report, '## Risks')).toContain(
      '- On runc (configured), 1 of 34 claims are not upheld; refuted: `seccomp-denies-ptrace` (each under Security).',
    );
    expect(config).toMatch(/^ {2}enabled: false {16}# route executions to Docker/m);
    // The decision matrix names the requirement not met and counts the others.
    const met = render(setPolicyOverhead(sampleResults(), 20, 25, 30)).decision.requirements.length - 1;
    expect(section(report, '## Decision matrix')).toContain(
      `Requirements: \`requirements.allClaimsUpheld\` **not met**; the other ${met} met;`,
    );
  });

  it("prints an unmeasurable claim the policy accepts, with the policy's reason, in the success criteria", () => {
    const accepting = parsePolicy(
      defaultPolicy().text.replace(
        '  acceptedUnmeasurable: []',
        '  acceptedUnmeasurable:\n    - claim: no-new-privileges\n      runtime: runc\n      reason: the runner sets the flag itself before any strategy code runs',
      ),
      'accepting.yaml',
    );
    const results = setPolicyOverhead(sampleResults(), 20, 25, 30);
    unmeasurable(
      results.claims.find((c) => c.id === 'no-new-privileges')!,
      'no NoNewPrivs line in /proc',
    );
    const { report, decision } = renderAll(results, accepting, results.configSource!.text);
    expect(decision.outcome).toBe('enable-by-default');
    expect(section(report, '## Success criteria')).toContain(
      'unmeasurable, accepted by the policy: no-new-privileges (the runner sets the flag itself before any strategy code runs)',
    );
    expect(section(report, '## Security layers and attack scenarios')).toMatch(
      /\| \[`no-new-privileges`\]\(evidence\.md#no-new-privileges-runc\) \| 2 \| runc \| \*\*unmeasurable\*\* \| .* \| control could not be made: no NoNewPrivs line in \/proc \|/,
    );
  });

  it('counts claims per runtime, never added across runtimes, and the rule names the runtime it read (issue 11, finding 6)', () => {
    const results = withRunsc(setPolicyOverhead(sampleResults(), 20, 25, 30));
    const onRunsc = results.claims.filter((c) => c.runtime === 'runsc' && c.layer === '3');
    // As on the engine the issue was found on: most seccomp claims fail on runsc.
    for (const claim of onRunsc.slice(4)) refute(claim, { ...claim.probe, passed: false });
    unmeasurable(
      results.claims.find((c) => c.runtime === 'runsc' && c.id === 'no-new-privileges')!,
      'gVisor has no NoNewPrivs line in /proc',
    );
    const { report, decision } = render(results);
    expect(decision.outcome).toBe('enable-by-default');
    expect(decision.rule).toContain(
      'every claim upheld on the configured runtime runc (34 of 34) (other runtimes reported per runtime, not gated: runsc 18 of 34 upheld)',
    );
    expect(section(report, '## Summary')).toContain(
      'runc (configured): 34 of 34 upheld; runsc (reported, not gated): 18 of 34 upheld, 15 refuted, 1 unmeasurable',
    );
    const security = section(report, '## Security layers and attack scenarios');
    // A column per runtime, never added together.
    expect(security).toContain('| Layer | runc (configured) | runsc (reported, not gated) |');
    expect(security).toContain('| layer 3: seccomp / runtime | 19 of 19 upheld | 4 of 19 upheld, **15 refuted** |');
    expect(section(report, '### Claims by layer')).not.toMatch(/\b(38|66)\b/);
  });

  it('says "not measured in this run" instead of inventing perf, layer matrix or reliability figures', () => {
    const results = sampleResults();
    delete results.perf;
    delete results.layerMatrix;
    delete results.projections;
    results.phases = results.phases.filter((phase) => phase.name !== 'perf');
    results.reliability = {
      executions: 0,
      failures: 0,
      successes: 0,
      fallbacks: 0,
      fallbackRate: null,
      successRate: null,
      leakedContainers: 0,
      byStatus: {},
    };
    const { report, decision } = render(results);
    expect(decision.outcome).toBe('inconclusive');
    expect(section(report, '## Performance')).toContain('Not measured in this run: the perf phase did not run');
    expect(section(report, '## Reliability')).toContain('Not measured in this run: no execution was counted.');
    expect(section(report, '### Attack scenarios')).toContain('Not measured in this run.');
    expect(section(report, '## Decision matrix')).toContain('on `sp500`: not measured in this run.');
    expect(section(report, '## Monitoring and alerting')).toContain(
      'threshold not measured in this run: no samples of docker-pool on sp500; the rule is left out of `alerts.yml`.',
    );
    expect(section(report, '## Test results by phase')).toContain('Required by the policy but not run: perf.');
    expect(section(report, '## Success criteria')).toContain('| not measured in this run | not measured in this run |');
    expect(report).not.toMatch(/undefined|NaN|\[object Object\]/);
    expect(section(report, '## Conclusion')).toContain('This run cannot decide; the configuration is left as it was.');
  });

  it('an inconclusive straddle says to rerun and leaves sandbox.enabled as it was', () => {
    const { report, config } = render(setPolicyOverhead(sampleResults(), 45, 48, 55));
    expect(section(report, '## Summary')).toContain('**Decision: Inconclusive**');
    expect(report).toContain('rerun with more iterations');
    expect(config).toMatch(/^ {2}enabled: true {17}# route executions to Docker/m);
    expect(config).toContain('# sandbox.enabled left as it was (true): the decision inconclusive does not change it');
  });
});

describe('the summary in plain words', () => {
  it('explains the overhead by compute, the CPU quota (only when cpu_count < 1) and the fixed cost', () => {
    const results = sampleResults();
    const quota = section(render(results).report, '## Summary');
    expect(quota).toContain('**Why the overhead is what it is:**');
    expect(quota).toContain('- Fixed cost: one `docker-pool` execution of the `trivial` call costs');
    // Equal CPU: the measured containers had the host's cores, so no quota is in the overhead;
    // the configured quota is quoted as measured apart, never as arithmetic on the overhead.
    expect(results.perf!.cpu!.comparison).toBe('equal-cpu');
    expect(quota).toContain('- CPU quota: none in this comparison: the containers ran at `cpu_count: 2`');
    expect(quota).toContain(
      `is measured apart: cpu_count 0.5: CPU-bound work takes ${results.perf!.cpuQuota!.factor.estimate.toFixed(2)}x`,
    );
    expect(quota).not.toContain('the container may use');
    // Containers measured at the configured quota: the arithmetic on the measured mean.
    results.perf!.cpu = { ...results.perf!.cpu!, comparison: 'configured-quota', containerCpuCount: 0.5 };
    const throttled = section(render(results).report, '## Summary');
    expect(throttled).toMatch(/- CPU quota: the container may use `cpu_count: 0\.5` of a core/);
    // The policy gates on equal CPU: a run measured at the quota is not its figure.
    expect(throttled).toContain('not measured in this run at the equal-cpu comparison it gates on');
    results.perf!.cpu = { ...results.perf!.cpu!, comparison: 'equal-cpu', containerCpuCount: 2, configuredCpuCount: 1 };
    results.config.docker.cpuCount = 1;
    const whole = section(render(results).report, '## Summary');
    expect(whole).not.toContain('CPU quota');
    expect(whole).toContain('- Compute: the strategy itself takes');
  });

  it('says what the decision does to sandbox.enabled and what that leaves out, for each outcome', () => {
    const off = section(render(setPolicyOverhead(sampleResults(), 150, 160, 170)).report, '## Summary');
    expect(off).toContain('**What it does to the configuration:** `sandbox.enabled: false` (was true)');
    expect(off).toContain('**Security consequence:** every strategy runs in the local mode');
    expect(off).toContain('The local mode, where `sandbox.enabled: false` sends every strategy, costs');
    const on = section(render(setPolicyOverhead(sampleResults(), 10, 20, 30)).report, '## Summary');
    expect(on).toContain('`sandbox.enabled: true` (unchanged)');
    expect(on).toContain('**Security consequence:** every strategy runs in a hardened Docker container');
    expect(on).not.toContain('The local mode, where');
  });
});

describe('no prose line over 400 characters, whatever the run', () => {
  const long = (report: string) => report.split('\n').filter((line) => line.length > 400 && !line.startsWith('|'));

  it('a failing, unmeasured and straddling run: long rules and reasons are wrapped, not cut', () => {
    const failing = setPolicyOverhead(sampleResults(), 20, 25, 30);
    const claim = failing.claims.find((c) => c.id === 'seccomp-denies-ptrace')!;
    claim.probe = {
      passed: false,
      expected: 'ptrace(PTRACE_TRACEME) fails with EPERM',
      observed: { result: 0, seccompMode: 0, detail: 'x '.repeat(400) },
    };
    claim.upheld = false;
    const unmeasured = sampleResults();
    delete unmeasured.perf;
    unmeasured.phases = unmeasured.phases.filter((phase) => phase.name !== 'perf');
    for (const results of [failing, unmeasured, setPolicyOverhead(sampleResults(), 45, 48, 55)]) {
      const { report, decision } = render(results);
      expect(long(report)).toEqual([]);
      // Wrapping keeps every word: the whole rule is there once the lines are joined.
      expect(report.replace(/\n\s*/g, ' ')).toContain(decision.rule.replace(/\s+/g, ' '));
    }
  });
});
