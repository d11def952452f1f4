import type { SandboxConfig } from '../config/sandbox-config.ts';
import type { ExecutionResult } from '../sandbox/execution-result.ts';
import { emptyResult } from '../sandbox/execution-result.ts';
import type { MarketData } from '../workload/market-data.ts';
import { runInProcess } from '../workload/run-in-process.ts';
import { runWithLookahead } from '../../docker/runner/lookahead.mjs';
import { planLookahead, scoreBacktest } from './score-backtest.ts';

let moduleCounter = 0;

/**
 * The whole score-integrity path (weights, look-ahead check, metrics) with the strategy run in
 * this process instead of a sandbox: the runner's own look-ahead code (docker/runner/lookahead.mjs)
 * drives the re-runs, each on a freshly imported module. Trusted strategies only (unit tests of
 * the corpus); the phase suites run the same corpus through the real engine.
 */
export async function scoreInProcess(code: string, data: MarketData, backtest: SandboxConfig['backtest']): Promise<ExecutionResult> {
  const lookahead = planLookahead(backtest, data);
  const evaluate = async (input: MarketData) => {
    try {
      // A unique trailing comment gives a fresh module, as a fresh Compartment does in the runner.
      const value = await runInProcess(`${code}\n// run ${++moduleCounter}\n`, structuredClone(input));
      return { ok: true as const, json: JSON.stringify(value) };
    } catch (error) {
      return { ok: false as const, kind: 'threw', message: `the strategy threw: ${(error as Error).message}` };
    }
  };
  const outcome = lookahead ? await runWithLookahead({ input: data, lookahead }, evaluate) : await evaluate(data);
  if (!outcome.ok) return { ...emptyResult('in-process'), status: 'error', message: outcome.message };
  return scoreBacktest({ ...emptyResult('in-process'), status: 'ok', value: JSON.parse(outcome.json) }, data, backtest, lookahead);
}
