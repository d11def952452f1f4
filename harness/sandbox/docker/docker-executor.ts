import type Docker from 'dockerode';
import type { SandboxConfig } from '../../config/sandbox-config.ts';
import type { ExecutionResult } from '../execution-result.ts';
import type { ExecuteOptions, Executor } from '../executor.ts';
import type { RunnerJob } from '../runner-protocol.ts';
import { buildContainerSpec, type Relaxations } from './container-spec.ts';
import { createEngineClient } from './engine-client.ts';
import { ensureImage } from './image.ts';
import { monotonicClock, startSandboxContainer, type Clock, type ExecutionLimits } from './sandbox-container.ts';
import { loadSeccompProfile, type SeccompProfile } from './seccomp-profile.ts';

export interface DockerExecutorOptions {
  docker?: Docker;
  /** Controls and audits only: see Relaxations. */
  relax?: Relaxations;
  clock?: Clock;
  /** The config file, for messages. */
  configFile?: string;
  /** Image build output, for progress on a terminal. */
  onProgress?: (line: string) => void;
  /**
   * Resolves the image setting to the ref containers are created from. Claims' probes use
   * ensureProbeImage (the production image plus a syscall prober). @default ensureImage
   */
  resolveImage?: (docker: Docker, image: string, onProgress?: (line: string) => void) => Promise<string>;
}

/** What the executor resolved before its first container: the image and the profile. */
export interface DockerPreparation {
  imageRef: string;
  seccomp: SeccompProfile | 'unconfined';
  spec: Docker.ContainerCreateOptions;
}

/**
 * Cold mode: a fresh hardened container per job (create, attach, start, run, remove).
 * The image is built on first use when absent. Preparation is retried on the next run if it
 * failed, so a retry after an engine hiccup is a real retry.
 */
export class DockerExecutor implements Executor {
  readonly mode = 'docker' as const;
  readonly docker: Docker;
  private preparation: Promise<DockerPreparation> | undefined;
  private readonly clock: Clock;

  constructor(
    readonly config: SandboxConfig,
    private readonly options: DockerExecutorOptions = {},
  ) {
    this.docker = options.docker ?? createEngineClient(undefined, config.docker.apiTimeoutMs);
    this.clock = options.clock ?? monotonicClock;
  }

  /** Resolves (building if needed) the image and loads the seccomp profile; memoized on success. */
  prepare(): Promise<DockerPreparation> {
    this.preparation ??= (async () => {
      const seccomp = await loadSeccompProfile(this.config.docker.seccompProfile, this.options.configFile);
      const imageRef = await (this.options.resolveImage ?? ensureImage)(
        this.docker,
        this.config.docker.image,
        this.options.onProgress,
      );
      const spec = buildContainerSpec({ config: this.config, imageRef, seccomp, relax: this.options.relax });
      return { imageRef, seccomp, spec };
    })();
    this.preparation.catch(() => {
      this.preparation = undefined;
    });
    return this.preparation;
  }

  get limits(): ExecutionLimits {
    return {
      timeoutMs: this.config.docker.timeoutMs,
      maxStdoutBytes: this.config.output.maxStdoutBytes,
      maxResultBytes: this.config.output.maxResultBytes,
      memoryBytes: this.options.relax?.memoryBytes ?? this.config.docker.memoryBytes,
    };
  }

  async execute(job: RunnerJob, options: ExecuteOptions = {}): Promise<ExecutionResult> {
    const { spec } = await this.prepare();
    const started = await startSandboxContainer(this.docker, spec, this.clock);
    return started.execute(job, { ...this.limits, timeoutMs: options.timeoutMs ?? this.limits.timeoutMs });
  }

  async close(): Promise<void> {
    // Cold containers are removed inside execute(); nothing is held between jobs.
  }
}
