import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CPU_COUNT_PATH, setTrailingComment } from '../../harness/report/render-config.ts';
import { renderAll } from '../../harness/report/render-report.ts';
import { defaultPolicy, sampleResults } from '../decision/support.ts';

const CONFIG = readFileSync(new URL('../../config/learning_system.yaml', import.meta.url), 'utf8');

describe("the rendered config states the quota's measured effect on cpu_count (issue 12)", () => {
  it('puts the measured factor on the cpu_count line and nowhere else', () => {
    const { config } = renderAll(sampleResults(), defaultPolicy(), CONFIG);
    const line = config.split('\n').find((candidate) => /^\s+cpu_count:/.test(candidate))!;
    expect(line).toBe(
      '    cpu_count: 0.5  # measured: cpu_count 0.5: CPU-bound work takes 2.02x [1.95x, 2.09x] (docker-pool on universe-1s at the quota over equal CPU, 95% interval)',
    );
    expect(parseDocument(config).toJS().sandbox.docker.cpu_count).toBe(0.5);
  });

  it('replaces its own comment on a second rendering instead of adding one, and keeps other comments', () => {
    const once = setTrailingComment(CONFIG, CPU_COUNT_PATH, 'first', 'c.yaml');
    const twice = setTrailingComment(once, CPU_COUNT_PATH, 'second', 'c.yaml');
    expect(twice).toBe(CONFIG.replace(/cpu_count: 0\.5\n/, 'cpu_count: 0.5  # second\n'));
    const commented = CONFIG.replace('cpu_count: 0.5', 'cpu_count: 0.5       # old words');
    expect(setTrailingComment(commented, CPU_COUNT_PATH, 'new', 'c.yaml')).toContain('cpu_count: 0.5       # new\n');
  });

  it('the report says which comparison the overheads are, beside the quota factor and the calibration', () => {
    const { report } = renderAll(sampleResults(), defaultPolicy(), CONFIG);
    const section = report.slice(report.indexOf('### How the performance was measured'));
    expect(section).toMatch(
      /\*\*CPU budget\.\*\* Equal CPU: the measured containers ran at cpu_count 2 on 2 cores.*the policy gates on equal-cpu \(overhead\.comparison\)/,
    );
    expect(section).toContain(
      "**The configured quota's own effect.** cpu_count 0.5: CPU-bound work takes 2.02x [1.95x, 2.09x]",
    );
    expect(section).toMatch(/a drift of 4\.6%, within overhead\.maxCalibrationDrift 25%/);
    expect(section).toContain('**Failures.** failed benchmark executions: 0.');
  });

  it('without a measured quota the config is left alone', () => {
    const results = sampleResults();
    delete results.perf!.cpuQuota;
    const { config } = renderAll(results, defaultPolicy(), CONFIG);
    expect(config).toContain('    cpu_count: 0.5\n');
  });
});
