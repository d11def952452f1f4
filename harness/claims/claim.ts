import type { SandboxConfig } from '../config/sandbox-config.ts';
import type { ExecutionResult } from '../sandbox/execution-result.ts';
import type { Relaxations } from '../sandbox/docker/container-spec.ts';

/**
 * Where a protection lives: 1 AST validation, 1b SES, 2 the container, 3 seccomp / gVisor;
 * `score`: the harness's checks of what a strategy returns before it is scored (issue 16).
 */
export type ClaimLayer = '1' | '1b' | '2' | '3' | 'score';

/** One executed part of a claim: did it behave as the claim requires, and what was seen. */
export interface ClaimCheck {
  /** Probe: it was blocked as expected. Control: it got through. Functionality: the benign workload worked. */
  passed: boolean;
  /** What was expected, in words ("EROFS from symlink('/x')"). */
  expected: string;
  /** What was observed: errno, status, inspect fields... Recorded verbatim in results.json. */
  observed: Record<string, unknown>;
  /**
   * Set when the check could not be made at all (the probe or the control could not be run as
   * designed on this engine/runtime), with the reason. Such a check decides nothing either way:
   * the claim becomes `unmeasurable`, never upheld and never refuted.
   */
  unmeasurable?: string;
}

/**
 * The three states of a claim.
 * - `upheld`: the probe was blocked, the control got through, the benign workload worked.
 * - `refuted`: the probe got through, or the benign workload broke.
 * - `unmeasurable`: the probe or the control could not be made (including a control that was
 *   blocked too, so the block cannot be attributed to the protection); `reason` says why.
 */
export type ClaimState = 'upheld' | 'refuted' | 'unmeasurable';

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
  /**
   * `probe`: run in the probe image (the production image plus the static syscall prober,
   * harness/sandbox/docker/probe-image.ts), for probes that make raw syscalls. @default 'production'
   */
  image?: 'production' | 'probe';
}

/**
 * The one protection a claim's control switches off, declared once on the claim: its control
 * runs with it, results.json records its description (`relaxes`), the audit points SARIF at its
 * config key, and the weakened suites apply it to every run of a context, where the probe must
 * then fail (which is how they prove every probe can fail).
 */
export interface ClaimRelaxation extends ClaimRunOptions {
  /** What is switched off, in words ("read_only_rootfs: false"). */
  description: string;
  /**
   * The setting that stands for the protection, where a failing claim is located in SARIF:
   * `sandbox.docker.read_only_rootfs`, or `sandbox.docker` for a protection no key turns off.
   */
  configKey: string;
}

export interface Claim {
  /** Stable id, e.g. `rootfs-read-only`. */
  id: string;
  layer: ClaimLayer;
  /** One sentence a report can print. */
  statement: string;
  /** The protection the control switches off, and how. */
  relaxation: ClaimRelaxation;
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
  /** The description of the claim's relaxation (ClaimRelaxation.description) when it ran. */
  relaxes: string;
  runtime: string;
  probe: ClaimCheck;
  control: ClaimCheck;
  functionality: ClaimCheck;
  state: ClaimState;
  /** Why the claim is refuted or unmeasurable; absent when upheld. */
  reason?: string;
  /** `state === 'upheld'`, kept for readers of older results. */
  upheld: boolean;
}
