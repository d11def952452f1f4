/**
 * Dotted paths to the leaves of a config object (`docker.memoryBytes`); arrays and unions of
 * scalars are leaves. The config-key table names each key's property with one of these, so a
 * row that names a property the interface does not have is a compile error.
 */
export type LeafPath<T> = {
  [K in keyof T & string]: T[K] extends readonly unknown[] ? K : T[K] extends object ? `${K}.${LeafPath<T[K]>}` : K;
}[keyof T & string];

/** The type found at a dotted path: `ValueAt<SandboxConfig, 'docker.pidsLimit'>` is number. */
export type ValueAt<T, P extends string> = P extends `${infer Head}.${infer Rest}`
  ? Head extends keyof T
    ? ValueAt<T[Head], Rest>
    : never
  : P extends keyof T
    ? T[P]
    : never;

/** The value at a dotted path, or undefined when a segment is missing (old results files). */
export function getAtPath(object: unknown, dotted: string): unknown {
  let node = object;
  for (const segment of dotted.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** Sets the value at a dotted path, creating the mappings on the way. */
export function setAtPath(object: Record<string, unknown>, dotted: string, value: unknown): void {
  const segments = dotted.split('.');
  let node = object;
  for (const segment of segments.slice(0, -1)) {
    node[segment] ??= {};
    node = node[segment] as Record<string, unknown>;
  }
  node[segments[segments.length - 1]!] = value;
}
