import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BenchModeName } from '../bench/bench-modes.ts';
import { formatBenchReport } from '../bench/format-bench-report.ts';
import { LOOKAHEAD_CHECK_MODE } from '../bench/lookahead-check-cost.ts';
import { DEFAULT_MIN_ITERATIONS, parseList } from '../bench/bench-options.ts';
import { runBench } from '../bench/run-bench.ts';
import { loadConfig } from '../config/load-config.ts';
import { UsageError } from '../errors.ts';
import type { WorkloadName } from '../workload/workloads.ts';
import { requireEngineFor } from './preflight.ts';
import { createProgress } from './progress.ts';

export const BENCH_FILE_NAME = 'bench.json';

export interface BenchCommandOptions {
  config: string;
  /** Comma-separated modes. @default every mode */
  modes?: string;
  /** Comma-separated workloads. @default every workload */
  workloads?: string;
  iterations: number;
  /** Comma-separated concurrency levels. @default '1,2,4,8' */
  concurrency?: string;
  /** Soak executions; 0 skips it. @default 1000 when docker-pool is measured */
  soak?: number;
  json: boolean;
  /** Also write the JSON report to `bench.json` in this folder (a folder, as `run --out`). */
  out?: string;
}

/**
 * `sandbox-gate bench`: the measurements alone. Prints the report (one JSON document with
 * --json), optionally writes it to --out/bench.json, and exits 0; progress goes to stderr.
 */
export async function benchCommand(options: BenchCommandOptions): Promise<number> {
  const config = await loadConfig(options.config);
  const concurrency = parseList(options.concurrency)?.map((text) => {
    const level = Number(text);
    if (!Number.isInteger(level))
      throw new UsageError(
        `--concurrency: expected comma-separated integers such as 1,2,4,8, received ${JSON.stringify(options.concurrency)}`,
      );
    return level;
  });
  if (
    (parseList(options.modes) ?? ['docker']).some((mode) => mode.startsWith('docker') || mode === LOOKAHEAD_CHECK_MODE)
  )
    await requireEngineFor('sandbox-gate bench');
  // lookahead-check is a row of its own (two wrappers compared), not a latency mode: on by default.
  const requested = parseList(options.modes);
  const lookaheadCheck = requested === undefined || requested.includes(LOOKAHEAD_CHECK_MODE);
  const soak = options.soak === undefined ? undefined : Number(options.soak);
  // The folder is made before measuring, so a wrong --out fails in a second, not after the run.
  const outFile = options.out ? await prepareOut(options.out) : undefined;
  const progress = createProgress();
  const report = await runBench(
    config.sandbox,
    {
      modes: requested?.filter((mode) => mode !== LOOKAHEAD_CHECK_MODE) as BenchModeName[] | undefined,
      lookaheadCheck: lookaheadCheck
        ? { iterations: Math.min(DEFAULT_MIN_ITERATIONS, Number(options.iterations)) }
        : undefined,
      workloads: parseList(options.workloads) as WorkloadName[] | undefined,
      iterations: Number(options.iterations),
      concurrency,
      soak,
      onProgress: progress,
    },
    { configFile: config.file },
  );
  progress.done('measured');
  const json = `${JSON.stringify(report)}\n`;
  if (outFile) {
    await writeFile(outFile, json);
    process.stderr.write(`bench: wrote ${outFile}\n`);
  }
  process.stdout.write(options.json ? json : `${formatBenchReport(report)}\n`);
  return 0;
}

async function prepareOut(dir: string): Promise<string> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new UsageError(
      `bench: --out ${dir} must be a folder (bench.json is written into it): ${(error as NodeJS.ErrnoException).code ?? error}`,
      { cause: error },
    );
  }
  return path.resolve(dir, BENCH_FILE_NAME);
}
