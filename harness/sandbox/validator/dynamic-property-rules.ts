import type { Node } from '@babel/types';
import type { NodeVisitor, RuleContext, RuleFamily } from './rule-family.ts';
import { AMBIENT_NAMES } from './ambient-authority-rules.ts';
import { foldString } from './constant-strings.ts';
import { REFLECTION_NAMES } from './reflection-rules.ts';
import { isMember, memberName, staticString } from './static-names.ts';

/** Calls that always return a number, so they are safe inside a computed key. */
const NUMERIC_NAMESPACES = new Set(['Math']);
const NUMERIC_FUNCTIONS = new Set(['Number', 'parseInt', 'parseFloat']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '**', '|', '&', '^', '<<', '>>', '>>>']);

/** Global functions that turn innocent-looking data into names; a strategy never needs them. */
const DECODERS = new Set(['atob', 'btoa', 'unescape', 'escape', 'decodeURI', 'decodeURIComponent']);
const STRING_DECODERS = new Set(['fromCharCode', 'fromCodePoint']);

interface KeyProblem {
  readonly rule: string;
  readonly node: Node;
  readonly what: string;
}

/**
 * Why a computed key cannot be trusted, or null when it is provably harmless: a number,
 * a plain variable, a member read (`a[b.length - 1]`, `m[Symbol.iterator]`), arithmetic over
 * those, a numeric Math call, or a string literal (whose value the name rules check).
 * Concatenating strings, template substitutions and arbitrary calls are how forbidden names
 * are smuggled past a name check (`obj['con' + 'structor']`), so they are refused.
 *
 * Deliberate limit: a plain variable is trusted here even though it may hold any string
 * (`obj[k]` after `k = 'con' + 'structor'` is caught at the concatenation only when it is a
 * literal one). Layer 1b (the hardened runtime) is what makes such names harmless.
 */
function keyProblem(key: Node, context: RuleContext, topLevel: boolean): KeyProblem | null {
  switch (key.type) {
    case 'NumericLiteral':
    case 'BigIntLiteral':
    case 'Identifier':
    case 'ThisExpression':
    case 'BooleanLiteral':
    case 'NullLiteral':
      return null;
    case 'StringLiteral':
      return topLevel ? null : { rule: 'dynamic/concatenated-key', node: key, what: 'a key built by concatenating string literals' };
    case 'TemplateLiteral':
      if (key.expressions.length === 0) return topLevel ? null : { rule: 'dynamic/concatenated-key', node: key, what: 'a key built from template literals' };
      return { rule: 'dynamic/concatenated-key', node: key, what: 'a key built by a template literal with substitutions' };
    case 'MemberExpression':
    case 'OptionalMemberExpression':
      return key.computed ? keyProblem(key.property, context, true) : null;
    case 'UnaryExpression':
      return key.operator === '-' || key.operator === '+' || key.operator === '~' ? keyProblem(key.argument, context, false) : opaque(key, `the \`${key.operator}\` operator`);
    case 'UpdateExpression':
      return null;
    case 'BinaryExpression':
      if (!ARITHMETIC.has(key.operator)) return opaque(key, `the \`${key.operator}\` operator`);
      if (key.left.type === 'PrivateName') return opaque(key, 'a private name');
      return keyProblem(key.left, context, false) ?? keyProblem(key.right, context, false);
    case 'ConditionalExpression':
      return keyProblem(key.consequent, context, topLevel) ?? keyProblem(key.alternate, context, topLevel);
    case 'LogicalExpression':
      return keyProblem(key.left, context, topLevel) ?? keyProblem(key.right, context, topLevel);
    case 'CallExpression':
    case 'OptionalCallExpression': {
      const { callee } = key;
      if (callee.type === 'Identifier' && NUMERIC_FUNCTIONS.has(callee.name) && context.isFree(callee)) return null;
      if (isMember(callee) && callee.object.type === 'Identifier' && NUMERIC_NAMESPACES.has(callee.object.name) && context.isFree(callee.object)) return null;
      return { rule: 'dynamic/call-key', node: key, what: `a key computed by calling ${describeCallee(callee)}` };
    }
    default:
      return opaque(key, `a ${key.type}`);
  }
}

