import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * What the proxy does to the traffic between the client and the real engine:
 * - `none`: forwards every byte;
 * - `never-answer`: accepts connections, reads the requests, answers nothing (a hung dockerd);
 * - `accept-close`: accepts each connection and closes it at once;
 * - `create-500`: forwards everything except `POST /containers/create`, answered with HTTP 500;
 * - `cut-attach`: cuts every attach stream `cutAfterMs` after the job was written to it;
 * - `delay`: holds every chunk of every answer for `delayMs` before passing it on;
 * - `vanish-mid-job`: `cutAfterMs` after a job was written to an attach stream, the proxy
 *   goes away entirely (every connection cut, the socket file gone), as a dockerd that died.
 */
export type EngineFault =
  'none' | 'never-answer' | 'accept-close' | 'create-500' | 'cut-attach' | 'delay' | 'vanish-mid-job';

export interface FaultTuning {
  /** @default 2_000 */
  delayMs?: number;
  /** @default 300 */
  cutAfterMs?: number;
}

/** Requests as the proxy saw them, for the evidence: what the fault actually hit. */
export interface ProxyCounts {
  connections: number;
  creates: number;
  attaches: number;
  answered500: number;
  attachesCut: number;
  vanished: number;
}

/** The start of an HTTP request in a chunk from the client (node never pipelines requests). */
const REQUEST_LINE = /^(GET|POST|PUT|DELETE|HEAD) (\/\S*)/;

/**
 * A unix socket that forwards every connection to the real engine's socket, and that a test
 * can stop and start again, or switch to one of the faults above. While stopped, every open
 * connection (attach streams included) is cut and new ones are refused, which is what a client
 * sees when the engine restarts. The engine itself is never touched, so other suites sharing
 * it are not disturbed.
 */
export class EngineProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  fault: EngineFault = 'none';
  tuning: Required<FaultTuning> = { delayMs: 2_000, cutAfterMs: 300 };
  readonly counts: ProxyCounts = {
    connections: 0,
    creates: 0,
    attaches: 0,
    answered500: 0,
    attachesCut: 0,
    vanished: 0,
  };

  private constructor(
    readonly socketPath: string,
    private readonly dir: string,
    private readonly engineSocketPath: string,
  ) {}

  static async start(
    engineSocketPath: string,
    fault: EngineFault = 'none',
    tuning: FaultTuning = {},
  ): Promise<EngineProxy> {
    const dir = await mkdtemp(path.join(tmpdir(), 'sandbox-gate-proxy-'));
    const proxy = new EngineProxy(path.join(dir, 'engine.sock'), dir, engineSocketPath);
    proxy.fault = fault;
    proxy.tuning = { ...proxy.tuning, ...tuning };
    await proxy.resume();
    return proxy;
  }

  /** Accepts connections again (the engine is back). */
  async resume(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.socketPath, resolve);
    });
    this.server = server;
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  private accept(client: Socket): void {
    this.counts.connections += 1;
    this.track(client);
    client.on('error', () => client.destroy());
    if (this.fault === 'accept-close') {
      client.destroy();
      return;
    }
    if (this.fault === 'never-answer') {
      client.resume();
      return;
    }
    const upstream = createConnection(this.engineSocketPath);
    this.track(upstream);
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', cut);
    client.on('error', cut);
    client.on('close', () => upstream.destroy());
    // Under `delay`, the end of an answer is held like its bytes, or the held bytes would be lost.
    upstream.on('close', () =>
      this.fault === 'delay' ? this.later(this.tuning.delayMs, () => client.destroy()) : client.destroy(),
    );

    let attach = false;
    let upgraded = false;
    let jobSeen = false;
    client.on('data', (chunk: Buffer) => {
      const request = REQUEST_LINE.exec(chunk.subarray(0, 512).toString('latin1'));
      if (request) {
        const [, method, url] = request;
        if (method === 'POST' && /\/containers\/create\b/.test(url!)) {
          this.counts.creates += 1;
          if (this.fault === 'create-500') {
            this.counts.answered500 += 1;
            const body = JSON.stringify({ message: 'injected fault: the engine failed to create the container' });
            client.end(
              `HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
            );
            upstream.destroy();
            return;
          }
        }
        if (method === 'POST' && /\/containers\/[^/]+\/attach\b/.test(url!)) {
          this.counts.attaches += 1;
          attach = true;
        }
      } else if (upgraded && !jobSeen) {
        // The first bytes after the upgrade are the job written to the runner's stdin.
        jobSeen = true;
        if (this.fault === 'cut-attach') {
          this.later(this.tuning.cutAfterMs, () => {
            this.counts.attachesCut += 1;
            cut();
          });
        } else if (this.fault === 'vanish-mid-job') {
          this.later(this.tuning.cutAfterMs, () => {
            this.counts.vanished += 1;
            void this.suspend();
          });
        }
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (attach && !upgraded && chunk.subarray(0, 16).toString('latin1').startsWith('HTTP/1.1 101')) upgraded = true;
      if (this.fault !== 'delay') {
        client.write(chunk);
        return;
      }
      // Every chunk is held the same time, so the order is kept.
      this.later(this.tuning.delayMs, () => {
        if (!client.destroyed) client.write(chunk);
      });
    });
  }

  /** Cuts every connection and refuses new ones (the engine went away). */
  async suspend(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.suspend();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** The unix socket path a client talks to (the fault tests put the proxy in front of it). */
export async function engineSocketPath(docker: { modem: unknown }): Promise<string> {
  const socketPath = (docker.modem as { socketPath?: string | (() => Promise<string>) }).socketPath;
  if (typeof socketPath === 'function') return socketPath();
  if (!socketPath)
    throw new Error('the engine client does not use a unix socket (DOCKER_HOST is tcp?); the proxy needs one');
  return socketPath;
}
