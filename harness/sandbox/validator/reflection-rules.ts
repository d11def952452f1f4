import type { Node } from '@babel/types';
import type { NodeVisitor, RuleContext, RuleFamily } from './rule-family.ts';
import { candidateStrings } from './constant-strings.ts';
import { assignedMembers, isMember, memberName, memberRoot, staticKeyName } from './static-names.ts';

/** Property names whose only use in a strategy would be to climb out of it, whatever the object. */
const FORBIDDEN_PROPERTIES = new Map<string, { rule: string; why: string }>([
  ['constructor', { rule: 'reflection/constructor-access', why: 'leads from any value to its constructor and from there to `Function`, which compiles code outside this validator (`x.constructor.constructor("return process")()`)' }],
  ['__proto__', { rule: 'reflection/proto-access', why: 'reads or replaces an object\'s prototype, reaching shared intrinsics' }],
  ['caller', { rule: 'reflection/caller-callee', why: 'exposes the calling function, which may belong to the host' }],
  ['callee', { rule: 'reflection/caller-callee', why: 'exposes the running function through `arguments`' }],
  ['arguments', { rule: 'reflection/caller-callee', why: "exposes another function's arguments, which may be host objects" }],
  ['prepareStackTrace', { rule: 'reflection/stack-trace-api', why: 'is a V8 hook that hands raw call-site objects (host frames and functions) to strategy code' }],
  ['captureStackTrace', { rule: 'reflection/stack-trace-api', why: 'is a V8 stack API used to reach host frames' }],
  ['stackTraceLimit', { rule: 'reflection/stack-trace-api', why: 'changes how V8 builds stacks for the whole process, including the host' }],
  ['__defineGetter__', { rule: 'reflection/legacy-accessor', why: 'installs a getter that runs strategy code whenever the host reads that property' }],
  ['__defineSetter__', { rule: 'reflection/legacy-accessor', why: 'installs a setter that runs strategy code whenever the host writes that property' }],
  ['__lookupGetter__', { rule: 'reflection/legacy-accessor', why: 'extracts accessor functions from objects, including host-created ones' }],
  ['__lookupSetter__', { rule: 'reflection/legacy-accessor', why: 'extracts accessor functions from objects, including host-created ones' }],
]);

/** `Object.*` functions that edit or inspect the object model itself rather than data. */
const OBJECT_META = new Set([
  'defineProperty', 'defineProperties', 'setPrototypeOf', 'getPrototypeOf',
  'getOwnPropertyDescriptor', 'getOwnPropertyDescriptors', 'getOwnPropertyNames', 'getOwnPropertySymbols',
]);

/**
 * Well-known symbols that change how the engine (and so the host) treats an object.
 * `Symbol.iterator` and `Symbol.asyncIterator` stay allowed: iterables and generators are
 * ordinary strategy code.
 */
const BEHAVIOUR_SYMBOLS = new Set([
  'species', 'toPrimitive', 'hasInstance', 'unscopables', 'toStringTag', 'isConcatSpreadable',
  'match', 'matchAll', 'replace', 'search', 'split',
]);

/** Methods the host calls implicitly (serializing, printing, coercing, awaiting a result). */
const COERCION_HOOKS = new Set(['toJSON', 'toString', 'valueOf', 'then']);

function isFreeNamed(node: Node, name: string, context: RuleContext): boolean {
  return node.type === 'Identifier' && node.name === name && context.isFree(node);
}

function chainHasName(node: Node, names: ReadonlySet<string>): boolean {
  for (let current = node; isMember(current); current = current.object) {
    const name = memberName(current);
    if (name !== null && names.has(name)) return true;
  }
  return false;
}

const PROTOTYPE_NAMES = new Set(['prototype', '__proto__']);

function checkPropertyName(name: string, node: Node, context: RuleContext, verb: string): void {
  const forbidden = FORBIDDEN_PROPERTIES.get(name);
  if (forbidden) context.report(forbidden.rule, node, `${verb} \`${name}\`: it ${forbidden.why}`);
}

/**
 * The names a member access may read: the identifier of `a.b`, or every string a computed
 * key folds to (`a['b']`, `a['c' + 'd']`, `a[k]` with `const k = 'b'`, `a[c ? 'b' : 'e']`).
 */
