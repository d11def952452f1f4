import { parseDocument } from 'yaml';
import { isPathKey } from './config-key.ts';
import { CONFIG_KEYS } from './config-keys.ts';
import { getAtPath } from './property-path.ts';
import { pathInSection } from './section-spec.ts';

/**
 * The configuration as rows in the file's terms (`docker.memory_limit`: `2g`), one per key of
 * the table, for the report. A key added after a results file was written is absent from its
 * config: `not recorded`. A file path is shown as the config file (`fileText`, the text the run
 * read) wrote it: the code holds it resolved against the folder the run happened in, which
 * would make the same results.json render differently on another machine.
 */
export function configRows(config: unknown, fileText?: string): { name: string; value: string }[] {
  const file = fileText === undefined ? undefined : parseDocument(fileText);
  return CONFIG_KEYS.map((row) => {
    const inSection = pathInSection(row.keyPath);
    const value = getAtPath(config, row.property);
    const written = file && isPathKey(row) ? file.getIn(row.keyPath.split('.')) : undefined;
    return {
      name: inSection.includes('.') ? inSection : row.keyPath,
      value: value === undefined ? 'not recorded' : typeof written === 'string' ? written : show(row.toFile(value)),
    };
  });
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
