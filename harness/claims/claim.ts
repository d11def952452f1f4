import type { SandboxConfig } from '../config/sandbox-config.ts';
import type { ExecutionResult } from '../sandbox/execution-result.ts';
import type { Relaxations } from '../sandbox/docker/container-spec.ts';

/** Where a protection lives: 1 AST validation, 1b SES, 2 the container, 3 seccomp / gVisor. */
export type ClaimLayer = '1' | '1b' | '2' | '3';

/** One executed part of a claim: did it behave as the claim requires, and what was seen. */
export interface ClaimCheck {
  /** Probe: it was blocked as expected. Control: it got through. Functionality: the benign workload worked. */
  passed: boolean;
  /** What was expected, in words ("EROFS from symlink('/x')"). */
  expected: string;
  /** What was observed: errno, status, inspect fields... Recorded verbatim in results.json. */
  observed: Record<string, unknown>;
}

/** What a claim's checks may use. Every execution goes through the real engine. */
export interface ClaimContext {
  /** The hardened configuration under test. */
  config: SandboxConfig;
  /** Runs a trusted probe from docker/runner/probes.mjs in a container of `config` (or a weakened copy). */
  runProbe(probe: string, args?: Record<string, unknown>, options?: ClaimRunOptions): Promise<ExecutionResult>;
  /** Runs strategy code (layer 1 is not applied: claims test the layers below it). */
  runStrategy(code: string, input?: unknown, options?: ClaimRunOptions): Promise<ExecutionResult>;
}

export interface ClaimRunOptions {
  /** Replaces keys of the config for this run (the control's one relaxation). */
  configPatch?: (config: SandboxConfig) => SandboxConfig;
  relax?: Relaxations;
}

export interface Claim {
  /** Stable id, e.g. `rootfs-read-only`. */
  id: string;
  layer: ClaimLayer;
  /** One sentence a report can print. */
  statement: string;
  /** The protection the control relaxes, in words ("read_only_rootfs: false"). */
  relaxes: string;
  /** Runtimes where the claim is expected to hold; absent means all. */
  runtimes?: string[];
  probe(context: ClaimContext): Promise<ClaimCheck>;
  control(context: ClaimContext): Promise<ClaimCheck>;
  functionality(context: ClaimContext): Promise<ClaimCheck>;
}

export interface ClaimOutcome {
  id: string;
  layer: ClaimLayer;
  statement: string;
  relaxes: string;
  runtime: string;
  probe: ClaimCheck;
  control: ClaimCheck;
  functionality: ClaimCheck;
  /** True only when all three checks passed. */
  upheld: boolean;
}
