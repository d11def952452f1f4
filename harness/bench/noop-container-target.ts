import type Docker from 'dockerode';
import { engineCall } from '../sandbox/docker/engine-client.ts';
import { removeContainer } from '../sandbox/docker/remove-container.ts';
import type { BenchOutcome } from './bench-target.ts';

/**
 * What the no-op container's process does:
 * - `none`: `node --version`, which prints and exits before V8 creates a context (3 ms on the
 *   host): the engine's own limit, what no sandbox built on containers can go below;
 * - `node-start`: `node -e 0`, Node's whole start and exit (57 ms on the host, 2 cores): what
 *   any runner written for Node pays before its own code, the runner's ses and lockdown().
 */
export type NoopProcess = 'none' | 'node-start';

const COMMAND: Record<NoopProcess, string[]> = { none: ['--version'], 'node-start': ['-e', '0'] };
const MODE = { none: 'docker-noop', 'node-start': 'docker-node-noop' } as const;

/**
 * A limit of this engine for one execution: a bare create + start + wait + remove of a
 * container of the same image with the same hardening, whose process does nothing (see
 * NoopProcess). No attach, no job, no runner. Throughput only.
 */
export class NoopContainerTarget {
  readonly mode: (typeof MODE)[NoopProcess];

  constructor(
    private readonly docker: Docker,
    private readonly spec: Docker.ContainerCreateOptions,
    private readonly process: NoopProcess = 'none',
  ) {
    this.mode = MODE[process];
  }

  async execute(): Promise<BenchOutcome> {
    const spec: Docker.ContainerCreateOptions = {
      ...this.spec,
      Cmd: COMMAND[this.process],
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      OpenStdin: false,
      StdinOnce: false,
      Tty: false,
    };
    let container: Docker.Container | undefined;
    try {
      container = await engineCall('container create', () => this.docker.createContainer(spec));
      const waited = container.wait();
      await engineCall('container start', () => container!.start());
      const exit = (await waited) as { StatusCode: number };
      return exit.StatusCode === 0
        ? { ok: true, status: 'ok' }
        : { ok: false, status: 'error', message: `the ${this.mode} container exited with ${exit.StatusCode}` };
    } catch (error) {
      return { ok: false, status: 'threw', message: (error as Error).message };
    } finally {
      if (container) await removeContainer(container);
    }
  }
}
