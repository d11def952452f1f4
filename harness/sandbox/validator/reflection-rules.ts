import type { Node } from '@babel/types';
import { possibleKeyNames } from './constant-strings.ts';
import type { NodeVisitor, RuleContext, RuleFamily } from './rule-family.ts';
import { isMember } from './static-names.ts';

interface ForbiddenName {
  readonly rule: string;
  /** Completes "`name` ...". */
  readonly why: string;
}

const OBJECT_META_WHY =
  'edits or inspects the object model (descriptors, prototypes, hidden properties), the raw material of getter traps and prototype reach';
const SYMBOL_WHY =
  'is a well-known symbol that overrides how the engine and the host treat an object (coercion, instanceof, species constructors, type tags)';

/**
 * Property names whose only use in a strategy is to climb out of it or rewire the object
 * model, flagged on any object (so aliases such as `const O = Object` or `const { defineProperty } = O`
 * do not hide them), whether written `a.b`, `a['b']`, or built from constant pieces.
 */
const FORBIDDEN_NAMES = new Map<string, ForbiddenName>([
  [
    'constructor',
    {
      rule: 'reflection/constructor-access',
      why: 'leads from any value to its constructor and from there to `Function`, which compiles code outside this validator (`x.constructor.constructor("return process")()`)',
    },
  ],
  [
    '__proto__',
    { rule: 'reflection/proto-access', why: "reads or replaces an object's prototype, reaching shared intrinsics" },
  ],
  ['caller', { rule: 'reflection/caller-callee', why: 'exposes the calling function, which may belong to the host' }],
  ['callee', { rule: 'reflection/caller-callee', why: 'exposes the running function through `arguments`' }],
  [
    'arguments',
    { rule: 'reflection/caller-callee', why: "exposes another function's arguments, which may be host objects" },
  ],
  [
    'prepareStackTrace',
    {
      rule: 'reflection/stack-trace-api',
      why: 'is a V8 hook that hands raw call-site objects (host frames and functions) to strategy code',
    },
  ],
  ['captureStackTrace', { rule: 'reflection/stack-trace-api', why: 'is a V8 stack API used to reach host frames' }],
  [
    'stackTraceLimit',
    {
      rule: 'reflection/stack-trace-api',
      why: 'changes how V8 builds stacks for the whole process, including the host',
    },
  ],
  [
    '__defineGetter__',
    {
      rule: 'reflection/legacy-accessor',
      why: 'installs a getter that runs strategy code whenever the host reads that property',
    },
  ],
  [
    '__defineSetter__',
    {
      rule: 'reflection/legacy-accessor',
      why: 'installs a setter that runs strategy code whenever the host writes that property',
    },
  ],
  [
    '__lookupGetter__',
    {
      rule: 'reflection/legacy-accessor',
      why: 'extracts accessor functions from objects, including host-created ones',
    },
  ],
  [
    '__lookupSetter__',
    {
      rule: 'reflection/legacy-accessor',
      why: 'extracts accessor functions from objects, including host-created ones',
    },
  ],
  ...[
    'defineProperty',
    'defineProperties',
    'setPrototypeOf',
    'getPrototypeOf',
    'getOwnPropertyDescriptor',
    'getOwnPropertyDescriptors',
    'getOwnPropertyNames',
    'getOwnPropertySymbols',
  ].map((name) => [name, { rule: 'reflection/object-meta', why: OBJECT_META_WHY }] as const),
  ...['species', 'toPrimitive', 'hasInstance', 'unscopables', 'isConcatSpreadable', 'toStringTag'].map(
    (name) => [name, { rule: 'reflection/well-known-symbol', why: SYMBOL_WHY }] as const,
  ),
  [
    'keyFor',
    {
      rule: 'reflection/symbol-registry',
      why: 'reads the cross-realm symbol registry, where host hooks such as nodejs.util.inspect.custom live',
    },
  ],
]);

/**
 * Well-known symbols whose names are too common to ban on every object (`'a'.split`), so
 * they are flagged only as `Symbol.<name>`. `Symbol.iterator` and `Symbol.asyncIterator`
 * stay allowed: iterables and generators are ordinary strategy code.
 */
