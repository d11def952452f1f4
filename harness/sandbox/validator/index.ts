export { validateStrategy, RULES } from './validate-strategy.ts';
export type { ValidationReport } from './validate-strategy.ts';
export type { RuleInfo } from './rule-family.ts';
export { listCorpus } from './corpus.ts';
export type { CorpusEntry, CorpusKind } from './corpus.ts';
export { layer1CatchRates } from './layer1-catch-rates.ts';
export type { GroupCatchRate } from './layer1-catch-rates.ts';
