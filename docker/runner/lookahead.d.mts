// Types of ./lookahead.mjs for the harness's TypeScript (the image copies only .mjs and .cjs files).
import type { LookaheadCut } from '../../harness/integrity/lookahead-job.ts';
import type { MarketData } from '../../harness/workload/market-data.ts';

export const FAR_FACTOR: number;
export const FAR_TAIL_DAYS: number;
export function perturb(data: MarketData, cutDay: number, perturbation: string): MarketData;
export type EvaluationOutcome = { ok: true; json: string } | { ok: false; kind: string; message: string };
/** The outcome's json is `{ checks: RunnerCutCheck[] }`. */
export function runLookaheadCuts(
  job: { input: MarketData; lookahead: { cuts: LookaheadCut[] } },
  evaluate: (input: MarketData, quiet: boolean) => Promise<EvaluationOutcome>,
): Promise<EvaluationOutcome>;
