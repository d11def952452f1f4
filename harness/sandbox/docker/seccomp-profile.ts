import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../../errors.ts';
import { keyPathOf } from '../../config/config-keys.ts';
import { REPO_ROOT } from './image.ts';

export interface SeccompProfile {
  path: string;
  /** Minified JSON, as passed in `SecurityOpt: ["seccomp=<json>"]`. */
  json: string;
  /** sha256 of the minified JSON: what the audit compares with the live container. */
  sha256: string;
}

/**
 * Loads the profile named by sandbox.docker.seccomp_profile. loadConfig has already made a
 * file's relative path absolute (against the file's folder); a relative path here comes from a
 * config built in code and resolves against the package root.
 */
export async function loadSeccompProfile(
  profilePath: string,
  configFile = 'config',
): Promise<SeccompProfile | 'unconfined'> {
  if (profilePath === 'unconfined') return 'unconfined';
  const absolute = path.isAbsolute(profilePath) ? profilePath : path.join(REPO_ROOT, profilePath);
  const key = keyPathOf('docker.seccompProfile');
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(absolute, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      configFile,
      key,
      'a readable seccomp JSON profile',
      `${absolute} (${(error as Error).message})`,
      { cause: error },
    );
  }
  if (typeof parsed !== 'object' || parsed === null || !('defaultAction' in parsed)) {
    throw new ConfigError(configFile, key, 'a seccomp profile with a defaultAction', absolute);
  }
  const json = JSON.stringify(parsed);
  return { path: absolute, json, sha256: createHash('sha256').update(json).digest('hex') };
}
