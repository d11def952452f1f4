import type Docker from 'dockerode';
import { EnvironmentError, InfrastructureError } from '../errors.ts';
import { classifyEngineError, createEngineClient } from '../sandbox/docker/engine-client.ts';
import { withDeadline } from '../sandbox/docker/engine-deadline.ts';

/**
 * How long a command waits for the engine before it says there is none. A healthy local
 * engine answers `_ping` in 1 ms (median of 50 here, max 29 ms with six parallel users);
 * 3 s absorbs a busy host and still answers a hung or absent engine well inside the 15 s a
 * user waits for an environment error.
 */
export const PREFLIGHT_TIMEOUT_MS = 3_000;

/** What to do about a missing engine, in every message that reports one. */
export const ENGINE_FIX = 'start an engine with `sudo scripts/docker-engine.sh` (or point DOCKER_HOST at one)';

/** Where the client looks for the engine, as the user would write it. */
export function engineAddress(): string {
  return process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
}

/**
 * Checks, before anything else starts, that a Docker Engine answers: `run`, `bench`, `audit`
 * and `exec --mode docker` call it first, so a missing engine is an environment error (exit 3)
 * naming the fix, never a suite of skipped tests or a report that blames the sandbox.
 * Throws EnvironmentError `SANDBOX_GATE_ENGINE_MISSING`.
 */
export async function requireEngineFor(
  command: string,
  docker: Docker = createEngineClient(),
  timeoutMs = PREFLIGHT_TIMEOUT_MS,
): Promise<void> {
  try {
    await withDeadline('ping', timeoutMs, (abortSignal) =>
      (docker.ping as (options: { abortSignal: AbortSignal }) => Promise<unknown>).call(docker, { abortSignal }),
    );
  } catch (error) {
    const classified = classifyEngineError(error, 'ping');
    const why =
      classified instanceof InfrastructureError
        ? classified.message
        : `Docker Engine ping failed: ${(error as Error).message}`;
    throw new EnvironmentError(
      'SANDBOX_GATE_ENGINE_MISSING',
      `${command} needs a Docker Engine and none answers at ${engineAddress()}: ${why}`,
      ENGINE_FIX,
      { cause: error },
    );
  }
}
