import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { createEngineClient } from '../../../harness/sandbox/docker/engine-client.ts';

/** One answer of the scripted engine: an HTTP status and the JSON body the Docker Engine sends. */
export interface ScriptedAnswer {
  status: number;
  body?: { message: string };
}

/**
 * An HTTP server on a unix socket that answers requests with a script, so dockerode and
 * docker-modem build their real error objects (statusCode, reason, json) from real responses.
 * Every request is recorded as `METHOD path`.
 */
export class ScriptedEngine {
  readonly requests: string[] = [];
  readonly docker: Docker;

  private constructor(
    private readonly server: Server,
    private readonly dir: string,
    socketPath: string,
  ) {
    this.docker = createEngineClient({ socketPath });
  }

  static async start(answers: ScriptedAnswer[]): Promise<ScriptedEngine> {
    const dir = await mkdtemp(path.join(tmpdir(), 'sandbox-gate-scripted-engine-'));
    const socketPath = path.join(dir, 'engine.sock');
    const script = [...answers];
    const server = createServer((request, response) => {
      engine.requests.push(`${request.method} ${request.url?.split('?')[0]}`);
      const answer = script.shift() ?? { status: 500, body: { message: 'scripted engine: no answer left' } };
      request.resume();
      response.writeHead(answer.status, { 'Content-Type': 'application/json' });
      response.end(answer.body ? JSON.stringify(answer.body) : undefined);
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    const engine = new ScriptedEngine(server, dir, socketPath);
    return engine;
  }

  /** The rejection of one request through dockerode, as the harness would catch it. */
  async errorOf(call: (docker: Docker) => Promise<unknown>): Promise<unknown> {
    return call(this.docker).then(
      () => undefined,
      (error: unknown) => error,
    );
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** The Docker Engine's own messages (moby daemon/delete.go, daemon/errors.go). */
export const ENGINE_ANSWERS = {
  noSuchContainer: { status: 404, body: { message: 'No such container: 0123456789ab' } },
  noSuchImage: { status: 404, body: { message: 'No such image: sandbox-gate/does-not-exist:never' } },
  removalInProgress: { status: 409, body: { message: 'removal of container 0123456789ab is already in progress' } },
  nameConflict: {
    status: 409,
    body: { message: 'Conflict. The container name "/x" is already in use by container "0123456789ab".' },
  },
  badParameter: {
    status: 400,
    body: { message: 'Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available' },
  },
  serverError: { status: 500, body: { message: 'unknown or invalid runtime name: runsc' } },
  removed: { status: 204 },
} satisfies Record<string, ScriptedAnswer>;
