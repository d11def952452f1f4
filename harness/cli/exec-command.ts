import { loadConfig } from '../config/load-config.ts';
import { UsageError } from '../errors.ts';
import { SandboxExecutionWrapper, type RoutingMode } from '../sandbox/wrapper.ts';
import { formatResult } from './format-result.ts';
import { requireEngineFor } from './preflight.ts';
import { createProgress } from './progress.ts';
import { readInputFile } from './read-strategy.ts';

export interface ExecCommandOptions {
  config: string;
  mode: string;
  input?: string;
  backtest: boolean;
  validate: boolean;
  json: boolean;
}

/** `sandbox-gate exec FILE`: one strategy through the wrapper; exit 0 for `ok`, 3 for `infra-error` (the engine failed), 1 for any other status. */
export async function execCommand(file: string, options: ExecCommandOptions): Promise<number> {
  if (!['auto', 'docker', 'local'].includes(options.mode))
    throw new UsageError(`--mode must be auto, docker or local, not ${JSON.stringify(options.mode)}`);
  if (options.backtest && options.input)
    throw new UsageError('--backtest and --input exclude each other: a backtest receives the market data');
  const code = await readInputFile(file, 'strategy file');
  let input: unknown = null;
  if (options.input) {
    const text = await readInputFile(options.input, 'input file');
    try {
      input = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`--input ${options.input} is not JSON: ${(error as Error).message}`, { cause: error });
    }
  }
  const config = await loadConfig(options.config);
  if (options.mode === 'docker') await requireEngineFor('sandbox-gate exec --mode docker');
  const progress = createProgress(options);
  await using sandbox = await SandboxExecutionWrapper.create(config, {
    mode: options.mode as RoutingMode,
    onProgress: progress,
  });
  const result = await sandbox.execute({
    code,
    input,
    backtest: options.backtest ? {} : undefined,
    validate: options.validate,
  });
  process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${formatResult(result)}\n`);
  // infra-error: the engine failed (forced docker mode, or fallback off), not the strategy.
  return result.status === 'ok' ? 0 : result.status === 'infra-error' ? 3 : 1;
}