const SYMBOL_ONLY = new Set(['match', 'matchAll', 'replace', 'search', 'split']);

/**
 * Built-in namespaces that a strategy may read from (`Math.max`, `const { max } = Math`)
 * and call, but not pass around as a value: an alias (`f(JSON)`, `const S = Symbol`) would
 * let the other rules, which look for `JSON.x = ...` or `Symbol.for`, be bypassed.
 * `console` is left out: `console.log.bind(console)` is common, and the runner's console is
 * a captured one whose output is untrusted anyway.
 */
const NAMESPACES = new Set(['Object', 'Symbol', 'JSON', 'Math', 'Intl', 'Promise', 'Error']);

/** Names that, built at run time, can only serve to reach what this family forbids. */
export const REFLECTION_NAMES: ReadonlySet<string> = new Set([
  ...FORBIDDEN_NAMES.keys(),
  'prototype',
  'Reflect',
  'Proxy',
  'for',
]);

function isFreeNamed(node: Node, name: string, context: RuleContext): boolean {
  return node.type === 'Identifier' && node.name === name && context.isFree(node);
}

function checkName(name: string, node: Node, context: RuleContext, verb: string): void {
  const forbidden = FORBIDDEN_NAMES.get(name);
  if (forbidden) context.report(forbidden.rule, node, `${verb} \`${name}\`: it ${forbidden.why}`);
}

const member: NodeVisitor = (node, _parent, _key, context) => {
  if (!isMember(node)) return;
  const { object } = node;
  for (const name of possibleKeyNames(node.property, node.computed, context)) {
    checkName(name, node.property, context, 'property access');
    if (isFreeNamed(object, 'Symbol', context)) {
      if (SYMBOL_ONLY.has(name)) {
        context.report(
          'reflection/well-known-symbol',
          node,
          `Symbol.${name} ${SYMBOL_WHY}; only Symbol.iterator and Symbol.asyncIterator are allowed`,
        );
      } else if (name === 'for') {
        context.report(
          'reflection/symbol-registry',
          node,
          'Symbol.for reaches the cross-realm symbol registry, where host hooks such as nodejs.util.inspect.custom live',
        );
      }
    }
    if (name === 'prototype' && object.type === 'Identifier' && context.isFree(object)) {
      context.report(
        'reflection/intrinsic-prototype',
        node,
        `${object.name}.prototype is a shared intrinsic; a strategy that touches it can change how the host's own code behaves`,
      );
    }
  }
};

/** Where a namespace identifier may appear: read from, called, destructured, tested, extended. */
function isPlainNamespaceUse(parent: Node | null, key: string | null): boolean {
  if (!parent) return false;
  switch (parent.type) {
    case 'MemberExpression':
    case 'OptionalMemberExpression':
      return key === 'object';
    case 'CallExpression':
    case 'OptionalCallExpression':
    case 'NewExpression':
      return key === 'callee';
    case 'VariableDeclarator':
      return key === 'init' && parent.id.type === 'ObjectPattern';
    case 'AssignmentExpression':
      return key === 'right' && parent.left.type === 'ObjectPattern';
    case 'BinaryExpression':
      return key === 'right' && parent.operator === 'instanceof';
    case 'UnaryExpression':
      return parent.operator === 'typeof';
    case 'ClassDeclaration':
    case 'ClassExpression':
      return key === 'superClass';
    default:
      return false;
  }
}

