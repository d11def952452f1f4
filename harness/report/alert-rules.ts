import type { Decision } from '../decision/decision-types.ts';
import type { LoadedPolicy } from '../decision/policy-types.ts';
import type { Results } from '../results/results-types.ts';

/**
 * The window every rate is taken over, and how long a condition must hold before it fires.
 * 10 minutes spans a few scrapes at any usual interval (15-60 s) and more executions than
 * a single slow strategy, so one outlier does not page anyone.
 */
const WINDOW = '10m';
const FOR = '10m';

/** The metric names the wrapper exports (harness/sandbox/metrics.ts). */
const METRICS = {
  docker: 'docker_sandbox_executions_total',
  local: 'ast_only_executions_total',
  fallbacks: 'sandbox_fallback_count',
  seconds: 'sandbox_execution_time_seconds',
  dockerErrors: 'docker_errors_total',
  timeouts: 'container_timeout_total',
} as const;

export interface AlertThresholds {
  /** Fraction of executions that fell back (policy monitoring.alertFallbackRate). */
  fallbackRate: number;
  /** p95 latency in seconds: latencyAlertFactor x the p95 this run measured; null when not measured. */
  latencySeconds: number | null;
  /** Where the latency threshold comes from, in words. */
  latencySource: string;
}

/** The thresholds the report describes under Monitoring and alerting, from the policy and the run. */
export function alertThresholds(results: Results, policy: LoadedPolicy): AlertThresholds {
  const { mode, workload } = policy.policy.overhead;
  const factor = policy.policy.monitoring.latencyAlertFactor;
  const p95Ms = results.perf?.modes.find((row) => row.mode === mode && row.workload === workload)?.summary?.p95Ms;
  return {
    fallbackRate: policy.policy.monitoring.alertFallbackRate,
    latencySeconds: p95Ms === undefined ? null : (factor * p95Ms) / 1000,
    latencySource:
      p95Ms === undefined
        ? `not measured: no samples of ${mode} on ${workload}`
        : `policy monitoring.latencyAlertFactor ${factor} x the p95 of ${mode} on ${workload} measured in this run, ${(p95Ms / 1000).toFixed(3)} s`,
  };
}

/**
 * A Prometheus rule file (`promtool check rules` accepts it) with the alerts the report
 * describes. Pure: the same results and policy give the same bytes.
 */
export function renderAlertRules(results: Results, policy: LoadedPolicy, decision: Decision): string {
  const t = alertThresholds(results, policy);
  const rate = (metric: string) => `(sum(rate(${metric}[${WINDOW}])) or vector(0))`;
  const lines = [
    `# Prometheus alerting rules written by sandbox-gate from run ${results.runId}`,
    `# and the policy ${policy.file} (sha256 ${policy.sha256}); decision ${decision.outcome}.`,
    '# Load with rule_files: in prometheus.yml; check with `promtool check rules alerts.yml`.',
    'groups:',
    '  - name: sandbox-gate',
    '    rules:',
    `      # Threshold: policy monitoring.alertFallbackRate = ${t.fallbackRate}.`,
    '      - alert: SandboxFallbackRateHigh',
    `        expr: sum(rate(${METRICS.fallbacks}[${WINDOW}])) / (${rate(METRICS.docker)} + ${rate(METRICS.local)}) > ${t.fallbackRate}`,
    `        for: ${FOR}`,
    '        labels:',
    '          severity: warning',
    '        annotations:',
    // Annotations stay the same from run to run (promtool tests match them); thresholds are in the comments and the expressions.
    `          summary: ${yamlString('Executions fall back from Docker to the local mode (no container, no seccomp) above the policy rate.')}`,
  ];
  if (t.latencySeconds !== null) {
    const threshold = Number(t.latencySeconds.toFixed(3));
    lines.push(
      `      # Threshold: ${t.latencySource}.`,
      '      - alert: SandboxLatencyHigh',
      `        expr: histogram_quantile(0.95, sum by (le) (rate(${METRICS.seconds}_bucket[${WINDOW}]))) > ${threshold}`,
      `        for: ${FOR}`,
      '        labels:',
      '          severity: warning',
      '        annotations:',
      `          summary: ${yamlString('p95 execution time above the latency threshold measured by the gate.')}`,
    );
  }
  lines.push(
    '      - alert: SandboxDockerErrors',
    `        expr: increase(${METRICS.dockerErrors}[${WINDOW}]) > 0`,
    '        labels:',
    '          severity: warning',
    '        annotations:',
    `          summary: ${yamlString('The Docker Engine failed (unreachable, 5xx, image missing); executions were retried or fell back.')}`,
    '      - alert: SandboxContainerTimeouts',
    `        expr: increase(${METRICS.timeouts}[${WINDOW}]) > 0`,
    '        labels:',
    '          severity: info',
    '        annotations:',
    `          summary: ${yamlString('Strategies reached timeout_seconds and were killed; they are never rerun in a weaker mode.')}`,
  );
  return `${lines.join('\n')}\n`;
}

/** A double-quoted YAML scalar (a JSON string is valid YAML). */
function yamlString(text: string): string {
  return JSON.stringify(text);
}
