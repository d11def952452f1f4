import { describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_CONFIG } from '../../harness/config/default-config.ts';
import { LocalExecutor } from '../../harness/sandbox/local/local-executor.ts';
import { strategyJob } from './run-runner.ts';

// The runner imports its look-ahead check (docker/runner/lookahead.mjs, an ES module) once a
// check job has arrived; under the local mode's permission model that import must still load.
describe('runner: a look-ahead check job in the local mode', () => {
  it('imports the check after the job arrived and returns one check per cut', async () => {
    const closes = Array.from({ length: 300 }, (_, i) => 100 + Math.sin(i / 10) * 5);
    const peeks = 'export default ({ close }) => close.map((row) => row.map((p, d) => (row[d + 1] > p ? 1 : 0)));\n';
    const job = strategyJob(peeks, { dates: closes.map((_, i) => `d${i}`), tickers: ['A'], close: [closes] });
    const cuts = [
      { day: 100, perturbation: 'truncate' },
      { day: 150, perturbation: 'far-above' },
    ];
    const executor = new LocalExecutor(DEFAULT_SANDBOX_CONFIG);
    const result = await executor.execute({ ...job, lookahead: { cuts } } as typeof job);
    await executor.close();
    expect(result.status, result.message).toBe('ok');
    const checks = (result.value as { checks: Array<{ day: number; weights: number[][] }> }).checks;
    expect(checks.map((check) => check.day)).toEqual([100, 150]);
    expect(checks[0]!.weights[0]).toHaveLength(101);
  });
});
