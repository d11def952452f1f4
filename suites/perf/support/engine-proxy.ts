import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A unix socket that forwards every connection to the real engine's socket, and that a test
 * can stop and start again: while stopped, every open connection (attach streams included) is
 * cut and new ones are refused, which is what a client sees when the engine restarts. The
 * engine itself is never touched, so other suites sharing it are not disturbed.
 */
export class EngineProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  private constructor(
    readonly socketPath: string,
    private readonly dir: string,
    private readonly engineSocketPath: string,
  ) {}

  static async start(engineSocketPath: string): Promise<EngineProxy> {
    const dir = await mkdtemp(path.join(tmpdir(), 'sandbox-gate-proxy-'));
    const proxy = new EngineProxy(path.join(dir, 'engine.sock'), dir, engineSocketPath);
    await proxy.resume();
    return proxy;
  }

  /** Accepts connections again (the engine is back). */
  async resume(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => {
      const upstream = createConnection(this.engineSocketPath);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.socketPath, resolve);
    });
    this.server = server;
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
    await this.suspend();
    await rm(this.dir, { recursive: true, force: true });
  }
}
