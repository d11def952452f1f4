import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import createDebug from 'debug';

const debug = createDebug('sandbox-gate:layers');

export type ListenerProtocol = 'tcp' | 'http' | 'udp';

/**
 * The loopback endpoints the corpus's network attacks aim at (a unit test checks the files use
 * exactly these). Loopback only: 127.0.0.1 and ::1, never anything beyond.
 */
export const LISTENER_ENDPOINTS: Readonly<Record<ListenerProtocol, { host: string; port: number }>> = Object.freeze({
  tcp: { host: '127.0.0.1', port: 47001 },
  http: { host: '127.0.0.1', port: 47002 },
  udp: { host: '::1', port: 47003 },
});

/**
 * Listeners on the host's loopback that count what reaches them: the observable breach of the
 * network attacks ("the listener on 127.0.0.1 records a connection"). A listener that cannot
 * start (the port is taken, no IPv6) is absent: `hits()` gives `undefined` for it, and the oracle
 * says the breach was not observable rather than guessing.
 */
export class LoopbackListeners implements AsyncDisposable {
  private readonly counts = new Map<ListenerProtocol, number>();
  private readonly closers: Array<() => Promise<void>> = [];

  private constructor() {}

  static async start(): Promise<LoopbackListeners> {
    const listeners = new LoopbackListeners();
    await Promise.all([listeners.startTcp(), listeners.startHttp(), listeners.startUdp()]);
    return listeners;
  }

  /** Contacts so far on one protocol, or `undefined` when its listener is not running. */
  hits(protocol: ListenerProtocol): number | undefined {
    return this.counts.get(protocol);
  }

  private count(protocol: ListenerProtocol): void {
    this.counts.set(protocol, (this.counts.get(protocol) ?? 0) + 1);
    debug('Loopback %s listener was contacted', protocol);
  }

  private async startTcp(): Promise<void> {
    const server: TcpServer = createTcpServer((socket) => {
      this.count('tcp');
      socket.destroy();
    });
    await this.listen('tcp', server);
  }

  private async startHttp(): Promise<void> {
    const server: HttpServer = createHttpServer((request, response) => {
      this.count('http');
      request.resume();
      response.end();
    });
    await this.listen('http', server);
  }

  private listen(protocol: 'tcp' | 'http', server: TcpServer | HttpServer): Promise<void> {
    const { host, port } = LISTENER_ENDPOINTS[protocol];
    return new Promise((resolve) => {
      server.once('error', (error) => {
        debug('The %s listener on %s:%d could not start: %s', protocol, host, port, error.message);
        resolve();
      });
      server.listen(port, host, () => {
        // Errors after the start (a client reset) must not crash the harness.
        server.on('error', (error) => debug('The %s listener: %s', protocol, error.message));
        this.counts.set(protocol, 0);
        this.closers.push(() => new Promise((done) => server.close(() => done())));
        resolve();
      });
    });
  }

  private startUdp(): Promise<void> {
    const { host, port } = LISTENER_ENDPOINTS.udp;
    const socket: UdpSocket = createSocket('udp6');
    socket.on('message', () => this.count('udp'));
    return new Promise((resolve) => {
      socket.once('error', (error) => {
        debug('The udp listener on [%s]:%d could not start: %s', host, port, error.message);
        socket.close();
        resolve();
      });
      socket.bind(port, host, () => {
        socket.on('error', (error) => debug('The udp listener: %s', error.message));
        this.counts.set('udp', 0);
        this.closers.push(() => new Promise((done) => socket.close(() => done())));
        resolve();
      });
    });
  }

  /** Closes every listener. Idempotent. */
  async close(): Promise<void> {
    const closers = this.closers.splice(0);
    await Promise.all(closers.map((close) => close()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
