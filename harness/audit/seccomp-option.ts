import { createHash } from 'node:crypto';

/** What a container's `seccomp` security option says, read from `HostConfig.SecurityOpt`. */
export type SeccompOption =
  /** No `seccomp` entry: the engine's default profile, not ours. */
  | { kind: 'engine-default' }
  | { kind: 'unconfined' }
  /** A profile given inline; `sha256` is of the minified JSON, as loadSeccompProfile hashes it. */
  | { kind: 'profile'; sha256: string; defaultAction: unknown }
  /** Something that is neither `unconfined` nor JSON (e.g. a path an older engine kept). */
  | { kind: 'unreadable'; value: string; reason: string }
  /** More than one `seccomp` entry: which one the engine applies is not the audit's guess to make. */
  | { kind: 'ambiguous'; count: number };

/**
 * Extracts the seccomp profile from the security options. Docker 20.10 keeps the entry as the
 * client gave it (`seccomp=<json>`; the legacy separator `seccomp:` is accepted too). The JSON
 * is minified the same way loadSeccompProfile does (`JSON.stringify(JSON.parse(x))`) so that the
 * hash compares the profile's content, not its whitespace.
 */
export function readSeccompOption(securityOpt: readonly string[] | null | undefined): SeccompOption {
  const entries = (securityOpt ?? []).filter((entry) => /^seccomp[=:]/.test(entry));
  if (entries.length === 0) return { kind: 'engine-default' };
  if (entries.length > 1) return { kind: 'ambiguous', count: entries.length };
  const value = entries[0]!.slice('seccomp='.length);
  if (value === 'unconfined') return { kind: 'unconfined' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    return { kind: 'unreadable', value: value.slice(0, 200), reason: (error as Error).message };
  }
  const minified = JSON.stringify(parsed);
  const defaultAction =
    typeof parsed === 'object' && parsed !== null ? (parsed as { defaultAction?: unknown }).defaultAction : undefined;
  return { kind: 'profile', sha256: sha256Hex(minified), defaultAction };
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A short, printable form for evidence ("profile sha256 3f2a...", "unconfined"). */
export function describeSeccompOption(option: SeccompOption): string {
  switch (option.kind) {
    case 'engine-default':
      return 'no seccomp option (the engine default profile, not ours)';
    case 'unconfined':
      return 'seccomp=unconfined';
    case 'profile':
      return `a profile with sha256 ${option.sha256} (defaultAction ${JSON.stringify(option.defaultAction)})`;
    case 'unreadable':
      return `an unreadable seccomp option (${option.reason}): ${option.value}`;
    case 'ambiguous':
      return `${option.count} seccomp options`;
  }
}
