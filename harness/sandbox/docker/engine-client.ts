import Docker from 'dockerode';
import { InfrastructureError, type InfrastructureReason } from '../../errors.ts';
import { DEFAULT_API_TIMEOUT_MS, setApiTimeout, withDeadline } from './engine-deadline.ts';
import { engineErrorDetail, engineErrorKind, type EngineErrorKind } from './engine-error.ts';

/**
 * A dockerode client. With no options it honours DOCKER_HOST as the Docker CLI does (read now,
 * at call time, never at import time); tests pass `socketPath` to point it somewhere else.
 */
export function createEngineClient(
  options?: Docker.DockerOptions,
  apiTimeoutMs: number = DEFAULT_API_TIMEOUT_MS,
): Docker {
  return setApiTimeout(new Docker(options), apiTimeoutMs);
}

/** Turns an error from the Engine API into an InfrastructureError with a reason, or undefined (see engine-error.ts). */
export function classifyEngineError(error: unknown, during: string): InfrastructureError | undefined {
  if (error instanceof InfrastructureError) return error;
  const detail = engineErrorDetail(error);
  const reason = infrastructureReason(engineErrorKind(error), detail);
  if (!reason) return undefined;
  return new InfrastructureError(reason, `Docker Engine ${during} failed (${reason}): ${detail}`, { cause: error });
}

/** 404 on a container, 409 and 400 are answers the caller handles; they are not the engine failing. */
function infrastructureReason(kind: EngineErrorKind | undefined, detail: string): InfrastructureReason | undefined {
  if (kind === 'unreachable') return 'engine-unreachable';
  if (kind === 'no-such-image') return 'image-missing';
  if (kind === 'daemon-error')
    return /unknown or invalid runtime|runtime.*not found/i.test(detail) ? 'runtime-missing' : 'daemon-error';
  return undefined;
}

/**
 * Runs one Engine API call with a deadline (`sandbox.docker.api_timeout_seconds` unless given):
 * past it, an InfrastructureError `engine-timeout`. Pass the signal to dockerode as
 * `abortSignal` so the request is destroyed too. Rethrows engine failures as
 * InfrastructureError; anything else unchanged.
 */
export async function engineCall<T>(
  during: string,
  call: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number = DEFAULT_API_TIMEOUT_MS,
): Promise<T> {
  try {
    return await withDeadline(during, timeoutMs, call);
  } catch (error) {
    throw classifyEngineError(error, during) ?? error;
  }
}
