import type Docker from 'dockerode';
import { createEngineClient } from '../../harness/sandbox/docker/engine-client.ts';

/** What one `docker info` said: whether the engine answers, and which OCI runtimes it has. */
export interface EngineStatus {
  available: boolean;
  reason?: string;
  runtimes: string[];
  docker: Docker;
}

/** The engine a Docker suite test gets from its fixture (suites/support/docker-test.ts). */
export interface Engine {
  docker: Docker;
  /** The OCI runtimes the engine has registered, e.g. `['io.containerd.runc.v2', 'runc', 'runsc']`. */
  runtimes: string[];
}

/** Whether a file's Docker tests run: `skipBecause` is the reason they are skipped, loudly. */
export type EngineVerdict = { engine: Engine } | { skipBecause: string };

let status: Promise<EngineStatus> | undefined;
let verdict: Promise<EngineVerdict> | undefined;

/** Asks the engine once per test file (DOCKER_HOST read now) whether it answers and which runtimes it has. */
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
 * The rule, kept apart from the engine so a unit test can feed it any status: in CI
 * (`CI=true`) a missing engine is a failure, never a skip; on a laptop without Docker the
 * suites skip, with the reason and how to start an engine.
 */
export function judgeEngine(engine: EngineStatus, ci: boolean): EngineVerdict {
  if (engine.available) return { engine: { docker: engine.docker, runtimes: engine.runtimes } };
  const message = `no Docker Engine answers (${engine.reason}); start one with: sudo scripts/docker-engine.sh`;
  if (ci) throw new Error(`CI=true and ${message}`);
  return { skipBecause: message };
}

/**
 * Whether this file's Docker tests run, decided once per file: throws in CI without an engine
 * (the file fails to load), else warns once when they skip. The fixture and the leak check of
 * setup.ts share it, so a laptop run prints one warning per file, not two.
 */
export function requireEngine(): Promise<EngineVerdict> {
  verdict ??= (async () => {
    const judged = judgeEngine(await engineStatus(), process.env.CI === 'true');
    if ('skipBecause' in judged) console.warn(`\n*** SKIPPING the Docker suites: ${judged.skipBecause} ***\n`);
    return judged;
  })();
  return verdict;
}
