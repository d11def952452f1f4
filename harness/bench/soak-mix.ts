import type { ExecutionJob } from '../sandbox/execution-job.ts';
import type { ExecutionStatus } from '../sandbox/execution-result.ts';
import type { ExecuteOptions } from '../sandbox/executor.ts';
import type { BenchWorkload } from './bench-workload.ts';

/** The kinds of execution the soak mixes, each with the one status it must end in. */
export type SoakKind = 'call' | 'backtest' | 'timeout' | 'oom' | 'flood';

export const SOAK_EXPECTED_STATUS: Record<SoakKind, ExecutionStatus> = {
  call: 'ok',
  backtest: 'ok',
  timeout: 'timeout',
  oom: 'oom',
  flood: 'output-limit',
};

/**
 * Out of every 100 executions. Mostly what the trading system runs (calls and backtests), with
 * enough strategies that fail on purpose to exercise every kill-and-remove path hundreds of
 * times: at 1,000 executions that is 40 timeouts, 30 OOM kills and 30 floods.
 */
const PER_HUNDRED: ReadonlyArray<readonly [SoakKind, number]> = [
  ['call', 60],
  ['backtest', 30],
  ['timeout', 4],
  ['oom', 3],
  ['flood', 3],
];

/**
 * The soak runs under a short timeout (not the config's 300 s) for the kinds that must finish or
 * be killed by a limit; the S&P 500 backtest takes ~0.4 s in the container, well inside it. The
 * loops have a shorter deadline of their own (SOAK_LOOP_TIMEOUT_MS).
 */
export const SOAK_TIMEOUT_MS = 3_000;
/**
 * The deadline of the soak's looping strategies (kind `timeout`), per job: the kill at the
 * deadline is the same SIGKILL-and-remove path at 0.5 s as at 3 s, and the 40 loops of a
 * 1,000-execution soak then wait 20 s instead of 120 s. A warm container's runner has finished
 * its start (lockdown done, blocked on stdin: pool-readiness.ts) before it is handed a job, so
 * the loop runs for most of the deadline: on 2 cores at load average 4-5 (2026-12-02), a loop
 * printing a line every 1e7 iterations printed 28-38 lines in 20 kills at 0.5 s (one of them
 * cold) and 61-73 in 10 kills at 1 s, i.e. it ran at least ~0.39 s of the 0.5. The 1,000-execution
 * soak took 241.5 s with 3 s loops, 155.7 s with 1 s, and, later and back to back, 136.9 s
 * with 1 s and 129.5 s with 0.5 s. The other kinds keep SOAK_TIMEOUT_MS.
 */
export const SOAK_LOOP_TIMEOUT_MS = 500;

/** The per-job options of the i-th kind: the loops' own deadline, nothing for the rest. */
export function soakJobOptions(kind: SoakKind): ExecuteOptions {
  return kind === 'timeout' ? { timeoutMs: SOAK_LOOP_TIMEOUT_MS } : {};
}

/** Memory limit of the soak's containers: small, so an OOM strategy meets it in ~1 s. */
export const SOAK_MEMORY_BYTES = 256 * 1024 ** 2;

const CALL = 'export default function strategy({ n }) { return { doubled: n * 2 }; }\n';
const LOOP = 'export default function strategy() { for (;;) {} }\n';
/** 512 MiB of typed arrays, touched: past the 256 MiB limit outside the V8 heap, so the kernel kills it. */
const OOM = `export default function strategy() {
  const keep = [];
  for (let i = 0; i < 64; i++) { const a = new Uint8Array(8 * 1024 * 1024); a.fill(i + 1); keep.push(a); }
  return keep.length;
}
`;
/** 4 MiB of console output, past the 1 MiB stdout cap. */
const FLOOD = `export default function strategy() {
  const line = 'x'.repeat(1023);
  for (let i = 0; i < 4096; i++) console.log(line);
  return 0;
}
`;

/** The kind of the i-th execution: the mix spread evenly (never all timeouts in a row). */
export function soakKindAt(index: number): SoakKind {
  const slot = index % 100;
  // Interleave: the failing kinds sit at fixed slots across the hundred, the rest alternate.
  let failing = 0;
  for (const [kind, count] of PER_HUNDRED.slice(2)) {
    for (let k = 0; k < count; k++) if (slot === 7 + 10 * failing++) return kind;
  }
  return slot % 3 === 2 ? 'backtest' : 'call';
}

export function soakJob(kind: SoakKind, backtest: BenchWorkload, index: number): ExecutionJob {
  switch (kind) {
    case 'call':
      return { code: CALL, input: { n: index } };
    case 'backtest':
      return backtest.kind === 'backtest'
        ? { code: backtest.code, backtest: { data: backtest.data } }
        : { code: backtest.code, input: backtest.input };
    case 'timeout':
      return { code: LOOP, input: null };
    case 'oom':
      return { code: OOM, input: null };
    case 'flood':
      return { code: FLOOD, input: null };
  }
}
