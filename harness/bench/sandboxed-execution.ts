import type { SandboxConfig } from '../config/sandbox-config.ts';
import { emptyResult, type ExecutionResult } from '../sandbox/execution-result.ts';
import type { Executor } from '../sandbox/executor.ts';
import { prepareStrategyJob } from '../sandbox/prepare-job.ts';
import { validateStrategy } from '../sandbox/validator/validate-strategy.ts';
import { computeBacktest } from '../workload/backtest.ts';
import { workloadInput, type BenchWorkload } from './bench-workload.ts';

/**
 * One sandboxed execution, step for step as SandboxExecutionWrapper.route does it for a forced
 * mode (validate, prepare the job, run it, compute the backtest outside the sandbox), minus
 * the retries, fallback and metrics, which the soak measures through the wrapper itself. The
 * benchmark calls executors directly so that it can settle the pool between iterations and run
 * the `docker run` reference through the same steps.
 */
export async function runSandboxed(
  executor: Executor,
  workload: BenchWorkload,
  config: SandboxConfig,
): Promise<ExecutionResult> {
  const report = validateStrategy(workload.code);
  if (!report.ok)
    return {
      ...emptyResult(executor.mode),
      status: 'rejected',
      violations: report.violations,
      message: 'layer 1 rejected the strategy',
    };
  const prepared = prepareStrategyJob(workload.code, workloadInput(workload), config.input.maxJobBytes, executor.mode);
  if (prepared.failure) return prepared.failure;
  const result = await executor.execute(prepared.job);
  if (workload.data && result.status === 'ok') {
    try {
      result.backtest = computeBacktest(workload.data, result.value);
    } catch (error) {
      return {
        ...result,
        status: 'error',
        message: `the strategy's weights cannot be backtested: ${(error as Error).message}`,
        backtest: undefined,
      };
    }
  }
  return result;
}
