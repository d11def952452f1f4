import { CONFIG_KEYS } from './config-keys.ts';
import type { FieldSpec } from './schema-check.ts';

type RecordSpec = Extract<FieldSpec, { kind: 'record' }>;

/** The top-level section this package owns in a learning_system.yaml. */
export const SANDBOX_SECTION = 'sandbox';

/** `sandbox.docker.cap_add` -> `docker.cap_add`: the path inside the sandbox: section. */
export function pathInSection(keyPath: string): string {
  return keyPath.slice(SANDBOX_SECTION.length + 1);
}

/** What the YAML may contain under `sandbox:`, in the file's own units: the table's keys as nested records, in its order. */
export const SANDBOX_SECTION_SPEC: FieldSpec = sectionSpec();

function sectionSpec(): RecordSpec {
  const root: RecordSpec = { kind: 'record', fields: {} };
  for (const row of CONFIG_KEYS) {
    let node = root;
    const segments = pathInSection(row.keyPath).split('.');
    for (const segment of segments.slice(0, -1)) {
      node.fields[segment] ??= { kind: 'record', fields: {} };
      node = node.fields[segment] as RecordSpec;
    }
    node.fields[segments[segments.length - 1]!] = row.spec;
  }
  return root;
}
