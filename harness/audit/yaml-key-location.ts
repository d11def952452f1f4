import { LineCounter, isMap, isScalar, parseDocument, type Node } from 'yaml';

export interface KeyLocation {
  /** The key path that was found: the requested one, or its deepest ancestor present in the file. */
  keyPath: string;
  /** 1-based, of the key's first character. */
  line: number;
  column: number;
}

/**
 * Where a dotted key path (`sandbox.docker.cap_add`) is written in a YAML text, via the `yaml`
 * package's node ranges. A key left to its default is not in the file: then the deepest
 * ancestor that is (`sandbox.docker`) is returned, so a finding still points somewhere real.
 * Undefined when not even the first segment is in the file, or the text is not YAML.
 */
export function findKeyLocation(text: string, keyPath: string): KeyLocation | undefined {
  const lineCounter = new LineCounter();
  let document;
  try {
    document = parseDocument(text, { lineCounter });
  } catch {
    // Not YAML: the finding keeps its logical location only.
    return undefined;
  }
  if (document.errors.length > 0) return undefined;
  let node: Node | null | undefined = document.contents as Node | null;
  let found: { path: string[]; offset: number } | undefined;
  const segments = keyPath.split('.');
  for (let depth = 0; depth < segments.length; depth++) {
    if (!isMap(node)) break;
    const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segments[depth]);
    if (!pair || !isScalar(pair.key) || !pair.key.range) break;
    found = { path: segments.slice(0, depth + 1), offset: pair.key.range[0] };
    node = pair.value as Node | null;
  }
  if (!found) return undefined;
  const { line, col } = lineCounter.linePos(found.offset);
  return { keyPath: found.path.join('.'), line, column: col };
}
