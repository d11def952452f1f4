import { packagePath } from '../package-root.ts';

/**
 * The package's config/ folder, from any working directory and from dist/: the built-in
 * defaults' relative paths resolve against it, as if they were written in config/learning_system.yaml.
 */
export const PACKAGE_CONFIG_DIR = packagePath('config');
