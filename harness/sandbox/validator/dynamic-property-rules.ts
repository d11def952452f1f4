import type { Node } from '@babel/types';
import { AMBIENT_NAMES } from './ambient-authority-rules.ts';
import { foldString, possibleKeyNames } from './constant-strings.ts';
import { MUTATION_NAMES } from './mutation-rules.ts';
import { REFLECTION_NAMES } from './reflection-rules.ts';
import type { NodeVisitor, RuleContext, RuleFamily } from './rule-family.ts';
import { isMember, memberName, staticString } from './static-names.ts';

/** Namespaces and functions whose calls always return a number (or boolean), safe inside a key. */
const NUMERIC_NAMESPACES = new Set(['Math', 'Number']);
const NUMERIC_FUNCTIONS = new Set(['Number', 'parseInt', 'parseFloat', 'isNaN', 'isFinite']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '**', '|', '&', '^', '<<', '>>', '>>>']);

/** Global functions that turn innocent-looking data into names; a strategy never needs them. */
const DECODERS = new Set(['atob', 'btoa', 'unescape', 'escape', 'decodeURI', 'decodeURIComponent']);
/** Flagged on any object (`String.fromCharCode`, an alias of it, or a destructured copy). */
const CHAR_CODE_DECODERS = new Set(['fromCharCode', 'fromCodePoint']);

/** What a node is, in words, for messages. */
const NODE_WORDS: Readonly<Record<string, string>> = {
  SequenceExpression: 'a comma expression',
  ObjectExpression: 'an object literal',
  ArrayExpression: 'an array literal',
  ArrowFunctionExpression: 'a function',
  FunctionExpression: 'a function',
  AssignmentExpression: 'a compound assignment',
  AwaitExpression: 'an await',
  YieldExpression: 'a yield',
  NewExpression: 'a constructor call',
  TaggedTemplateExpression: 'a tagged template',
  ClassExpression: 'a class',
  RegExpLiteral: 'a regular expression',
};

interface KeyProblem {
  readonly rule: string;
  readonly node: Node;
  readonly what: string;
}

/**
 * Why a computed key cannot be trusted, or null when it is provably harmless: a number,
 * a plain variable, a member read (`a[b.length - 1]`, `m[Symbol.iterator]`), arithmetic over
 * those, a numeric Math/Number call, or a string literal (whose value the name rules check).
 * Concatenated strings, template substitutions and arbitrary calls are how forbidden names
 * are smuggled past a name check (`obj['con' + 'structor']`), so they are refused.
 *
 * Deliberate limit: a plain variable is trusted here even though it may hold any string;
 * its value is checked only when it is a constant the parser can fold (`const k = 'con' + 'structor'`
 * is caught where it is built, by dynamic/built-forbidden-name). Layer 1b, the hardened
 * runtime, is what makes names computed at run time harmless.
 */
function keyProblem(key: Node, context: RuleContext, topLevel: boolean): KeyProblem | null {
  switch (key.type) {
    case 'NumericLiteral':
    case 'BigIntLiteral':
    case 'Identifier':
    case 'ThisExpression':
    case 'BooleanLiteral':
    case 'NullLiteral':
    case 'UpdateExpression':
      return null;
    case 'StringLiteral':
      return topLevel
        ? null
        : { rule: 'dynamic/concatenated-key', node: key, what: 'a key built by concatenating string literals' };
    case 'TemplateLiteral':
      if (key.expressions.length === 0)
        return topLevel
          ? null
          : { rule: 'dynamic/concatenated-key', node: key, what: 'a key built from template literals' };
      return {
        rule: 'dynamic/concatenated-key',
        node: key,
        what: 'a key built by a template literal with substitutions',
      };
    case 'MemberExpression':
    case 'OptionalMemberExpression':
      return key.computed ? keyProblem(key.property, context, true) : null;
    case 'UnaryExpression':
      return key.operator === '-' || key.operator === '+' || key.operator === '~'
        ? keyProblem(key.argument, context, false)
        : opaque(key, `the \`${key.operator}\` operator`);
    case 'BinaryExpression':
      if (!ARITHMETIC.has(key.operator)) return opaque(key, `the \`${key.operator}\` operator`);
      if (key.left.type === 'PrivateName') return opaque(key, 'a private name');
      return keyProblem(key.left, context, false) ?? keyProblem(key.right, context, false);
    case 'ConditionalExpression':
      return keyProblem(key.consequent, context, topLevel) ?? keyProblem(key.alternate, context, topLevel);
    case 'LogicalExpression':
      return keyProblem(key.left, context, topLevel) ?? keyProblem(key.right, context, topLevel);
    case 'AssignmentExpression':
      return key.operator === '='
        ? keyProblem(key.right, context, topLevel)
        : opaque(key, NODE_WORDS.AssignmentExpression!);
    case 'CallExpression':
    case 'OptionalCallExpression': {
      const { callee } = key;
      if (callee.type === 'Identifier' && NUMERIC_FUNCTIONS.has(callee.name) && context.isFree(callee)) return null;
      if (
        isMember(callee) &&
        callee.object.type === 'Identifier' &&
        NUMERIC_NAMESPACES.has(callee.object.name) &&
        context.isFree(callee.object)
      )
        return null;
      return { rule: 'dynamic/call-key', node: key, what: `a key computed by calling ${describeCallee(callee)}` };
    }
    default:
      return opaque(key, NODE_WORDS[key.type] ?? `a ${key.type}`);
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
    context.report(
      problem.rule,
      problem.node,
      `computed property name is ${problem.what}: the name cannot be checked before it runs, which is how forbidden names such as "constructor" are smuggled in; use a literal name, a number or a plain variable`,
    );
  }
}

