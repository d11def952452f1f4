import type { SandboxConfig } from '../config/sandbox-config.ts';
import type { ExecutionResult } from '../sandbox/execution-result.ts';
import { emptyResult } from '../sandbox/execution-result.ts';
import type { MarketData } from '../workload/market-data.ts';
import { runInProcess } from '../workload/run-in-process.ts';
import { runLookaheadCuts } from '../../docker/runner/lookahead.mjs';
import { planLookahead, scoreCheckedBacktest } from './score-backtest.ts';

let moduleCounter = 0;

/**
 * The whole score-integrity path (weights, look-ahead check, metrics) with the strategy run in
 * this process instead of a sandbox: the runner's own re-run code (docker/runner/lookahead.mjs)
 * and the harness's check (lookahead-check.ts), each evaluation on a freshly imported module.
 * No deadline is enforced here. Trusted strategies only (unit tests of the corpus); the phase
 * suites run the same corpus through the real engine.
 */
export async function scoreInProcess(
  code: string,
  data: MarketData,
  backtest: SandboxConfig['backtest'],
): Promise<ExecutionResult> {
  const evaluate = async (input: MarketData) => {
    try {
      // A unique trailing comment gives a fresh module, as a fresh Compartment does in the runner.
      const value = await runInProcess(`${code}\n// run ${++moduleCounter}\n`, structuredClone(input));
      return { ok: true as const, json: JSON.stringify(value) };
    } catch (error) {
      return { ok: false as const, kind: 'threw', message: `the strategy threw: ${(error as Error).message}` };
    }
  };
  const asResult = async (
    outcome: Awaited<ReturnType<typeof evaluate>>,
    durationMs: number,
  ): Promise<ExecutionResult> =>
    outcome.ok
      ? { ...emptyResult('in-process'), status: 'ok', value: JSON.parse(outcome.json), durationMs }
      : { ...emptyResult('in-process'), status: 'error', message: outcome.message, durationMs };
  const timed = async (fn: () => ReturnType<typeof evaluate>) => {
    const started = performance.now();
    const outcome = await fn();
    return asResult(outcome, performance.now() - started);
  };
  const full = await timed(() => evaluate(data));
  if (full.status !== 'ok') return full;
  return scoreCheckedBacktest(full, data, backtest, planLookahead(backtest, data), (cuts) =>
    timed(() => (cuts ? runLookaheadCuts({ input: data, lookahead: { cuts } }, evaluate) : evaluate(data))),
  );
}
