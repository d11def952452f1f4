import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `name` in our package.json: the folder that holds it is the package root. */
const PACKAGE_NAME = 'sandbox-gate';

/**
 * Walks up from `start` to the nearest package.json whose name is sandbox-gate. Nearest and
 * named, not just nearest: an installed copy sits in node_modules/sandbox-gate/ of someone
 * else's project, and a test may one day run from a folder with its own package.json.
 */
export function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME)
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error(
        `no package.json named ${PACKAGE_NAME} in ${start} or any folder above it (is the package installed whole?)`,
      );
    dir = parent;
  }
}

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * The package root: the folder of package.json, config/, docker/, seccomp/, templates/,
 * schemas/, data/ and suites/fixtures/. The same from source (harness/ under tsx or vitest)
 * and from the build (dist/harness/), from any working directory.
 */
export const PACKAGE_ROOT = findPackageRoot(HERE);

/**
 * The folder that holds the harness/ and suites/ being run: the package root from source,
 * dist/ from the build. The gate's vitest projects live here (vitest.config.ts or .js), so
 * the suites it runs import exactly the harness modules the CLI is running.
 */
export const CODE_ROOT = path.dirname(HERE);

/**
 * Where the gate runs its vitest projects. A checkout has its sources and its own unit tests
 * (vitest.config.ts, test/): the gate runs them there, as `npm test` does, so that its unit
 * phase is not empty. An installed package ships neither: it runs the compiled suites of
 * dist/, and its unit phase is empty (the decision says so: evidence-missing).
 */
export const SUITES_ROOT = existsSync(path.join(PACKAGE_ROOT, 'vitest.config.ts')) ? PACKAGE_ROOT : CODE_ROOT;

/** True when running the compiled JavaScript of dist/ (an installed package), false from the .ts sources. */
export const RUNNING_BUILT = CODE_ROOT !== PACKAGE_ROOT;

/** An absolute path inside the package, e.g. `packagePath('config/learning_system.yaml')`. */
export function packagePath(relative: string): string {
  return path.join(PACKAGE_ROOT, relative);
}

/** The version in package.json, read when asked (the CLI's --version), not at import. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
}
