import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';

/** Every container we create carries these; the sweeper and the leak tests select on them. */
export const LABEL_MANAGED = 'sandbox-gate.managed';
export const LABEL_SESSION = 'sandbox-gate.session';
/** `<hostname>:<pid>` of the harness process that created it; dead owner means leftover. */
export const LABEL_OWNER = 'sandbox-gate.owner';
/** Hash of the container settings, so the pool never hands out one with stale settings. */
export const LABEL_SETTINGS = 'sandbox-gate.settings';

let sessionId: string | undefined;

/** One id per harness process, created on first use. */
export function currentSessionId(): string {
  sessionId ??= randomUUID();
  return sessionId;
}

export function ownerLabelValue(): string {
  return `${hostname()}:${process.pid}`;
}

export function managedLabelFilter(): { label: string[] } {
  return { label: [`${LABEL_MANAGED}=true`] };
}
