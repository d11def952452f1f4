import type { Node } from '@babel/types';

/** Keys of a Babel node whose object values are positions, comments or bookkeeping, never children. */
const NON_CHILD_KEYS = new Set([
  'loc',
  'range',
  'extra',
  'comments',
  'tokens',
  'leadingComments',
  'trailingComments',
  'innerComments',
  'errors',
]);

export type EnterNode = (node: Node, parent: Node | null, key: string | null) => void;

/** True for values that are AST nodes (objects with a string `type`). */
export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * Calls `enter` for `node` and every node below it, parents first, in source order.
 * Children are found generically (every property holding a node or an array of nodes), so a
 * node type this file has never heard of is still walked; that matters more here than speed.
 */
export function walk(node: Node, enter: EnterNode, parent: Node | null = null, key: string | null = null): void {
  enter(node, parent, key);
  const record = node as unknown as Record<string, unknown>;
  // Object.keys, not for-in: Babel's node prototype carries an enumerable helper (`__clone`).
  for (const childKey of Object.keys(record)) {
    const value = record[childKey];
    // Primitives (type, start, end, name, operator, ...) are most keys: skip them first.
    if (typeof value !== 'object' || value === null || NON_CHILD_KEYS.has(childKey)) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) walk(item, enter, node, childKey);
    } else if (isNode(value)) {
      walk(value, enter, node, childKey);
    }
  }
}

/** Calls `visit` for each direct child node, with the key it sits under. */
export function forEachChild(node: Node, visit: (child: Node, key: string) => void): void {
  const record = node as unknown as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (typeof value !== 'object' || value === null || NON_CHILD_KEYS.has(key)) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) visit(item, key);
    } else if (isNode(value)) {
      visit(value, key);
    }
  }
}