function checkDecoderName(name: string, node: Node, context: RuleContext): void {
  if (CHAR_CODE_DECODERS.has(name)) {
    context.report(
      'dynamic/string-decoding',
      node,
      `\`${name}\` builds strings from character codes, the usual way to hide a forbidden name; a strategy works on numbers`,
    );
  }
}

const member: NodeVisitor = (node, _parent, _key, context) => {
  if (!isMember(node)) return;
  if (node.computed) checkKey(node.property, context);
  for (const name of possibleKeyNames(node.property, node.computed, context))
    checkDecoderName(name, node.property, context);
};

const computedKey: NodeVisitor = (node, _parent, _key, context) => {
  if ('computed' in node && node.computed && 'key' in node) checkKey(node.key as Node, context);
};

/**
 * A forbidden name spelled in pieces (`'con' + 'structor'`, `` `pro${'cess'}` ``) anywhere,
 * not only in a computed key: the pieces are folded and the result compared with every
 * name the other rules forbid.
 */
const builtName: NodeVisitor = (node, _parent, _key, context) => {
  if (
    node.type === 'BinaryExpression'
      ? node.operator !== '+'
      : node.type !== 'TemplateLiteral' || node.expressions.length === 0
  )
    return;
  const text = foldString(node, context);
  if (text !== null && (AMBIENT_NAMES.has(text) || REFLECTION_NAMES.has(text) || MUTATION_NAMES.has(text))) {
    context.report(
      'dynamic/built-forbidden-name',
      node,
      `the string "${text}" is assembled from pieces; it is a name a strategy may not reach, spelled so that a name check would miss it`,
    );
  }
};

/**
 * Names distinctive enough that a string literal spelling one exactly is never data in a
 * strategy: it is a key waiting to be used through a variable (`const k = 'constructor'; o[k]`,
 * `names[0]`, a function argument), which the computed-key check deliberately trusts.
 * Common words that are also forbidden globals (`window`, `self`, `crypto`, `performance`,
 * `then`, `toString`) are left out: as strings they are ordinary data.
 */
const LITERAL_NAMES: ReadonlySet<string> = new Set([
  ...[...REFLECTION_NAMES].filter((name) => name !== 'for' && name !== 'arguments'),
  'prototype',
  'toJSON',
  'process',
  'require',
  'globalThis',
  'eval',
  'Function',
  'mainModule',
  'getBuiltinModule',
  'child_process',
]);

/** True when a string literal sits where the name rules already judge it (a key, not a value). */
function isKeyPosition(parent: Node | null, key: string | null): boolean {
  if (!parent) return false;
  if (isMember(parent)) return key === 'property';
  return (
    key === 'key' &&
    (parent.type === 'ObjectProperty' ||
      parent.type === 'ObjectMethod' ||
      parent.type === 'ClassMethod' ||
      parent.type === 'ClassProperty' ||
      parent.type === 'ClassAccessorProperty')
  );
}

const forbiddenLiteral: NodeVisitor = (node, parent, key, context) => {
  const text = staticString(node);
  if (text === null || !LITERAL_NAMES.has(text) || isKeyPosition(parent, key)) return;
  if (
    parent &&
    (parent.type === 'ImportDeclaration' ||
      parent.type === 'ExportAllDeclaration' ||
      parent.type === 'ExportNamedDeclaration')
  )
    return;
  context.report(
    'dynamic/forbidden-name-literal',
    node,
    `the string "${text}" is the name of something a strategy may not reach; held as data it can be used as a computed key through a variable, out of sight of the name checks`,
  );
};

export const dynamicPropertyRules: RuleFamily = {
  rules: [
    {
      id: 'dynamic/concatenated-key',
      description: 'computed keys built by string concatenation or template substitution',
    },
    {
      id: 'dynamic/call-key',
      description:
        'computed keys produced by a call (`.join()`, `String.fromCharCode()`, `atob()`, ...), except numeric Math/Number calls',
    },
    {
      id: 'dynamic/opaque-key',
      description: 'computed keys built with any other expression that cannot be shown to be a number or plain name',
    },
    {
      id: 'dynamic/built-forbidden-name',
      description: "a forbidden name assembled from string pieces (`'con' + 'structor'`) anywhere",
    },
    {
      id: 'dynamic/forbidden-name-literal',
      description:
        "a string literal that is exactly a forbidden name (`'constructor'`, `'__proto__'`, `'process'`, ...) used as data",
    },
    {
      id: 'dynamic/string-decoding',
      description:
        '`fromCharCode`/`fromCodePoint`, `atob`, `btoa`, `escape`, `unescape`, `decodeURI(Component)` anywhere',
    },
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
    TemplateLiteral(node, parent, key, context) {
      builtName(node, parent, key, context);
      forbiddenLiteral(node, parent, key, context);
    },
    StringLiteral: forbiddenLiteral,
    ObjectPattern(node, _parent, _key, context) {
      if (node.type !== 'ObjectPattern') return;
      for (const property of node.properties) {
        if (property.type !== 'ObjectProperty') continue;
        for (const name of possibleKeyNames(property.key, property.computed, context))
          checkDecoderName(name, property.key, context);
      }
    },
    Identifier(node, _parent, _key, context) {
      if (node.type === 'Identifier' && DECODERS.has(node.name) && context.isFree(node)) {
        context.report(
          'dynamic/string-decoding',
          node,
          `\`${node.name}\` decodes text into names at run time, hiding them from this check; a strategy works on numbers`,
        );
      }
    },
  },
};