function accessedNames(node: Node, computed: boolean, context: RuleContext): string[] {
  if (node.type === 'PrivateName') return [];
  if (!computed) return node.type === 'Identifier' ? [node.name] : node.type === 'StringLiteral' ? [node.value] : [];
  return [...new Set(candidateStrings(node, context))];
}

const member: NodeVisitor = (node, _parent, _key, context) => {
  if (!isMember(node)) return;
  const { object } = node;
  for (const name of accessedNames(node.property, node.computed, context)) {
    checkPropertyName(name, node.property, context, 'property access');
    if (OBJECT_META.has(name) && isFreeNamed(object, 'Object', context)) {
      context.report('reflection/object-meta', node, `Object.${name} edits or inspects the object model (descriptors, prototypes, hidden properties), the raw material of getter traps and prototype reach`);
    }
    if (isFreeNamed(object, 'Symbol', context)) {
      if (BEHAVIOUR_SYMBOLS.has(name)) {
        context.report('reflection/well-known-symbol', node, `Symbol.${name} overrides how the engine and the host treat an object (coercion, instanceof, species constructors); only Symbol.iterator and Symbol.asyncIterator are allowed`);
      } else if (name === 'for' || name === 'keyFor') {
        context.report('reflection/symbol-registry', node, `Symbol.${name} reaches the cross-realm symbol registry, where host hooks such as nodejs.util.inspect.custom live`);
      }
    }
    if (name === 'prototype' && object.type === 'Identifier' && context.isFree(object)) {
      context.report('reflection/intrinsic-prototype', node, `${object.name}.prototype is a shared intrinsic; a strategy that touches it can change how the host's own code behaves`);
    }
  }
};

function checkWrite(target: Node, context: RuleContext): void {
  for (const written of assignedMembers(target)) {
    if (chainHasName(written, PROTOTYPE_NAMES)) {
      context.report('reflection/prototype-write', written, 'writing through a prototype changes every object that inherits from it (prototype pollution), including the ones the host reads results from');
    }
    const root = memberRoot(written);
    if (root.type === 'Identifier' && context.isFree(root)) {
      context.report('reflection/intrinsic-mutation', written, `writing to a property of the global \`${root.name}\` changes a built-in that the host shares (e.g. overriding JSON.stringify to lie about results)`);
    }
    if (!isMember(written)) continue;
    for (const name of accessedNames(written.property, written.computed, context)) {
      if (COERCION_HOOKS.has(name)) {
        context.report('reflection/coercion-hook', written, `assigning \`${name}\` installs a hook the host calls implicitly when it serializes, prints or awaits the value`);
      }
    }
  }
}

/** Names that, built at run time, can only serve to reach what the rules above forbid. */
export const REFLECTION_NAMES: ReadonlySet<string> = new Set([
  ...FORBIDDEN_PROPERTIES.keys(), ...OBJECT_META, ...COERCION_HOOKS, 'prototype', 'Reflect', 'Proxy',
]);

function checkDefinedKey(property: Node, context: RuleContext): void {
  if (!('key' in property) || property.type === 'ClassPrivateProperty' || property.type === 'ClassPrivateMethod') return;
  const computed = 'computed' in property && property.computed === true;
  for (const name of accessedNames(property.key as Node, computed, context)) {
    if (COERCION_HOOKS.has(name)) {
      context.report('reflection/coercion-hook', property.key as Node, `defining \`${name}\` installs a hook the host calls implicitly when it serializes, prints or awaits the value; return plain data instead`);
    }
  }
}

