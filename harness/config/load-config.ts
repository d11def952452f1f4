import { access } from 'node:fs/promises';
import path from 'node:path';
import { parseYamlMapping, readYamlText } from './yaml-file.ts';
import { ConfigError } from '../errors.ts';
import { CONFIG_KEYS } from './config-keys.ts';
import { isPathKey } from './config-key.ts';
import { didYouMean } from './did-you-mean.ts';
import { getAtPath } from './property-path.ts';
import { readSection } from './read-section.ts';
import { checkValue } from './schema-check.ts';
import { SANDBOX_SECTION, SANDBOX_SECTION_SPEC } from './section-spec.ts';
import type { LoadedConfig } from './sandbox-config.ts';
import { DEFAULT_CONFIG_PATH } from './default-paths.ts';

export { DEFAULT_CONFIG_PATH };

/** The top-level sections a learning_system.yaml may have. */
const TOP_LEVEL_SECTIONS: readonly string[] = [SANDBOX_SECTION];

/**
 * Reads, validates and applies defaults to a learning_system.yaml. Relative paths in it resolve
 * against its folder (as docker compose does) and must name existing files. Throws ConfigError (exit 2).
 */
export async function loadConfig(file: string = DEFAULT_CONFIG_PATH): Promise<LoadedConfig> {
  const loaded = parseConfig(await readYamlText(file), path.resolve(file));
  await checkPathsExist(loaded);
  return loaded;
}

/** Validates configuration text; `file` names it in messages and its folder is the base of relative paths. */
export function parseConfig(text: string, file: string): LoadedConfig {
  const document = parseYamlMapping(text, file, 'a mapping with a sandbox: section');
  // The file holds the sandbox section only; a misspelled one (`sandbx:`) would otherwise be
  // ignored silently and every default would apply.
  for (const key of Object.keys(document)) {
    if (!TOP_LEVEL_SECTIONS.includes(key)) {
      const hint = didYouMean(key, TOP_LEVEL_SECTIONS);
      throw new ConfigError(
        file,
        key,
        `no such top-level section${hint ? ` (did you mean ${hint}?)` : ''}; known sections are ${TOP_LEVEL_SECTIONS.join(', ')}`,
        document[key],
      );
    }
  }
  const section = document[SANDBOX_SECTION];
  if (section === undefined) throw new ConfigError(file, SANDBOX_SECTION, 'a sandbox: section', undefined);
  const checked = checkValue(file, SANDBOX_SECTION, SANDBOX_SECTION_SPEC, section) as Record<string, unknown>;
  return { file, sandbox: readSection(checked, path.dirname(path.resolve(file))) };
}

/** A path key naming a file that is not there fails now, naming the file, the key and the resolved path. */
async function checkPathsExist(loaded: LoadedConfig): Promise<void> {
  for (const row of CONFIG_KEYS.filter(isPathKey)) {
    const resolved = getAtPath(loaded.sandbox, row.property) as string;
    if (!path.isAbsolute(resolved)) continue; // a word such as `unconfined`
    try {
      await access(resolved);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new ConfigError(
        loaded.file,
        row.keyPath,
        `${row.spec.kind === 'string' ? row.spec.description : 'a path'} (relative paths resolve against ${path.dirname(loaded.file)})`,
        `${resolved} (${code})`,
        { cause: error },
      );
    }
  }
}
