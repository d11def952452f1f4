import { fileURLToPath } from 'node:url';

/**
 * The package's config/ folder, from any working directory: the built-in defaults' relative
 * paths resolve against it, as if they were written in config/learning_system.yaml.
 * (Computed like REPO_ROOT in sandbox/docker/image.ts, without importing the engine client;
 * to be replaced by harness/package-root.ts once that lands.)
 */
export const PACKAGE_CONFIG_DIR = fileURLToPath(new URL('../../config/', import.meta.url)).replace(/[\\/]$/, '');
