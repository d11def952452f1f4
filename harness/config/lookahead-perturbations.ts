/** Perturbations of the data after a cut day (harness/integrity/README.md describes each). */
export const lookaheadPerturbations = ['truncate', 'far-below', 'far-above'] as const;
export type LookaheadPerturbation = (typeof lookaheadPerturbations)[number];
