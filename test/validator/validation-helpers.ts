import { validateStrategy } from '../../harness/sandbox/validator/validate-strategy.ts';

/** A valid default export, appended to snippets that test one rule in isolation. */
export const DEFAULT_EXPORT = '\nexport default () => 0;\n';

/** The findings of a source as `rule@line:column` strings, in report order. */
export function findings(source: string): string[] {
  return validateStrategy(source).violations.map((v) => `${v.rule}@${v.line}:${v.column}`);
}

/** The rule ids found in a snippet (with a default export appended). */
export function rulesIn(snippet: string): string[] {
  return validateStrategy(snippet + DEFAULT_EXPORT).violations.map((v) => v.rule);
}
