import type Docker from 'dockerode';
import { engineCall } from '../sandbox/docker/engine-client.ts';
import { removeContainer } from '../sandbox/docker/remove-container.ts';
import type { BenchOutcome } from './bench-target.ts';

/**
 * The physical limit of this engine for one execution: a bare create + start + wait + remove
 * of a container of the same image with the same hardening, whose process does nothing
 * (`node --version` returns before V8 starts a context). No attach, no job, no runner: what
 * no sandbox built on containers can go below. Throughput only.
 */
export class NoopContainerTarget {
  readonly mode = 'docker-noop' as const;

  constructor(
    private readonly docker: Docker,
    private readonly spec: Docker.ContainerCreateOptions,
  ) {}

  async execute(): Promise<BenchOutcome> {
    const spec: Docker.ContainerCreateOptions = {
      ...this.spec,
      Cmd: ['--version'],
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
        : { ok: false, status: 'error', message: `the no-op container exited with ${exit.StatusCode}` };
    } catch (error) {
      return { ok: false, status: 'threw', message: (error as Error).message };
    } finally {
      if (container) await removeContainer(container);
    }
  }
}
