import type { ClaimContext, ClaimRunOptions } from '../claim.ts';
import { patchDocker, probeValue, resultSummary } from '../check.ts';

/** One syscall as the prober made it: its return value and errno name (null: it succeeded). */
export interface RawCall {
  nr?: number;
  ret?: number;
  errno: string | null;
  /** The arguments' purpose and the kernel's expected answer, from syscall-prober.c. */
  why?: string;
  unknown?: boolean;
}

/** What the raw-syscalls probe returns (docker/probe/raw-syscalls.mjs). */
export interface RawSyscallReport {
  ok: boolean;
  /** The prober's own Seccomp mode ('2' filtered, '0' not), from /proc/self/status. */
  seccomp?: string | null;
  uid?: number;
  calls?: Record<string, RawCall>;
  status?: number | null;
  signal?: string | null;
  errno?: string | null;
  stderr?: string;
}

/**
 * Capabilities both the probe and its control get (as root, uid 0) so that the kernel's own
 * capability check cannot answer EPERM before the filter is even in question: the prober's
 * arguments are rejected right after that check. Empty: the hardened user, no capability.
 */
export function withCapabilities(capabilities: readonly string[]): ClaimRunOptions['configPatch'] {
  return capabilities.length ? patchDocker({ user: '0:0', capAdd: [...capabilities] }) : undefined;
}

/** Runs the static prober in the probe image for `names`, with `capabilities` (and `options`' patch on top). */
export async function runRawSyscalls(
  context: ClaimContext,
  names: readonly string[],
  capabilities: readonly string[],
  options: ClaimRunOptions = {},
) {
  const caps = withCapabilities(capabilities);
  const configPatch: ClaimRunOptions['configPatch'] = (config) => {
    const withCaps = caps ? caps(config) : config;
    return options.configPatch ? options.configPatch(withCaps) : withCaps;
  };
  const result = await context.runProbe(
    'raw-syscalls',
    { names: [...names] },
    { ...options, configPatch, image: 'probe' },
  );
  const report = probeValue<RawSyscallReport>(result, 'raw-syscalls');
  return { report, run: resultSummary(result) };
}

/** `{ name: errno }` (`ok` for a call that succeeded), the short form recorded as `errnos`. */
export function errnosOf(report: RawSyscallReport, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    names.map((name) => [name, report.calls?.[name]?.errno ?? (report.calls?.[name] ? 'ok' : 'not made')]),
  );
}
