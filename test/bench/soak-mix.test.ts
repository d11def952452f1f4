// The soak's mix and its per-job deadlines: the loops get their own short deadline (the kill
// path is the same at 0.5 s as at 3 s), every other kind keeps the soak's timeout.
import { describe, expect, it } from 'vitest';
import {
  SOAK_LOOP_TIMEOUT_MS,
  SOAK_TIMEOUT_MS,
  soakJobOptions,
  soakKindAt,
  type SoakKind,
} from '../../harness/bench/soak-mix.ts';

describe('soak mix', () => {
  it('1,000 executions still hold 40 loops, each with the loop deadline; the rest keep the soak timeout', () => {
    const kinds = Array.from({ length: 1000 }, (_, i) => soakKindAt(i));
    const count = (kind: SoakKind) => kinds.filter((k) => k === kind).length;
    expect([count('call'), count('backtest'), count('timeout'), count('oom'), count('flood')]).toEqual([
      600, 300, 40, 30, 30,
    ]);
    expect(soakJobOptions('timeout')).toEqual({ timeoutMs: SOAK_LOOP_TIMEOUT_MS });
    expect(SOAK_LOOP_TIMEOUT_MS).toBeLessThan(SOAK_TIMEOUT_MS);
    for (const kind of ['call', 'backtest', 'oom', 'flood'] as const) expect(soakJobOptions(kind)).toEqual({});
  });
});
