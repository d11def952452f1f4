import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContainerCheckContext } from '../../harness/audit/container-check.ts';
import type { ContainerInspect } from '../../harness/audit/container-inspect.ts';
import { sha256Hex } from '../../harness/audit/seccomp-option.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
export const PROFILE_PATH = 'seccomp/sandbox-node.json';

/** The project's profile as loadSeccompProfile minifies it, read now (the profile changes; the fixture must not go stale). */
export function profileJson(): string {
  return JSON.stringify(JSON.parse(readFileSync(path.join(REPO, PROFILE_PATH), 'utf8')));
}

export function seccompContext(): ContainerCheckContext {
  return { seccomp: { sha256: sha256Hex(profileJson()), path: PROFILE_PATH } };
}

/**
 * `docker inspect` of a real sandbox container started from config/learning_system.yaml
 * (Docker 20.10, runc), with the seccomp JSON put back in place of `<PROFILE>`. A fresh deep
 * copy on every call, so each test may mutate it.
 */
export function hardenedInspect(): ContainerInspect {
  const inspect = JSON.parse(
    readFileSync(path.join(HERE, 'fixtures/hardened-inspect.json'), 'utf8'),
  ) as ContainerInspect;
  inspect.HostConfig!.SecurityOpt = inspect.HostConfig!.SecurityOpt!.map((entry) =>
    entry === 'seccomp=<PROFILE>' ? `seccomp=${profileJson()}` : entry,
  );
  return inspect;
}

/** The hardened inspect with one change applied. */
export function mutated(change: (inspect: ContainerInspect) => void): ContainerInspect {
  const inspect = hardenedInspect();
  change(inspect);
  return inspect;
}
