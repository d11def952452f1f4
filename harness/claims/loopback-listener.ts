import { randomBytes } from 'node:crypto';
import { chmod } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';

/**
 * A TCP listener on 127.0.0.1 that serves a random nonce to whoever connects: the network
 * probe's target. Reading the nonce proves a connection reached this process; nothing else
 * (no other address, no other host) is ever involved.
 */
export class LoopbackNonceListener {
  readonly nonce = randomBytes(16).toString('hex');
  /** Connections accepted so far. */
  accepted = 0;
  private constructor(private readonly server: Server) {}

  /**
   * The same, on a unix socket at `path` (mode 0666 so the container's uid can connect): the
   * dummy engine socket of the no-docker-socket control. It answers a nonce, nothing else.
   */
  static async openUnix(path: string): Promise<LoopbackNonceListener> {
    const listener = await LoopbackNonceListener.listen((server, ready) => server.listen(path, ready));
    await chmod(path, 0o666);
    return listener;
  }

  static async open(): Promise<LoopbackNonceListener> {
    return LoopbackNonceListener.listen((server, ready) => server.listen(0, '127.0.0.1', ready));
  }

  private static async listen(start: (server: Server, ready: () => void) => void): Promise<LoopbackNonceListener> {
    const server = createServer();
    const listener = new LoopbackNonceListener(server);
    server.on('connection', (socket) => {
      listener.accepted++;
      socket.on('error', () => {
        // A probe that drops the connection early is not our concern; the count is recorded.
      });
      socket.end(listener.nonce);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      start(server, () => resolve());
    });
    return listener;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
