import type { Node } from '@babel/types';
import { possibleKeyNames } from './constant-strings.ts';
import type { NodeVisitor, RuleContext, RuleFamily } from './rule-family.ts';
import { assignedMembers, isMember, memberRoot } from './static-names.ts';

/** Methods the host calls implicitly: serializing, printing, coercing, awaiting a result. */
const COERCION_HOOKS = new Set(['toJSON', 'toString', 'valueOf', 'then']);
const PROTOTYPE_NAMES = new Set(['prototype', '__proto__']);

/** Names that, built at run time, can only serve to install what this family forbids. */
export const MUTATION_NAMES: ReadonlySet<string> = new Set([...COERCION_HOOKS, ...PROTOTYPE_NAMES]);

function chainHasName(node: Node, names: ReadonlySet<string>, context: RuleContext): boolean {
  for (let current = node; isMember(current); current = current.object) {
    if (possibleKeyNames(current.property, current.computed, context).some((name) => names.has(name))) return true;
  }
  return false;
}

/** Assignments, updates, deletes and for-in/of targets that write through a member. */
function checkWrite(target: Node, context: RuleContext): void {
  for (const written of assignedMembers(target)) {
    if (!isMember(written)) continue;
    if (chainHasName(written, PROTOTYPE_NAMES, context)) {
      context.report(
        'mutation/prototype-write',
        written,
        'writing through a prototype changes every object that inherits from it (prototype pollution), including the ones the host reads results from',
      );
    }
    const root = memberRoot(written);
    if (root.type === 'Identifier' && context.isFree(root)) {
      context.report(
        'mutation/builtin-write',
        written,
        `writing to a property of \`${root.name}\`, a global not declared in this module, changes an object the host shares (e.g. overriding JSON.stringify to lie about results)`,
      );
    }
    for (const name of possibleKeyNames(written.property, written.computed, context)) {
      if (COERCION_HOOKS.has(name)) {
        context.report(
          'mutation/coercion-hook',
          written,
          `assigning \`${name}\` installs a hook the host calls implicitly when it serializes, prints or awaits the value; return plain data instead`,
        );
      }
    }
  }
}

/** Object literal, class and method keys that define a coercion hook. */
function checkDefinedKey(property: Node, context: RuleContext): void {
  if (!('key' in property) || property.type === 'ClassPrivateProperty' || property.type === 'ClassPrivateMethod')
    return;
  const computed = 'computed' in property && property.computed === true;
  for (const name of possibleKeyNames(property.key as Node, computed, context)) {
    if (COERCION_HOOKS.has(name)) {
      context.report(
        'mutation/coercion-hook',
        property.key as Node,
        `defining \`${name}\` installs a hook the host calls implicitly when it serializes, prints or awaits the value; return plain data instead`,
      );
    }
  }
}

const write =
  (target: (node: Node) => Node | null): NodeVisitor =>
  (node, _parent, _key, context) => {
    const written = target(node);
    if (written) checkWrite(written, context);
  };

/**
 * Changing shared objects: prototypes, built-in globals, and the hooks the host invokes
 * without asking (toJSON while serializing the result, then while awaiting it, toString and
 * valueOf while printing or coercing it). Each lets a strategy run code, or lie, after it
 * has returned, inside the host's own operations.
 */
export const mutationRules: RuleFamily = {
  rules: [
    {
      id: 'mutation/prototype-write',
      description: 'assignment, delete or Object.assign through `.prototype` or `__proto__`',
    },
    {
      id: 'mutation/builtin-write',
      description: 'assignment, delete or Object.assign onto a property of a global (`JSON.stringify = ...`)',
    },
    { id: 'mutation/coercion-hook', description: 'defining or assigning `toJSON`, `toString`, `valueOf` or `then`' },
  ],
  visitors: {
    AssignmentExpression: write((node) => (node.type === 'AssignmentExpression' ? node.left : null)),
    UpdateExpression: write((node) => (node.type === 'UpdateExpression' ? node.argument : null)),
    UnaryExpression: write((node) =>
      node.type === 'UnaryExpression' && node.operator === 'delete' ? node.argument : null,
    ),
    ForInStatement: write((node) => (node.type === 'ForInStatement' ? node.left : null)),
    ForOfStatement: write((node) => (node.type === 'ForOfStatement' ? node.left : null)),
    CallExpression(node, _parent, _key, context) {
      if (node.type !== 'CallExpression' || !isMember(node.callee)) return;
      const { object } = node.callee;
      if (object.type !== 'Identifier' || object.name !== 'Object' || !context.isFree(object)) return;
      const [first] = node.arguments;
      if (!first || !possibleKeyNames(node.callee.property, node.callee.computed, context).includes('assign')) return;
      if (chainHasName(first, PROTOTYPE_NAMES, context)) {
        context.report(
          'mutation/prototype-write',
          first,
          'Object.assign onto a prototype pollutes every object that inherits from it',
        );
      }
      const root = memberRoot(first);
      if (root.type === 'Identifier' && context.isFree(root)) {
        context.report(
          'mutation/builtin-write',
          first,
          `Object.assign onto \`${root.name}\`, a global, changes an object the host shares`,
        );
      }
    },
    ObjectExpression(node, _parent, _key, context) {
      if (node.type === 'ObjectExpression') for (const property of node.properties) checkDefinedKey(property, context);
    },
    ClassBody(node, _parent, _key, context) {
      if (node.type === 'ClassBody') for (const member of node.body) checkDefinedKey(member, context);
    },
  },
};
