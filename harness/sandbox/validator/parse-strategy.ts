import { parse } from '@babel/parser';
import type { File } from '@babel/types';
import type { Violation } from '../execution-result.ts';

export type ParseOutcome = { ok: true; ast: File } | { ok: false; violation: Violation };

/** Parser errors that have a rule of their own, because they are forbidden constructs rather than typos. */
const REASON_RULES: Readonly<Record<string, { rule: string; message: string }>> = {
  StrictWith: {
    rule: 'syntax/with',
    message:
      '`with` statement: it makes name resolution depend on an object at run time (a classic way to reach hidden globals), and it is invalid in a module',
  },
  DuplicateDefaultExport: {
    rule: 'shape/multiple-default-exports',
    message: 'more than one default export: a strategy has exactly one default-exported function',
  },
};

interface BabelSyntaxError extends SyntaxError {
  reasonCode?: string;
  loc?: { line: number; column: number };
}

/**
 * Parses a strategy as an ES module (strict mode, no recovery: a module the engine would
 * refuse is refused here too). A syntax error becomes a violation at the parser's position.
 */
export function parseStrategy(source: string): ParseOutcome {
  try {
    return { ok: true, ast: parse(source, { sourceType: 'module', errorRecovery: false, ranges: false }) };
  } catch (error) {
    const syntaxError = error as BabelSyntaxError;
    if (!(error instanceof SyntaxError) || !syntaxError.loc) throw error;
    const mapped = syntaxError.reasonCode ? REASON_RULES[syntaxError.reasonCode] : undefined;
    const parserMessage = syntaxError.message.replace(/\s*\(\d+:\d+\)$/, '');
    return {
      ok: false,
      violation: {
        rule: mapped?.rule ?? 'syntax/parse-error',
        message: mapped?.message ?? `not a valid ES module: ${parserMessage}`,
        line: syntaxError.loc.line,
        column: syntaxError.loc.column + 1,
      },
    };
  }
}
