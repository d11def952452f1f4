import { readFileSync } from 'node:fs';
import type Docker from 'dockerode';
import createDebug from 'debug';
import type { SandboxConfig } from '../config/sandbox-config.ts';
import type { LayerMatrix, LayerMatrixRow, LayerOutcome } from '../results/results-types.ts';
import { monotonicClock, type Clock } from '../sandbox/docker/sandbox-container.ts';
import type { ExecutionResult } from '../sandbox/execution-result.ts';
import { listCorpus, type CorpusEntry } from '../sandbox/validator/corpus.ts';
import { validateStrategy } from '../sandbox/validator/validate-strategy.ts';
import { loadSp500, type MarketData } from '../workload/market-data.ts';
import { breachOracle, type BreachOracle } from './breach-oracle.ts';
import { catchRates } from './catch-rates.ts';
import {
  allLayersOutcome,
  containerOutcome,
  layer1bOutcome,
  layer1Outcome,
  notRunOutcome,
} from './classify-outcome.ts';
import { markerStamp, markerWritten } from './host-marker.ts';
import { LayerRunners, type ColumnRun } from './layer-runners.ts';
import { LoopbackListeners } from './loopback-listeners.ts';
import { matrixConfig, type MatrixLimits } from './matrix-config.ts';

const debug = createDebug('sandbox-gate:layers');

/**
 * Files not run in the layer 1b column, with the reason; their outcome there is "not run", which
 * is never blocked. The local mode has no limit on memory outside the V8 heap (LocalExecutor says
 * so): a 4 GiB ArrayBuffer bomb would take the shared host's memory until the timeout, which is
 * exactly the breach its header names. Not running it is the honest measurement: nothing stops it.
 */
export const NOT_RUN_IN_LAYER1B: Readonly<Record<string, string>> = Object.freeze({
  'malicious/resource-abuse/memory-bomb-arraybuffer':
    'not run on the host: the local mode has no limit on memory outside the V8 heap, so this 4 GiB ArrayBuffer bomb would exhaust the shared machine (its breach); counted as not blocked',
});

/** The most files run at once; more would disturb the timeouts and memory limits being measured. */
export const MAX_MATRIX_CONCURRENCY = 2;

export interface LayerMatrixProgress {
  id: string;
  /** Files finished so far, this one included. */
  done: number;
  total: number;
  row: LayerMatrixRow;
  durationMs: number;
}

export interface LayerMatrixOptions {
  /** The configuration users run (the shipped file); the matrix only shortens its limits. */
  config: SandboxConfig;
  /** @default DEFAULT_MATRIX_LIMITS (5 s, 256 MiB) */
  limits?: Partial<MatrixLimits>;
  /** Engine client; by default one that honours DOCKER_HOST. */
  docker?: Docker;
  /** The strategies' input. @default the S&P 500 daily series */
  data?: MarketData;
  /** @default every file of the malicious corpus */
  entries?: readonly CorpusEntry[];
  /** Files run at once, 1 or 2. @default 2 */
  concurrency?: number;
  /** The tests that produce the matrix, recorded in it for the report. */
  testIds?: string[];
  clock?: Clock;
  /** Called after each file, in completion order. */
  onProgress?: (progress: LayerMatrixProgress) => void;
}

interface MatrixContext {
  runners: LayerRunners;
  listeners: LoopbackListeners;
}

/**
 * Runs every malicious file under layer 1 alone, layer 1b alone, the container alone and all
 * layers, and classifies each outcome (harness/layers/README.md). Sequential per file, at most
 * two files at once. Every executor is closed before it returns, even on failure.
 */