export const reflectionRules: RuleFamily = {
  rules: [
    {
      id: 'reflection/constructor-access',
      description: '`.constructor` / `["constructor"]` access, including destructuring',
    },
    { id: 'reflection/proto-access', description: '`__proto__` access or `__proto__:` in an object literal' },
    { id: 'reflection/caller-callee', description: '`.caller`, `.callee`, `.arguments` of a function' },
    { id: 'reflection/arguments', description: 'the `arguments` object' },
    { id: 'reflection/reflect', description: 'the `Reflect` namespace' },
    { id: 'reflection/proxy', description: '`Proxy`' },
    {
      id: 'reflection/stack-trace-api',
      description: '`Error.prepareStackTrace`, `captureStackTrace`, `stackTraceLimit`',
    },
    {
      id: 'reflection/legacy-accessor',
      description: '`__defineGetter__`, `__defineSetter__`, `__lookupGetter__`, `__lookupSetter__`',
    },
    {
      id: 'reflection/object-meta',
      description:
        '`defineProperty(ies)`, `(get|set)PrototypeOf`, `getOwnProperty*` on any object; two-argument `Object.create`',
    },
    {
      id: 'reflection/well-known-symbol',
      description:
        'behaviour-changing well-known symbols (`species`, `toPrimitive`, `hasInstance`, `unscopables`, `toStringTag`, ...)',
    },
    { id: 'reflection/symbol-registry', description: '`Symbol.for` / `Symbol.keyFor`' },
    {
      id: 'reflection/intrinsic-prototype',
      description:
        '`.prototype` of a built-in (`Object.prototype`, `Array.prototype`, ...), or destructured `prototype`',
    },
    {
      id: 'reflection/builtin-alias',
      description:
        'a built-in namespace (`Object`, `Symbol`, `JSON`, `Math`, `Intl`, `Promise`, `Error`) used as a value rather than read from or called',
    },
  ],
  visitors: {
    MemberExpression: member,
    OptionalMemberExpression: member,
    Identifier(node, parent, key, context) {
      if (node.type !== 'Identifier' || !context.isFree(node)) return;
      if (node.name === 'arguments') {
        context.report(
          'reflection/arguments',
          node,
          '`arguments` is a legacy object whose callee/caller links reach other functions; use rest parameters',
        );
      } else if (node.name === 'Reflect') {
        context.report(
          'reflection/reflect',
          node,
          '`Reflect` gives the same object-model reach as Object.defineProperty and friends (defineProperty, getPrototypeOf, construct)',
        );
      } else if (node.name === 'Proxy') {
        context.report(
          'reflection/proxy',
          node,
          '`Proxy` objects run strategy code whenever the host touches them (the core of several vm2 escapes)',
        );
      } else if (NAMESPACES.has(node.name) && !isPlainNamespaceUse(parent, key)) {
        context.report(
          'reflection/builtin-alias',
          node,
          `the built-in \`${node.name}\` is used as a value (passed, stored or aliased); read from it or call it directly, so that writes to it and reflective uses stay visible`,
        );
      }
    },
    CallExpression(node, _parent, _key, context) {
      if (
        node.type !== 'CallExpression' ||
        !isMember(node.callee) ||
        !isFreeNamed(node.callee.object, 'Object', context)
      )
        return;
      const names = possibleKeyNames(node.callee.property, node.callee.computed, context);
      if (names.includes('create') && node.arguments.length > 1) {
        context.report(
          'reflection/object-meta',
          node,
          'Object.create with property descriptors can define getters and setters; create plain objects with literals',
        );
      }
    },
    ObjectPattern(node, _parent, _key, context) {
      if (node.type !== 'ObjectPattern') return;
      for (const property of node.properties) {
        if (property.type !== 'ObjectProperty') continue;
        for (const name of possibleKeyNames(property.key, property.computed, context)) {
          checkName(name, property.key, context, 'destructuring');
          if (name === 'prototype') {
            context.report(
              'reflection/intrinsic-prototype',
              property.key,
              'destructuring `prototype` takes hold of a shared prototype object under another name',
            );
          }
        }
      }
    },
    ObjectExpression(node, _parent, _key, context) {
      if (node.type !== 'ObjectExpression') return;
      for (const property of node.properties) {
        if (
          property.type === 'ObjectProperty' &&
          !property.computed &&
          !property.shorthand &&
          (property.key.type === 'Identifier'
            ? property.key.name
            : property.key.type === 'StringLiteral'
              ? property.key.value
              : null) === '__proto__'
        ) {
          context.report(
            'reflection/proto-access',
            property.key,
            '`__proto__:` in an object literal sets the prototype of the new object',
          );
        }
      }
    },
  },
};
