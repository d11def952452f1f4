// What a Docker suite test records for the gate: harness/phases/run-phases.ts copies
// `meta.evidence` into results.json tests[], `meta.claim` into claims[] (through
// record-claim.ts) and `meta.layerMatrix` into layerMatrix. One augmentation for every suite.
import type { ClaimOutcome } from '../../harness/claims/claim.ts';
import type { LayerMatrix } from '../../harness/results/results-types.ts';

declare module 'vitest' {
  interface TaskMeta {
    evidence?: unknown;
    claim?: ClaimOutcome | ClaimOutcome[];
    layerMatrix?: LayerMatrix;
  }
}

export {};
