import type { ClaimContext, ClaimRunOptions } from '../claim.ts';
import { probeValue } from '../check.ts';
import { fieldAcrossThreads, type FieldAcrossThreads, type ThreadStatus } from '../thread-status.ts';

/** Runs the thread-status probe and reads the named fields across every thread. */
export async function readThreadFields(
  context: ClaimContext,
  fields: string[],
  options?: ClaimRunOptions,
): Promise<Record<string, FieldAcrossThreads>> {
  const status = probeValue<ThreadStatus>(await context.runProbe('thread-status', {}, options), 'thread-status');
  return Object.fromEntries(fields.map((field) => [field, fieldAcrossThreads(status, field)]));
}
