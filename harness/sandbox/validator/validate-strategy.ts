import type { Node } from '@babel/types';
import type { Violation } from '../execution-result.ts';
import { ambientAuthorityRules } from './ambient-authority-rules.ts';
import { walk } from './ast-walker.ts';
import { dynamicPropertyRules } from './dynamic-property-rules.ts';
import { forbiddenSyntaxRules } from './forbidden-syntax-rules.ts';
import { moduleLoadingRules } from './module-loading-rules.ts';
import { moduleShapeRules } from './module-shape-rules.ts';
import { mutationRules } from './mutation-rules.ts';
import { parseStrategy } from './parse-strategy.ts';
import { reflectionRules } from './reflection-rules.ts';
import type { NodeVisitor, RuleContext, RuleFamily, RuleInfo } from './rule-family.ts';
import { analyzeScopes } from './scope-analysis.ts';

/** The outcome of layer 1 for one strategy. */
export interface ValidationReport {
  /** True when there are no violations. */
  ok: boolean;
  /** Every finding, in source order. */
  violations: Violation[];
  /** Time spent parsing the source, in milliseconds. */
  parseMs: number;
}

const FAMILIES: readonly RuleFamily[] = [
  forbiddenSyntaxRules,
  moduleShapeRules,
  moduleLoadingRules,
  ambientAuthorityRules,
  reflectionRules,
  mutationRules,
  dynamicPropertyRules,
];

/** Every rule id layer 1 can report, with a one-line description (for docs and tests). */
export const RULES: readonly RuleInfo[] = Object.freeze(FAMILIES.flatMap((family) => family.rules));

/** All families' visitors, merged per node type so one walk serves them all. */
const VISITORS: ReadonlyMap<string, readonly NodeVisitor[]> = (() => {
  const byType = new Map<string, NodeVisitor[]>();
  for (const family of FAMILIES) {
    for (const [type, visitor] of Object.entries(family.visitors)) {
      if (!visitor) continue;
      const list = byType.get(type) ?? [];
      list.push(visitor);
      byType.set(type, list);
    }
  }
  return byType;
})();

/**
 * Layer 1: parses a strategy and checks it against every rule, reporting every violation
 * (not only the first) with its rule id, a message and a 1-based line and column.
 * It reads the syntax tree only, never the raw text, so escapes such as `\u0065val` are
 * seen as the names they decode to.
 */
export function validateStrategy(source: string): ValidationReport {
  const parseStart = performance.now();
  const parsed = parseStrategy(source);
  const parseMs = performance.now() - parseStart;
  if (!parsed.ok) return { ok: false, violations: [parsed.violation], parseMs };

  const program = parsed.ast.program;
  const scopes = analyzeScopes(program);
  const violations: Violation[] = [];
  const seen = new Set<string>();
  const context: RuleContext = {
    report(rule, node, message) {
      const start = node.loc?.start;
      const line = start?.line ?? 1;
      const column = (start?.column ?? 0) + 1;
      const key = `${rule}:${line}:${column}`;
      if (seen.has(key)) return;
      seen.add(key);
      violations.push({ rule, message, line, column });
    },
    isFree: (node): node is Node & { type: 'Identifier' } =>
      node.type === 'Identifier' && scopes.freeReferences.has(node),
    bindingOf: (id) => scopes.resolved.get(id),
    moduleBinding: (name) => scopes.moduleBindings.get(name),
  };

  for (const family of FAMILIES) family.program?.(program, context);
  walk(program, (node, parent, key) => {
    const visitors = VISITORS.get(node.type);
    if (visitors) for (const visitor of visitors) visitor(node, parent, key, context);
  });

  violations.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
  return { ok: violations.length === 0, violations, parseMs };
}
