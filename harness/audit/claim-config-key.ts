import { SANDBOX_SECTION_SPEC } from '../config/sandbox-config.ts';

/** The relaxations (container-spec.ts) that stand for a config key in a claim's `relaxes` text. */
const RELAXATION_KEYS: Record<string, string> = {
  memoryBytes: 'memory_limit',
  noCpuLimit: 'cpu_count',
  noPidsLimit: 'pids_limit',
  tmpfsExec: 'tmpfs_size',
  tmpfsBytes: 'tmpfs_size',
};

function dockerKeys(): string[] {
  const docker = SANDBOX_SECTION_SPEC.kind === 'record' ? SANDBOX_SECTION_SPEC.fields.docker : undefined;
  return docker?.kind === 'record' ? Object.keys(docker.fields) : [];
}

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
  for (const key of dockerKeys()) {
    const at = relaxes.search(new RegExp(`\\b${key}\\b`));
    if (at >= 0 && (best === undefined || at < best.at)) best = { at, key };
  }
  if (!best) {
    for (const [relaxation, key] of Object.entries(RELAXATION_KEYS)) {
      const at = relaxes.search(new RegExp(`\\b${relaxation}\\b`));
      if (at >= 0 && (best === undefined || at < best.at)) best = { at, key };
    }
  }
  if (!best && /seccomp/i.test(relaxes)) return 'sandbox.docker.seccomp_profile';
  return best ? `sandbox.docker.${best.key}` : 'sandbox.docker';
}
