import { parseConfig } from '../../harness/config/load-config.ts';
import { ConfigError } from '../../harness/errors.ts';

/** The ConfigError that parsing `text` (as `bad.yaml`) throws; fails when it parses or throws anything else. */
export function rejection(text: string): ConfigError {
  try {
    parseConfig(text, 'bad.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
