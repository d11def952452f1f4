import { describe, expect, it } from 'vitest';
import { runRunner, strategyJob } from './run-runner.ts';

// The local mode closes the runner's stdin right after the job (harness/sandbox/local/).
describe('runner: stdin closed after a whole job', () => {
  it('a job that yields to the event loop after stdin closed still gets its own result, not a bad-job frame', () => {
    // Control and probe: the same audit strategy, synchronous and then awaiting a timer.
    const sync = 'export default function f() { return 5; }\n';
    const timer = 'export default async function f() { await new Promise((r) => setTimeout(r, 20)); return 5; }\n';
    expect(runRunner([], ['--audit-no-compartment'], strategyJob(sync))).toMatchObject({ ok: true, value: 5 });
    expect(runRunner([], ['--audit-no-compartment'], strategyJob(timer))).toMatchObject({ ok: true, value: 5 });
  });
});
