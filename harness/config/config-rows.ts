import { CONFIG_KEYS } from './config-keys.ts';
import { getAtPath } from './property-path.ts';
import { pathInSection } from './section-spec.ts';

/**
 * The configuration as rows in the file's terms (`docker.memory_limit`: `2g`), one per key of
 * the table, for the report. A key added after a results file was written is absent from its
 * config: `not recorded`.
 */
export function configRows(config: unknown): { name: string; value: string }[] {
  return CONFIG_KEYS.map((row) => {
    const inSection = pathInSection(row.keyPath);
    const value = getAtPath(config, row.property);
    return {
      name: inSection.includes('.') ? inSection : row.keyPath,
      value: value === undefined ? 'not recorded' : show(row.toFile(value)),
    };
  });
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
