import { InfrastructureError } from '../../errors.ts';

/**
 * What went wrong in one Engine API call, read from the error dockerode rejects with. The
 * answers the harness acts on: 404 means the object is gone (success for a removal), 409
 * "removal ... already in progress" means someone else is removing it, 400 means the engine
 * refused the settings (a config error), 5xx is the daemon's own failure, and a socket error
 * means no engine answered at all.
 */
export type EngineErrorKind =
  /** 404 "No such container: <id>". */
  | 'no-such-container'
  /** 404 "No such image: <ref>". */
  | 'no-such-image'
  /** Any other 404 (an older engine's wording, a missing network or volume). */
  | 'not-found'
  /** 409 "removal of container <id> is already in progress". */
  | 'removal-in-progress'
  /** Any other 409 (a name in use, a running container removed without force). */
  | 'conflict'
  /** 400: the engine refused the request's parameters (e.g. "Range of CPUs is from 0.01 to 2.00"). */
  | 'bad-parameter'
  /** 5xx: the daemon failed (a missing OCI runtime shows here too). */
  | 'daemon-error'
  /** The socket did not answer: no daemon, no permission, the connection dropped. */
  | 'unreachable';

/** Node's codes for a socket that never answered or broke (ENOENT: no socket file at the path). */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'EACCES',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

/**
 * The shape docker-modem gives a non-2xx answer (modem.js buildPayload): an Error whose message
 * is "(HTTP code 404) no such container - No such container: abc ", with `statusCode`, `reason`
 * (the call's own wording for that code, or 'unexpected') and `json` (the engine's body).
 * A socket failure is Node's own error, with `code`.
 */
interface ModemError {
  statusCode?: number;
  reason?: string;
  json?: { message?: string } | null;
  code?: string;
  message?: string;
}

/**
 * The Engine error inside `error`: the error itself, or the cause of the InfrastructureError
 * that engineCall wrapped it in.
 */
function modemErrorOf(error: unknown): ModemError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if (error instanceof InfrastructureError) return modemErrorOf(error.cause);
  return error as ModemError;
}

/** The engine's own words for the error (its JSON body's message), else the error's message. */
export function engineErrorDetail(error: unknown): string {
  const e = modemErrorOf(error);
  return e?.json?.message ?? e?.message ?? String(error);
}

/** Classifies an Engine API error; undefined for anything that is not one (a bug, a timeout of ours). */
export function engineErrorKind(error: unknown): EngineErrorKind | undefined {
  const e = modemErrorOf(error);
  if (!e) return undefined;
  if (e.code !== undefined && UNREACHABLE_CODES.has(e.code)) return 'unreachable';
  const status = e.statusCode;
  if (status === undefined) return undefined;
  const text = `${e.json?.message ?? ''} ${e.reason ?? ''} ${e.message ?? ''}`;
  if (status === 404) {
    if (/no such image/i.test(text)) return 'no-such-image';
    if (/no such container/i.test(text)) return 'no-such-container';
    return 'not-found';
  }
  if (status === 409) return /removal .* already in progress/i.test(text) ? 'removal-in-progress' : 'conflict';
  if (status === 400) return 'bad-parameter';
  if (status >= 500) return 'daemon-error';
  return undefined;
}

/** True when `error` is an Engine API error of one of `kinds`: `isEngineError(error, 'no-such-container')`. */
export function isEngineError(error: unknown, ...kinds: EngineErrorKind[]): boolean {
  const kind = engineErrorKind(error);
  return kind !== undefined && kinds.includes(kind);
}

/** A container the engine no longer has: any 404 on a container call means it is gone. */
export function isContainerGone(error: unknown): boolean {
  return isEngineError(error, 'no-such-container', 'not-found');
}
