import type { ScoreIntegrityEvidence } from '../integrity/score-integrity-evidence.ts';
import type { LookaheadCost } from '../integrity/measure-lookahead-cost.ts';
import type { Results } from '../results/results-types.ts';

/** The report's score-integrity section (templates/partials/score-integrity.md.hbs); every field present, as the strict templates need. */
export interface ScoreIntegrityModel {
  /** Tests whose rates this section shows; empty when none ran (the cost names its own test). */
  testIds: string[];
  settings: string | null;
  datasets: Array<{
    dataset: string;
    lookaheadTotal: number;
    caught: number;
    caughtRate: number | null;
    causalTotal: number;
    falselyFlagged: number;
    falselyFlaggedRate: number | null;
    missed: string;
    flagged: string;
    blindSpots: string;
  }>;
  cost:
    | (Pick<LookaheadCost, 'workload' | 'strategy' | 'iterations'> & {
        testId: string;
        offMeanMs: number;
        onMeanMs: number;
        overheadPct: number;
        lowPct: number;
        highPct: number;
        confidencePct: number;
        extraEvaluations: string;
        fullEvaluationMeanMs: number;
        extraEvaluationMeanMs: number;
        failures: number;
      })
    | null;
}

/** Finds the score-integrity evidence the suites recorded (tests[].evidence.scoreIntegrity / lookaheadCost). */
export function scoreIntegrityModel(results: Results): ScoreIntegrityModel {
  const tests = results.phases.flatMap((phase) => phase.tests);
  const withEvidence = <K extends string>(key: K) =>
    tests.filter((test) => typeof test.evidence === 'object' && test.evidence !== null && key in test.evidence);
  const rateTests = withEvidence('scoreIntegrity');
  const costTests = withEvidence('lookaheadCost');
  const rates = (rateTests[0]?.evidence as { scoreIntegrity?: ScoreIntegrityEvidence } | undefined)?.scoreIntegrity;
  const cost = (costTests[0]?.evidence as { lookaheadCost?: LookaheadCost } | undefined)?.lookaheadCost;
  const list = (ids: string[]) => (ids.length ? ids.map((id) => `\`${id}\``).join(', ') : 'none');
  return {
    testIds: rateTests.map((test) => test.id),
    settings: rates
      ? `${rates.settings.cuts} cut day(s) from seed ${rates.settings.seed}, each with ${rates.settings.perturbations.join(', ')}`
      : null,
    datasets: (rates?.datasets ?? []).map((d) => ({
      dataset:
        d.dataset === 'sp500'
          ? 'S&P 500 (real)'
          : `bootstrapped universe (${rates!.settings.universe.tickers} tickers x ${rates!.settings.universe.days} days)`,
      lookaheadTotal: d.lookahead.total,
      caught: d.lookahead.caught,
      caughtRate: d.lookahead.rate,
      causalTotal: d.causal.total,
      falselyFlagged: d.causal.falselyFlagged,
      falselyFlaggedRate: d.causal.rate,
      missed: list(d.lookahead.missed),
      flagged: list(d.causal.flagged),
      blindSpots: d.blindSpots.length
        ? d.blindSpots.map((b) => `\`${b.id}\` ${b.flagged ? 'flagged' : 'not flagged'}`).join(', ')
        : 'none',
    })),
    cost: cost
      ? {
          testId: costTests[0]!.id,
          workload: cost.workload,
          strategy: cost.strategy,
          iterations: cost.iterations,
          offMeanMs: cost.offMs.meanMs,
          onMeanMs: cost.onMs.meanMs,
          overheadPct: cost.overhead.overheadPct,
          lowPct: cost.overhead.lowPct,
          highPct: cost.overhead.highPct,
          confidencePct: cost.overhead.confidence * 100,
          extraEvaluations: [...new Set(cost.extraEvaluations)].join(' or ') || 'none',
          fullEvaluationMeanMs: cost.fullEvaluationMs.meanMs,
          extraEvaluationMeanMs: cost.extraEvaluationMs.meanMs,
          failures: cost.failures.length,
        }
      : null,
  };
}