function opaque(node: Node, what: string): KeyProblem {
  return { rule: 'dynamic/opaque-key', node, what: `a key computed with ${what}` };
}

function describeCallee(callee: Node): string {
  if (callee.type === 'Identifier') return `\`${callee.name}()\``;
  const name = memberName(callee);
  return name === null ? 'a function' : `\`.${name}()\``;
}

function checkKey(key: Node, context: RuleContext): void {
  if (staticString(key) !== null) return;
  const problem = keyProblem(key, context, true);
  if (problem) {
    context.report(problem.rule, problem.node, `computed property name is ${problem.what}: the name cannot be checked before it runs, which is how forbidden names such as "constructor" are smuggled in; use a literal name, a number or a plain variable`);
  }
}

const member: NodeVisitor = (node, _parent, _key, context) => {
  if (!isMember(node)) return;
  if (node.computed) checkKey(node.property, context);
  if (node.object.type !== 'Identifier' || node.object.name !== 'String' || !context.isFree(node.object)) return;
  const name = memberName(node);
  if (name !== null && STRING_DECODERS.has(name)) {
    context.report('dynamic/string-decoding', node, `String.${name} builds strings from character codes, the usual way to hide a forbidden name; a strategy works on numbers`);
  }
};

/**
 * A forbidden name spelled in pieces (`'con' + 'structor'`, `` `pro${'cess'}` ``) anywhere,
 * not only in a computed key: the pieces are folded and the result compared with every
 * name the other rules forbid.
 */
const builtName: NodeVisitor = (node, _parent, _key, context) => {
  if (node.type === 'BinaryExpression' ? node.operator !== '+' : node.type !== 'TemplateLiteral' || node.expressions.length === 0) return;
  const text = foldString(node, context);
  if (text !== null && (AMBIENT_NAMES.has(text) || REFLECTION_NAMES.has(text))) {
    context.report('dynamic/built-forbidden-name', node, `the string "${text}" is assembled from pieces; it is a name a strategy may not reach, spelled so that a name check would miss it`);
  }
};

const computedKey: NodeVisitor = (node, _parent, _key, context) => {
  if ('computed' in node && node.computed && 'key' in node) checkKey(node.key as Node, context);
};

export const dynamicPropertyRules: RuleFamily = {
  rules: [
    { id: 'dynamic/concatenated-key', description: 'computed keys built by string concatenation or template substitution' },
    { id: 'dynamic/call-key', description: 'computed keys produced by a call (`.join()`, `String.fromCharCode()`, `atob()`, ...)' },
    { id: 'dynamic/opaque-key', description: 'computed keys built with any other expression that cannot be shown to be a number or plain name' },
    { id: 'dynamic/built-forbidden-name', description: 'a forbidden name assembled from string pieces (`\'con\' + \'structor\'`) anywhere' },
    { id: 'dynamic/string-decoding', description: '`String.fromCharCode/fromCodePoint`, `atob`, `btoa`, `escape`, `unescape`, `decodeURI(Component)` anywhere' },
  ],
  visitors: {
    MemberExpression: member,
    OptionalMemberExpression: member,
    ObjectProperty: computedKey,
    ObjectMethod: computedKey,
    ClassMethod: computedKey,
    ClassProperty: computedKey,
    ClassAccessorProperty: computedKey,
    BinaryExpression: builtName,
    TemplateLiteral: builtName,
    Identifier(node, _parent, _key, context) {
      if (node.type === 'Identifier' && DECODERS.has(node.name) && context.isFree(node)) {
        context.report('dynamic/string-decoding', node, `\`${node.name}\` decodes text into names at run time, hiding them from this check; a strategy works on numbers`);
      }
    },
  },
};

