import type { Node } from '@babel/types';

/**
 * The string a key expression certainly evaluates to, when the parser alone can tell:
 * an identifier key (`a.b`, `{ b: 1 }`), a string literal (`a['b']`) or a template
 * literal with no substitutions (`a[`b`]`). Anything computed returns null.
 */
export function staticKeyName(key: Node, computed: boolean): string | null {
  if (!computed) {
    if (key.type === 'Identifier') return key.name;
    if (key.type === 'StringLiteral') return key.value;
    return null;
  }
  return staticString(key);
}

/** The value of a string literal or a substitution-free template literal, else null. */
export function staticString(node: Node): string | null {
  if (node.type === 'StringLiteral') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? null;
  return null;
}

/** The static name of a member access `a.b`, `a?.b`, `a['b']`, or null. */
export function memberName(node: Node): string | null {
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return null;
  if (node.property.type === 'PrivateName') return null;
  return staticKeyName(node.property, node.computed);
}

/** True for `a.b`, `a?.b`, `a[b]`, `a?.[b]`. */
export function isMember(node: Node): node is Node & { type: 'MemberExpression' | 'OptionalMemberExpression' } {
  return node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression';
}

/** The innermost object of a member chain: `a` for `a.b.c[0]`. */
export function memberRoot(node: Node): Node {
  let current = node;
  while (isMember(current)) current = current.object;
  return current;
}

/** Every member expression that a pattern assigns to (`[a.b, { c: d.e }] = ...`), and the target itself. */
export function assignedMembers(target: Node): Node[] {
  switch (target.type) {
    case 'MemberExpression':
    case 'OptionalMemberExpression':
      return [target];
    case 'ObjectPattern':
      return target.properties.flatMap((p) =>
        assignedMembers(p.type === 'RestElement' ? p.argument : (p.value as Node)),
      );
    case 'ArrayPattern':
      return target.elements.flatMap((e) => (e ? assignedMembers(e) : []));
    case 'AssignmentPattern':
      return assignedMembers(target.left);
    case 'RestElement':
      return assignedMembers(target.argument);
    default:
      return [];
  }
}
