/**
 * The small error hierarchy of sandbox-gate. Every error has a stable `code` that
 * scripts can match on, keeps its `cause`, and says how to fix what went wrong.
 *
 * Exit codes of the CLI follow the class: ConfigError and UsageError exit 2,
 * EnvironmentError exits 3.
 */
export class SandboxGateError extends Error {
  override name = 'SandboxGateError';
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A configuration or policy file is malformed: names the file, the key, what was expected and found. */
export class ConfigError extends SandboxGateError {
  override name = 'ConfigError';
  readonly file: string;
  readonly keyPath: string;

  constructor(file: string, keyPath: string, expected: string, found: unknown, options?: { cause?: unknown }) {
    super(
      'SANDBOX_GATE_CONFIG_INVALID',
      `${file}: ${keyPath || '(root)'}: expected ${expected}, found ${describeFound(found)}`,
      options,
    );
    this.file = file;
    this.keyPath = keyPath;
  }
}

/** The command line was used wrongly (unknown flag value, missing file argument). */
export class UsageError extends SandboxGateError {
  override name = 'UsageError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('SANDBOX_GATE_USAGE', message, options);
  }
}

/** Something the machine must provide is missing: no engine, no image, no runtime. */
export class EnvironmentError extends SandboxGateError {
  override name = 'EnvironmentError';
  readonly hint: string;
  constructor(code: string, message: string, hint: string, options?: { cause?: unknown }) {
    super(code, `${message}\n  how to fix: ${hint}`, options);
    this.hint = hint;
  }
}

/**
 * The Docker Engine failed us (unreachable, 5xx, image missing and unbuildable). This is the
 * only kind of failure that may trigger a retry or a fallback; a strategy's own failure never is.
 */
export class InfrastructureError extends SandboxGateError {
  override name = 'InfrastructureError';
  /** Short machine-readable reason, used as the fallback reason and metric label. */
  readonly reason: InfrastructureReason;
  constructor(reason: InfrastructureReason, message: string, options?: { cause?: unknown }) {
    super('SANDBOX_GATE_INFRASTRUCTURE', message, options);
    this.reason = reason;
  }
}

export type InfrastructureReason =
  | 'engine-unreachable'
  /** An Engine API call got no answer within `sandbox.docker.api_timeout_seconds` (or `wait` past the job timeout plus that grace). */
  | 'engine-timeout'
  /** The attach stream to a running container broke before the runner's result arrived. */
  | 'engine-stream-lost'
  | 'image-missing'
  | 'image-build-failed'
  | 'daemon-error'
  | 'runtime-missing';

function describeFound(found: unknown): string {
  if (found === undefined) return 'nothing';
  if (typeof found === 'string') return JSON.stringify(found);
  try {
    return `${JSON.stringify(found)} (${Array.isArray(found) ? 'array' : typeof found})`;
  } catch {
    return String(found);
  }
}
