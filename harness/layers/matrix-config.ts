import type { SandboxConfig } from '../config/sandbox-config.ts';

/** Limits the matrix runs every column under; the mechanisms are the real ones, only smaller. */
export interface MatrixLimits {
  /** Wall-clock limit of one execution. @default 5_000 (5 s) */
  timeoutMs: number;
  /** Memory limit of the container; the local runner's V8 heap cap is 3/4 of it. @default 256 MiB */
  memoryBytes: number;
}

export const DEFAULT_MATRIX_LIMITS: MatrixLimits = { timeoutMs: 5_000, memoryBytes: 256 * 1024 ** 2 };

/**
 * The configuration every column runs with: the given one (the shipped file, as users run it)
 * with a short timeout and a small memory limit, so that resource abuse ends in seconds rather
 * than after the shipped 300 s and 2 GiB. Nothing else is changed: network, rootfs, user,
 * capabilities, seccomp, pids, output caps and the pool stay as configured.
 */
export function matrixConfig(base: SandboxConfig, limits: Partial<MatrixLimits> = {}): SandboxConfig {
  const { timeoutMs, memoryBytes } = { ...DEFAULT_MATRIX_LIMITS, ...limits };
  if (!(timeoutMs > 0))
    throw new RangeError(`layer matrix: timeoutMs must be a positive number of milliseconds, received ${timeoutMs}`);
  if (!(memoryBytes > 0))
    throw new RangeError(`layer matrix: memoryBytes must be a positive number of bytes, received ${memoryBytes}`);
  return { ...base, docker: { ...base.docker, timeoutMs, memoryBytes } };
}
