import Docker from 'dockerode';
import { InfrastructureError, type InfrastructureReason } from '../../errors.ts';
import { DEFAULT_API_TIMEOUT_MS, setApiTimeout, withDeadline } from './engine-deadline.ts';

/**
 * A dockerode client. With no options it honours DOCKER_HOST as the Docker CLI does (read now,
 * at call time, never at import time); tests pass `socketPath` to point it somewhere else.
 */
export function createEngineClient(options?: Docker.DockerOptions, apiTimeoutMs: number = DEFAULT_API_TIMEOUT_MS): Docker {
  return setApiTimeout(new Docker(options), apiTimeoutMs);
}

/** Turns an error from the Engine API into an InfrastructureError with a reason, or undefined. */
export function classifyEngineError(error: unknown, during: string): InfrastructureError | undefined {
  if (error instanceof InfrastructureError) return error;
  const e = error as { code?: string; statusCode?: number; message?: string; json?: { message?: string } };
  const detail = e.json?.message ?? e.message ?? String(error);
  let reason: InfrastructureReason | undefined;
  if (e.code && ['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(e.code)) {
    reason = 'engine-unreachable';
  } else if (e.statusCode === 404 && /no such image/i.test(detail)) {
    reason = 'image-missing';
  } else if (e.statusCode !== undefined && e.statusCode >= 500) {
    reason = /unknown or invalid runtime|runtime.*not found/i.test(detail) ? 'runtime-missing' : 'daemon-error';
  }
  if (!reason) return undefined;
  return new InfrastructureError(reason, `Docker Engine ${during} failed (${reason}): ${detail}`, { cause: error });
}

/**
 * Runs one Engine API call with a deadline (`sandbox.docker.api_timeout_seconds` unless given):
 * past it, an InfrastructureError `engine-timeout`. Pass the signal to dockerode as
 * `abortSignal` so the request is destroyed too. Rethrows engine failures as
 * InfrastructureError; anything else unchanged.
 */
export async function engineCall<T>(during: string, call: (signal: AbortSignal) => Promise<T>, timeoutMs: number = DEFAULT_API_TIMEOUT_MS): Promise<T> {
  try {
    return await withDeadline(during, timeoutMs, call);
  } catch (error) {
    throw classifyEngineError(error, during) ?? error;
  }
}
