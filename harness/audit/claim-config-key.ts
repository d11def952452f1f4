import { CONFIG_KEYS, keyPathOf } from '../config/config-keys.ts';

const DOCKER = 'sandbox.docker';

/** The relaxations (container-spec.ts) that stand for a config key in a claim's `relaxes` text. */
const RELAXATION_KEYS: Record<string, string> = {
  memoryBytes: keyPathOf('docker.memoryBytes'),
  noCpuLimit: keyPathOf('docker.cpuCount'),
  noPidsLimit: keyPathOf('docker.pidsLimit'),
  tmpfsExec: keyPathOf('docker.tmpfsBytes'),
  tmpfsBytes: keyPathOf('docker.tmpfsBytes'),
};

/** The keys under sandbox.docker, by their last segment (`read_only_rootfs`). */
const DOCKER_KEYS = CONFIG_KEYS.filter((row) => row.keyPath.startsWith(`${DOCKER}.`)).map((row) => ({ name: row.keyPath.slice(DOCKER.length + 1), keyPath: row.keyPath }));

/**
 * The config key a claim is about, read from its `relaxes` text ("read_only_rootfs: false",
 * "relax.noPidsLimit"): the key SARIF points at when the claim fails. A text that names no key
 * but a seccomp profile ("clone3 answered EPERM ... (seccomp/variants/...)") is about
 * seccomp_profile; otherwise `sandbox.docker` (a protection no setting can turn off).
 */
export function claimConfigKey(relaxes: string): string {
  // A full key path outside sandbox.docker ("sandbox.backtest.lookahead.enabled: false") names itself.
  const explicit = /^(sandbox\.(?!docker\b)[\w.]+)/.exec(relaxes);
  if (explicit) return explicit[1]!;
  let best: { at: number; key: string } | undefined;
  for (const { name, keyPath } of DOCKER_KEYS) {
    const at = relaxes.search(new RegExp(`\\b${name}\\b`));
    if (at >= 0 && (best === undefined || at < best.at)) best = { at, key: keyPath };
  }
  if (!best) {
    for (const [relaxation, key] of Object.entries(RELAXATION_KEYS)) {
      const at = relaxes.search(new RegExp(`\\b${relaxation}\\b`));
      if (at >= 0 && (best === undefined || at < best.at)) best = { at, key };
    }
  }
  if (!best && /seccomp/i.test(relaxes)) return keyPathOf('docker.seccompProfile');
  return best ? best.key : DOCKER;
}
