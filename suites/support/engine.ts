import type Docker from 'dockerode';
import { createEngineClient } from '../../harness/sandbox/docker/engine-client.ts';

export interface EngineStatus {
  available: boolean;
  reason?: string;
  runtimes: string[];
  docker: Docker;
}

let status: Promise<EngineStatus> | undefined;

/** Asks the engine once per test file whether it answers and which runtimes it has. */
export function engineStatus(): Promise<EngineStatus> {
  status ??= (async () => {
    const docker = createEngineClient();
    try {
      const info = (await docker.info()) as { Runtimes?: Record<string, unknown> };
      return { available: true, runtimes: Object.keys(info.Runtimes ?? {}), docker };
    } catch (error) {
      return { available: false, reason: (error as Error).message, runtimes: [], docker };
    }
  })();
  return status;
}

/**
 * Whether the Docker suites run. In CI a missing engine is a failure, never a skip; on a
 * laptop without Docker the suites skip, loudly.
 */
export async function requireEngine(): Promise<EngineStatus> {
  const engine = await engineStatus();
  if (!engine.available) {
    const message = `no Docker Engine answers (${engine.reason}); start one with: sudo scripts/docker-engine.sh`;
    if (process.env.CI === 'true') throw new Error(`CI=true and ${message}`);
    console.warn(`\n*** SKIPPING the Docker suites: ${message} ***\n`);
  }
  return engine;
}
