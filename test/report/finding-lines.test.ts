import { describe, expect, it } from 'vitest';
import type { Decision, Finding } from '../../harness/decision/decision-types.ts';
import { findingLines, gateLines } from '../../harness/report/finding-lines.ts';
import type { Results } from '../../harness/results/results-types.ts';

/** Just what finding-lines.ts reads of a run: the claims and the configured runtime. */
const results = {
  config: { docker: { runtime: 'runc' } },
  claims: ['a', 'b', 'c', 'd'].map((id) => ({ id, runtime: 'runc' })),
} as unknown as Results;

const refuted = (count: number): Finding[] =>
  results.claims.slice(0, count).map((claim, index) => ({
    id: 'claim-refuted',
    outcome: 'do-not-enable',
    source: `/claims/${index}`,
    message: `claim ${claim.id} is refuted: why ${claim.id}`,
  }));
const other: Finding = {
  id: 'phase-not-run',
  outcome: 'inconclusive',
  source: '/phases',
  message: 'the phase perf did not run',
};
const decisionOf = (findings: Finding[]) =>
  ({
    findings,
    gate: {
      passed: false,
      failedBecause: [
        ...findings.map((f) => `${f.id}: ${f.message}`),
        'the outcome do-not-enable is listed in gate.failOn',
      ],
    },
  }) as unknown as Decision;

describe('per-claim findings in the summary and the rationale', () => {
  it('up to 3 are printed in full, with why', () => {
    const lines = findingLines([other, ...refuted(3)], results);
    expect(lines.map((line) => line.message)).toEqual([
      'the phase perf did not run',
      'claim a is refuted: why a',
      'claim b is refuted: why b',
      'claim c is refuted: why c',
    ]);
    expect(gateLines(decisionOf([other, ...refuted(3)]), results)).toHaveLength(5);
  });

  it('4 or more are one line, in the place of the first, naming and linking each claim; other reasons stay as written', () => {
    const lines = findingLines([...refuted(4), other], results);
    expect(lines.map((line) => [line.id, line.grouped])).toEqual([
      ['claim-refuted', true],
      ['phase-not-run', false],
    ]);
    expect(lines[0]!.message).toBe(
      '4 claims refuted on the configured runtime runc, each a row of the claims table with its reason: [`a`](evidence.md#a-runc), [`b`](evidence.md#b-runc), [`c`](evidence.md#c-runc), [`d`](evidence.md#d-runc)',
    );
    expect(gateLines(decisionOf([...refuted(4), other]), results)).toEqual([
      `claim-refuted: ${lines[0]!.message}`,
      'phase-not-run: the phase perf did not run',
      'the outcome do-not-enable is listed in gate.failOn',
    ]);
  });
});
