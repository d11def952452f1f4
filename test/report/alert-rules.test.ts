import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderAlertRules } from '../../harness/report/alert-rules.ts';
import { renderAll } from '../../harness/report/render-report.ts';
import { SandboxMetrics } from '../../harness/sandbox/metrics.ts';
import { defaultPolicy, sampleResults } from '../decision/support.ts';

const PROMTOOL_TEST = fileURLToPath(new URL('../alerts/alerts.promtool.yml', import.meta.url));
const promtool = spawnSync('promtool', ['--version']).status === 0;

interface Rule {
  alert: string;
  expr: string;
}

function rulesOf(text: string): Rule[] {
  return (parse(text) as { groups: { rules: Rule[] }[] }).groups[0]!.rules;
}

describe('alerts.yml', () => {
  const results = sampleResults();
  const policy = defaultPolicy();
  const rendered = renderAll(results, policy, results.configSource!.text);
  const rules = rulesOf(rendered.alerts);

  it('has the fallback-rate and latency alerts with the thresholds of the policy and the run', () => {
    expect(rules.map((rule) => rule.alert)).toEqual([
      'SandboxFallbackRateHigh',
      'SandboxLatencyHigh',
      'SandboxDockerErrors',
      'SandboxContainerTimeouts',
    ]);
    expect(rules[0]!.expr).toMatch(new RegExp(`\\) > ${policy.policy.monitoring.alertFallbackRate}$`));
    const { mode, workload } = policy.policy.overhead;
    const p95Ms = results.perf!.modes.find((row) => row.mode === mode && row.workload === workload)!.summary!.p95Ms;
    const threshold = Number(((policy.policy.monitoring.latencyAlertFactor * p95Ms) / 1000).toFixed(3));
    expect(rules[1]!.expr).toBe(
      `histogram_quantile(0.95, sum by (le) (rate(sandbox_execution_time_seconds_bucket[10m]))) > ${threshold}`,
    );
  });

  it('uses only metric names the wrapper exports', async () => {
    const exported = (await new SandboxMetrics().registry.getMetricsAsJSON()).map((metric) => metric.name);
    const used = new Set(
      rules.flatMap((rule) => [...rule.expr.matchAll(/\b([a-z_]+?)(?:_bucket)?\[/g)].map((match) => match[1]!)),
    );
    expect(used.size).toBeGreaterThanOrEqual(6);
    for (const name of used) expect(exported, name).toContain(name);
  });

  it('leaves the latency alert out, and says so, when the run measured no latency', () => {
    const partial = sampleResults();
    delete partial.perf;
    const text = renderAlertRules(partial, policy, renderAll(partial, policy, partial.configSource!.text).decision);
    expect(rulesOf(text).map((rule) => rule.alert)).not.toContain('SandboxLatencyHigh');
  });

  it.skipIf(!promtool)(
    'passes `promtool check rules` and the `promtool test rules` cases (needs promtool: apt-get install prometheus)',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'sandbox-gate-alerts-'));
      try {
        writeFileSync(join(dir, 'alerts.yml'), rendered.alerts);
        copyFileSync(PROMTOOL_TEST, join(dir, 'alerts.promtool.yml'));
        execFileSync('promtool', ['check', 'rules', join(dir, 'alerts.yml')], { stdio: 'pipe' });
        execFileSync('promtool', ['test', 'rules', join(dir, 'alerts.promtool.yml')], { stdio: 'pipe' });
        // And a broken threshold is caught: with the fallback alert at 0.9, the 50% case must fail.
        writeFileSync(join(dir, 'alerts.yml'), rendered.alerts.replace(/\) > [0-9.]+\n/, ') > 0.9\n'));
        expect(spawnSync('promtool', ['test', 'rules', join(dir, 'alerts.promtool.yml')]).status).not.toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
