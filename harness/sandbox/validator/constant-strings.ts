import type { Node } from '@babel/types';
import type { RuleContext } from './rule-family.ts';

/** How many `const` indirections to follow; enough for `const a = 'x'; const b = a + 'y'`. */
const MAX_CONST_DEPTH = 4;

/**
 * The string an expression certainly evaluates to, folding what the parser can see:
 * string and number literals, `+` concatenation, template literals whose substitutions fold,
 * and identifiers bound by `const` (never reassigned) to such an expression.
 * Returns null for anything that depends on run-time values.
 */
export function foldString(node: Node, context: RuleContext, depth = 0): string | null {
  switch (node.type) {
    case 'StringLiteral':
      return node.value;
    case 'NumericLiteral':
      return String(node.value);
    case 'TemplateLiteral': {
      let text = node.quasis[0]?.value.cooked ?? '';
      for (let i = 0; i < node.expressions.length; i++) {
        const part = foldString(node.expressions[i] as Node, context, depth);
        const quasi = node.quasis[i + 1]?.value.cooked;
        if (part === null || quasi === undefined || quasi === null) return null;
        text += part + quasi;
      }
      return text;
    }
    case 'BinaryExpression': {
      if (node.operator !== '+' || node.left.type === 'PrivateName') return null;
      const left = foldString(node.left, context, depth);
      if (left === null) return null;
      const right = foldString(node.right, context, depth);
      return right === null ? null : left + right;
    }
    case 'Identifier': {
      if (depth >= MAX_CONST_DEPTH) return null;
      const binding = context.bindingOf(node);
      if (!binding || binding.kind !== 'const' || binding.writes > 0) return null;
      const { declaration } = binding;
      if (declaration.type !== 'VariableDeclarator' || declaration.id.type !== 'Identifier' || !declaration.init)
        return null;
      return foldString(declaration.init, context, depth + 1);
    }
    default:
      return null;
  }
}

/**
 * Every string a computed key may evaluate to, when each possibility folds:
 * `c ? 'a' : 'b'` gives both, `x || 'a'` gives what folds. Unknown parts are left out.
 */
export function candidateStrings(node: Node, context: RuleContext): string[] {
  if (node.type === 'ConditionalExpression')
    return [...candidateStrings(node.consequent, context), ...candidateStrings(node.alternate, context)];
  if (node.type === 'LogicalExpression')
    return [...candidateStrings(node.left, context), ...candidateStrings(node.right, context)];
  if (node.type === 'AssignmentExpression' && node.operator === '=') return candidateStrings(node.right, context);
  if (node.type === 'SequenceExpression') {
    const last = node.expressions[node.expressions.length - 1];
    return last ? candidateStrings(last, context) : [];
  }
  const folded = foldString(node, context);
  return folded === null ? [] : [folded];
}

/**
 * The names a property key may stand for: the identifier of `a.b` or `{ b }`, or every
 * string a computed key folds to (`a['b']`, `a['c' + 'd']`, `a[k]` with `const k = 'b'`,
 * `a[c ? 'b' : 'e']`).
 */
export function possibleKeyNames(key: Node, computed: boolean, context: RuleContext): string[] {
  if (key.type === 'PrivateName') return [];
  if (!computed) return key.type === 'Identifier' ? [key.name] : key.type === 'StringLiteral' ? [key.value] : [];
  return [...new Set(candidateStrings(key, context))];
}