export async function computeLayerMatrix(options: LayerMatrixOptions): Promise<LayerMatrix> {
  const concurrency = options.concurrency ?? MAX_MATRIX_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_MATRIX_CONCURRENCY) {
    throw new RangeError(
      `layer matrix: concurrency must be an integer from 1 to ${MAX_MATRIX_CONCURRENCY}, received ${concurrency}`,
    );
  }
  const config = matrixConfig(options.config, options.limits);
  const entries = [...(options.entries ?? listCorpus('malicious'))];
  const data = options.data ?? (await loadSp500());
  const clock = options.clock ?? monotonicClock;

  const listeners = await LoopbackListeners.start();
  const runners = new LayerRunners({ config, data, ...(options.docker ? { docker: options.docker } : {}) });
  const rows: LayerMatrixRow[] = new Array(entries.length);
  let next = 0;
  let done = 0;
  try {
    const worker = async (): Promise<void> => {
      while (next < entries.length) {
        const index = next++;
        const entry = entries[index]!;
        const started = clock();
        const row = await matrixRow(entry, { runners, listeners });
        rows[index] = row;
        done += 1;
        const durationMs = clock() - started;
        debug('Layer matrix %d/%d %s (%d ms)', done, entries.length, entry.id, Math.round(durationMs));
        options.onProgress?.({ id: entry.id, done, total: entries.length, row, durationMs });
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, entries.length) }, worker));
  } finally {
    await Promise.all([runners.close(), listeners.close()]);
  }
  const matrix: LayerMatrix = { files: rows, catchRates: catchRates(rows) };
  if (options.testIds) matrix.testIds = options.testIds;
  return matrix;
}

/** One file through the four columns, one after the other. */
async function matrixRow(entry: CorpusEntry, context: MatrixContext): Promise<LayerMatrixRow> {
  const code = readFileSync(entry.file, 'utf8');
  const oracle = breachOracle(entry);
  const layer1 = layer1Outcome(validateStrategy(code));

  const notRun = NOT_RUN_IN_LAYER1B[entry.id];
  const layer1b = notRun
    ? notRunOutcome(notRun)
    : await observed(
        context,
        oracle,
        true,
        () => context.runners.layer1b(code),
        (run, judgement) => layer1bOutcome({ group: entry.group, ...run, ...(judgement ? { judgement } : {}) }),
      );
  const container = await observed(
    context,
    oracle,
    false,
    () => context.runners.containerAlone(code),
    (run, judgement) => containerOutcome({ group: entry.group, ...run, ...(judgement ? { judgement } : {}) }),
  );
  const all = await observed(
    context,
    oracle,
    false,
    async () => ({ ran: true, result: await context.runners.allLayers(code) }),
    (run, judgement) =>
      allLayersOutcome({
        group: entry.group,
        ...run,
        ...(judgement ? { judgement } : {}),
        ...(layer1.detail ? { rules: layer1.detail } : {}),
      }),
  );
  return { id: entry.id, group: entry.group, layer1, layer1b, container, all };
}

/**
 * Runs one column with the host-side observations around it (the file's loopback listener, and
 * its host marker when the column runs on the host), and judges an `ok` with the oracle.
 */
async function observed(
  context: MatrixContext,
  oracle: BreachOracle,
  onHost: boolean,
  run: () => Promise<ColumnRun>,
  classify: (run: ColumnRun, judgement: ReturnType<BreachOracle['judge']> | undefined) => LayerOutcome,
): Promise<LayerOutcome> {
  const hitsBefore = oracle.listener ? context.listeners.hits(oracle.listener) : undefined;
  const markerBefore = onHost && oracle.hostMarker ? markerStamp(oracle.hostMarker) : undefined;
  const outcome = await run();
  const judgement =
    outcome.result.status === 'ok'
      ? oracle.judge(observation(context, oracle, outcome.result, hitsBefore, markerBefore))
      : undefined;
  return classify(outcome, judgement);
}

function observation(
  context: MatrixContext,
  oracle: BreachOracle,
  result: ExecutionResult,
  hitsBefore: number | undefined,
  markerBefore: string | undefined,
) {
  const hitsAfter = oracle.listener ? context.listeners.hits(oracle.listener) : undefined;
  return {
    result,
    ...(hitsBefore !== undefined && hitsAfter !== undefined ? { listenerHits: hitsAfter - hitsBefore } : {}),
    ...(markerBefore !== undefined && oracle.hostMarker
      ? { hostMarkerWritten: markerWritten(markerBefore, markerStamp(oracle.hostMarker)) }
      : {}),
  };
}
