import type { Results } from '../results/results-types.ts';

/**
 * One engine fault the integration phase injected through the proxy in front of the real
 * engine (suites/integration/engine-faults.test.ts records it as `evidence.faultSurvived`).
 */
export interface FaultRow {
  fault: string;
  testId: string;
  /** The test's own verdict: the status, fallback, bound and leak checks all held. */
  survived: boolean;
  status: string;
  fellBack: string;
  attempts: string;
  elapsedS: string;
  boundS: string;
  containersLeft: number;
}

export interface FaultsModel {
  rows: FaultRow[];
  /** Set when no fault evidence is in the run (the integration phase did not run, or skipped). */
  missing: string;
}

interface FaultEvidence {
  fault: string;
  status: string;
  degraded: boolean;
  fallbackReason: string | null;
  attempts: number | null;
  elapsedMs: number;
  boundMs: number;
  containersLeft: number;
}

/** The "faults survived" rows of the reliability section, from the tests' recorded evidence. */
export function buildFaultsModel(results: Results): FaultsModel {
  const rows: FaultRow[] = [];
  for (const phase of results.phases) {
    for (const test of phase.tests) {
      const evidence = (test.evidence as { faultSurvived?: FaultEvidence } | undefined)?.faultSurvived;
      if (!evidence) continue;
      const reason = evidence.fallbackReason?.split(':')[0] ?? '';
      rows.push({
        fault: evidence.fault,
        testId: test.id,
        survived: test.status === 'passed',
        status: evidence.status,
        fellBack: evidence.degraded ? `yes (${reason})` : 'no',
        attempts: evidence.attempts === null ? 'none' : String(evidence.attempts),
        elapsedS: (evidence.elapsedMs / 1000).toFixed(1),
        boundS: (evidence.boundMs / 1000).toFixed(0),
        containersLeft: evidence.containersLeft,
      });
    }
  }
  return {
    rows,
    missing: rows.length
      ? ''
      : 'no engine fault was injected in this run (the integration phase did not run or its fault tests were skipped)',
  };
}
