import type { SandboxExecutionWrapper } from '../../../harness/sandbox/wrapper.ts';

type Labels = Record<string, string>;

/** Every metric of a wrapper as `name{label=value,...}` -> value, with histograms as their `_count` only. */
export async function metricSnapshot(wrapper: SandboxExecutionWrapper): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const metric of await wrapper.metrics.registry.getMetricsAsJSON()) {
    for (const value of metric.values as Array<{ labels: Labels; value: number; metricName?: string }>) {
      const name = value.metricName ?? metric.name;
      if (String(metric.type) === 'histogram' && name !== `${metric.name}_count`) continue;
      out.set(key(name, value.labels), value.value);
    }
  }
  return out;
}

function key(name: string, labels: Labels): string {
  const parts = Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`);
  return `${name}{${parts.join(',')}}`;
}

/** The series that changed between two snapshots, with their increments (0-valued series omitted). */
export function metricDelta(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [name, value] of after) {
    const change = value - (before.get(name) ?? 0);
    if (change !== 0) delta[name] = change;
  }
  return delta;
}

/** Runs `action` and returns what it did to the wrapper's metrics. */
export async function metricsMovedBy<T>(
  wrapper: SandboxExecutionWrapper,
  action: () => Promise<T>,
): Promise<{ result: T; moved: Record<string, number> }> {
  const before = await metricSnapshot(wrapper);
  const result = await action();
  return { result, moved: metricDelta(before, await metricSnapshot(wrapper)) };
}
