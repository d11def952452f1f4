import type Docker from 'dockerode';
import { keyPathOf } from '../../config/config-keys.ts';
import { DEFAULT_SANDBOX_CONFIG } from '../../config/default-config.ts';
import { InfrastructureError } from '../../errors.ts';

/** How long one Engine API call may take before it is an `engine-timeout`: the default of `sandbox.docker.api_timeout_seconds` (config-keys.ts says why 10 s). */
export const DEFAULT_API_TIMEOUT_MS = DEFAULT_SANDBOX_CONFIG.docker.apiTimeoutMs;

const apiTimeouts = new WeakMap<Docker, number>();

/** Sets the per-call deadline used for every call made through this client. */
export function setApiTimeout(docker: Docker, timeoutMs: number): Docker {
  apiTimeouts.set(docker, timeoutMs);
  return docker;
}

/** The per-call deadline of this client (DEFAULT_API_TIMEOUT_MS unless set). */
export function apiTimeoutOf(docker: Docker | undefined): number {
  return (docker && apiTimeouts.get(docker)) ?? DEFAULT_API_TIMEOUT_MS;
}

/**
 * Runs one engine call with a deadline. Past it the call's AbortSignal fires (dockerode then
 * destroys the request, so no socket is left open) and the promise rejects with an
 * InfrastructureError `engine-timeout` naming the call and the key that sets the deadline.
 * The timer is always cleared: a call that answers leaves nothing behind.
 */
export function withDeadline<T>(
  during: string,
  timeoutMs: number,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new InfrastructureError(
        'engine-timeout',
        `Docker Engine ${during} failed (engine-timeout): no answer within ${formatSeconds(timeoutMs)}; the engine is hung or overloaded (raise ${keyPathOf('docker.apiTimeoutMs')} only if it is merely slow; check it with: sandbox-gate doctor)`,
      );
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  const running = call(controller.signal);
  // Once the deadline won, the call's own late rejection (the abort) must not go unhandled.
  running.catch(() => undefined);
  return Promise.race([running, expired]).finally(() => clearTimeout(timer));
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
