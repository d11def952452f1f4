import type { Node } from '@babel/types';

/** Keys of a Babel node that hold positions, comments or parser bookkeeping, never children. */
const NON_CHILD_KEYS = new Set([
  'type', 'start', 'end', 'loc', 'range', 'extra', 'comments', 'tokens',
  'leadingComments', 'trailingComments', 'innerComments', 'errors',
]);

export type EnterNode = (node: Node, parent: Node | null, key: string | null) => void;

/** True for values that are AST nodes (objects with a string `type`). */
export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Calls `enter` for `node` and every node below it, parents first, in source order. */
export function walk(node: Node, enter: EnterNode, parent: Node | null = null, key: string | null = null): void {
  enter(node, parent, key);
  forEachChild(node, (child, childKey) => walk(child, enter, node, childKey));
}

/** Calls `visit` for each direct child node, with the key it sits under. */
export function forEachChild(node: Node, visit: (child: Node, key: string) => void): void {
  const record = node as unknown as Record<string, unknown>;
  for (const key in record) {
    if (NON_CHILD_KEYS.has(key)) continue;
    const value = record[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) visit(item, key);
    } else if (isNode(value)) {
      visit(value, key);
    }
  }
}
