// The package's own configuration files, in a module of their own so that the CLI can show
// them in --help without loading the YAML parser and the validators.
import path from 'node:path';
import { PACKAGE_CONFIG_DIR } from './package-config-dir.ts';

/** The package's own sandbox configuration, absolute so that it is found from any working directory. */
export const DEFAULT_CONFIG_PATH = path.join(PACKAGE_CONFIG_DIR, 'learning_system.yaml');

/** The package's own decision policy, absolute so that it is found from any working directory. */
export const DEFAULT_POLICY_PATH = path.join(PACKAGE_CONFIG_DIR, 'decision-policy.yaml');