export const reflectionRules: RuleFamily = {
  rules: [
    { id: 'reflection/constructor-access', description: '`.constructor` / `["constructor"]` access, including destructuring' },
    { id: 'reflection/proto-access', description: '`__proto__` access or `__proto__:` in an object literal' },
    { id: 'reflection/caller-callee', description: '`.caller`, `.callee`, `.arguments` of a function' },
    { id: 'reflection/arguments', description: 'the `arguments` object' },
    { id: 'reflection/reflect', description: 'the `Reflect` namespace' },
    { id: 'reflection/proxy', description: '`Proxy`' },
    { id: 'reflection/stack-trace-api', description: '`Error.prepareStackTrace`, `captureStackTrace`, `stackTraceLimit`' },
    { id: 'reflection/legacy-accessor', description: '`__defineGetter__`, `__defineSetter__`, `__lookupGetter__`, `__lookupSetter__`' },
    { id: 'reflection/object-meta', description: '`Object.defineProperty(ies)`, `(get|set)PrototypeOf`, `getOwnProperty*`, two-argument `Object.create`' },
    { id: 'reflection/well-known-symbol', description: 'behaviour-changing well-known symbols (`species`, `toPrimitive`, `hasInstance`, `unscopables`, ...)' },
    { id: 'reflection/symbol-registry', description: '`Symbol.for` / `Symbol.keyFor`' },
    { id: 'reflection/intrinsic-prototype', description: '`.prototype` of a built-in (`Object.prototype`, `Array.prototype`, ...)' },
    { id: 'reflection/prototype-write', description: 'assignment or delete through `.prototype` or `__proto__`' },
    { id: 'reflection/intrinsic-mutation', description: 'assignment to a property of a built-in global (`JSON.stringify = ...`)' },
    { id: 'reflection/coercion-hook', description: 'defining `toJSON`, `toString`, `valueOf` or `then`' },
  ],
  visitors: {
    MemberExpression: member,
    OptionalMemberExpression: member,
    Identifier(node, _parent, _key, context) {
      if (node.type !== 'Identifier' || !context.isFree(node)) return;
      if (node.name === 'arguments') {
        context.report('reflection/arguments', node, '`arguments` is a legacy object whose callee/caller links reach other functions; use rest parameters');
      } else if (node.name === 'Reflect') {
        context.report('reflection/reflect', node, '`Reflect` gives the same object-model reach as Object.defineProperty and friends (defineProperty, getPrototypeOf, construct)');
      } else if (node.name === 'Proxy') {
        context.report('reflection/proxy', node, '`Proxy` objects run strategy code whenever the host touches them (the core of several vm2 escapes)');
      }
    },
    AssignmentExpression(node, _parent, _key, context) {
      if (node.type === 'AssignmentExpression') checkWrite(node.left, context);
    },
    UpdateExpression(node, _parent, _key, context) {
      if (node.type === 'UpdateExpression') checkWrite(node.argument, context);
    },
    UnaryExpression(node, _parent, _key, context) {
      if (node.type === 'UnaryExpression' && node.operator === 'delete') checkWrite(node.argument, context);
    },
    ForInStatement(node, _parent, _key, context) {
      if (node.type === 'ForInStatement') checkWrite(node.left, context);
    },
    ForOfStatement(node, _parent, _key, context) {
      if (node.type === 'ForOfStatement') checkWrite(node.left, context);
    },
    CallExpression(node, _parent, _key, context) {
      if (node.type !== 'CallExpression' || !isMember(node.callee) || !isFreeNamed(node.callee.object, 'Object', context)) return;
      const name = memberName(node.callee);
      const [first] = node.arguments;
      if (name === 'create' && node.arguments.length > 1) {
        context.report('reflection/object-meta', node, 'Object.create with property descriptors can define getters and setters; create plain objects with literals');
      }
      if (name === 'assign' && first) {
        if (chainHasName(first, PROTOTYPE_NAMES)) {
          context.report('reflection/prototype-write', first, 'Object.assign onto a prototype pollutes every object that inherits from it');
        }
        if (first.type === 'Identifier' && context.isFree(first)) {
          context.report('reflection/intrinsic-mutation', first, `Object.assign onto the global \`${first.name}\` changes a built-in that the host shares`);
        }
      }
    },
    ObjectPattern(node, _parent, _key, context) {
      if (node.type !== 'ObjectPattern') return;
      for (const property of node.properties) {
        if (property.type !== 'ObjectProperty') continue;
        for (const name of accessedNames(property.key, property.computed, context)) checkPropertyName(name, property.key, context, 'destructuring');
      }
    },
    ObjectExpression(node, _parent, _key, context) {
      if (node.type !== 'ObjectExpression') return;
      for (const property of node.properties) {
        if (property.type === 'SpreadElement') continue;
        if (property.type === 'ObjectProperty' && !property.computed && !property.shorthand && staticKeyName(property.key, false) === '__proto__') {
          context.report('reflection/proto-access', property.key, '`__proto__:` in an object literal sets the prototype of the new object');
        }
        checkDefinedKey(property, context);
      }
    },
    ClassBody(node, _parent, _key, context) {
      if (node.type !== 'ClassBody') return;
      for (const member of node.body) checkDefinedKey(member, context);
    },
  },
};
