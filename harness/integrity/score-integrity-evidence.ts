/** One strategy of the score-integrity corpus on one dataset, as the integration suite saw it. */
export interface ScoreIntegrityRow {
  id: string;
  kind: 'lookahead' | 'causal';
  dataset: string;
  status: string;
  flagged: boolean;
  /** A documented blind spot: listed, never counted in a rate. */
  blindSpot?: boolean;
  message?: string;
  extraEvaluations?: number;
  extraEvaluationMs?: number;
  fullEvaluationMs?: number;
}

/** What results.json carries (tests[].evidence.scoreIntegrity) and the report's partial reads. */
export interface ScoreIntegrityEvidence {
  settings: {
    seed: number | 'random';
    cuts: number;
    perturbations: string[];
    universe: { tickers: number; days: number; seed: number };
  };
  datasets: Array<{
    dataset: string;
    lookahead: { total: number; caught: number; rate: number | null; missed: string[] };
    causal: { total: number; falselyFlagged: number; rate: number | null; flagged: string[] };
    blindSpots: Array<{ id: string; flagged: boolean }>;
    /** Medians over the causal runs (the ones that pay for every re-run). */
    medianExtraEvaluations: number | null;
    medianExtraEvaluationMs: number | null;
    medianFullEvaluationMs: number | null;
  }>;
}

/** Rates per dataset: look-ahead caught over look-ahead files, causal flagged over causal files. */
export function scoreIntegrityRates(
  rows: ScoreIntegrityRow[],
  settings: ScoreIntegrityEvidence['settings'],
): ScoreIntegrityEvidence {
  const datasets = [...new Set(rows.map((row) => row.dataset))].map((dataset) => {
    const mine = rows.filter((row) => row.dataset === dataset);
    const lookahead = mine.filter((row) => row.kind === 'lookahead' && !row.blindSpot);
    const causal = mine.filter((row) => row.kind === 'causal');
    const caught = lookahead.filter((row) => row.flagged).length;
    const falselyFlagged = causal.filter((row) => row.status !== 'ok').length;
    return {
      dataset,
      lookahead: {
        total: lookahead.length,
        caught,
        rate: lookahead.length ? caught / lookahead.length : null,
        missed: lookahead.filter((row) => !row.flagged).map((row) => row.id),
      },
      causal: {
        total: causal.length,
        falselyFlagged,
        rate: causal.length ? falselyFlagged / causal.length : null,
        flagged: causal.filter((row) => row.status !== 'ok').map((row) => row.id),
      },
      blindSpots: mine.filter((row) => row.blindSpot).map((row) => ({ id: row.id, flagged: row.flagged })),
      medianExtraEvaluations: median(causal.map((row) => row.extraEvaluations)),
      medianExtraEvaluationMs: median(causal.map((row) => row.extraEvaluationMs)),
      medianFullEvaluationMs: median(causal.map((row) => row.fullEvaluationMs)),
    };
  });
  return { settings, datasets };
}

function median(values: Array<number | undefined>): number | null {
  const sorted = values.filter((v): v is number => v !== undefined).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
