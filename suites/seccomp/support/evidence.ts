// What a test records for results.json (harness/phases/run-phases.ts reads `meta.evidence`,
// and `meta.claim` for claim outcomes).

declare module 'vitest' {
  interface TaskMeta {
    evidence?: unknown;
  }
}

export { recordClaim } from '../../support/record-claim.ts';
