import { buildWorkload, type Workload, type WorkloadName } from '../workload/workloads.ts';
import { ECHO, HEAVY_MOMENTUM, SMA_CROSSOVER } from '../workload/reference-strategies.ts';

/** A named workload and the reference strategy the benchmark runs on it. */
export interface BenchWorkload extends Workload {
  /** The strategy module's source. */
  code: string;
  /** Which reference strategy `code` is, for the report. */
  strategy: 'ECHO' | 'SMA_CROSSOVER' | 'HEAVY_MOMENTUM';
}

const STRATEGIES: Record<WorkloadName, { code: string; strategy: BenchWorkload['strategy'] }> = {
  trivial: { code: ECHO, strategy: 'ECHO' },
  sp500: { code: SMA_CROSSOVER, strategy: 'SMA_CROSSOVER' },
  'universe-1s': { code: HEAVY_MOMENTUM, strategy: 'HEAVY_MOMENTUM' },
  'universe-5s': { code: HEAVY_MOMENTUM, strategy: 'HEAVY_MOMENTUM' },
};

/**
 * trivial: ECHO on `{ x: 1 }` (the fixed cost of one execution); sp500: the SMA crossover on the
 * real series; the universes: HEAVY_MOMENTUM, which they are sized for.
 */
export async function buildBenchWorkload(name: WorkloadName): Promise<BenchWorkload> {
  const workload = await buildWorkload(name);
  return { ...workload, ...STRATEGIES[name] };
}

/** What the strategy receives: the market data of a backtest, the JSON input of a call. */
export function workloadInput(workload: Workload): unknown {
  return workload.kind === 'backtest' ? workload.data : (workload.input ?? null);
}
