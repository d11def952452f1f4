import type { SandboxConfig } from '../config/sandbox-config.ts';
import type { ExecutionResult } from '../sandbox/execution-result.ts';
import type { ClaimCheck } from './claim.ts';

/** A check whose outcome is `passed`; `observed` is recorded verbatim. */
export function checkThat(passed: boolean, expected: string, observed: Record<string, unknown>): ClaimCheck {
  return { passed, expected, observed };
}

/** The fields of an ExecutionResult a claim records: what happened, never the whole output. */
export function resultSummary(result: ExecutionResult): Record<string, unknown> {
  return {
    status: result.status,
    message: result.message,
    exitCode: result.exitCode,
    signal: result.signal,
    stdoutBytes: result.stdoutBytes,
    stderrBytes: result.stderrBytes,
    truncated: result.truncated,
    durationMs: result.durationMs,
    runtime: result.runtime,
    containerId: result.containerId?.slice(0, 12),
  };
}

/** The probe's value when the runner answered `ok`; throws with the result otherwise, so the check fails with the reason. */
export function probeValue<T>(result: ExecutionResult, probe: string): T {
  if (result.status !== 'ok') {
    throw new Error(
      `probe ${probe} did not answer: ${result.status}${result.message ? ` (${result.message})` : ''}${result.stderr ? `; stderr: ${result.stderr.slice(0, 500)}` : ''}`,
    );
  }
  return result.value as T;
}

/** A configPatch that replaces some of `docker`'s keys. */
export function patchDocker(keys: Partial<SandboxConfig['docker']>): (config: SandboxConfig) => SandboxConfig {
  return (config) => ({ ...config, docker: { ...config.docker, ...keys } });
}

/** A configPatch that replaces some of `output`'s keys. */
export function patchOutput(keys: Partial<SandboxConfig['output']>): (config: SandboxConfig) => SandboxConfig {
  return (config) => ({ ...config, output: { ...config.output, ...keys } });
}

export const MiB = 1024 ** 2;
