import { describe, expect } from 'vitest';
import type { SandboxConfig } from '../../harness/config/sandbox-config.ts';
import { EXTERNAL_MEMORY_STRATEGY, HEAP_MEMORY_STRATEGY } from '../../harness/claims/strategies/memory-strategies.ts';
import { OUTPUT_FLOOD_STRATEGY } from '../../harness/claims/strategies/output-strategies.ts';
import type { ExecutionStatus } from '../../harness/sandbox/execution-result.ts';
import { resultSummary } from '../../harness/claims/check.ts';
import { dockerTest } from '../support/docker-test.ts';
import { shippedConfig } from '../support/shipped-config.ts';
import { isGone, runInDocker } from './support/run-in-docker.ts';

const MiB = 1024 ** 2;

interface FailureCase {
  name: string;
  code: string;
  input?: unknown;
  overrides?: Parameters<typeof shippedConfig>[0];
  status: ExecutionStatus;
  message: RegExp;
  /** Whether a container was started at all (not for what is refused before). */
  ran: boolean;
  also?: (result: Awaited<ReturnType<typeof runInDocker>>, config: SandboxConfig) => void;
}

const CASES: FailureCase[] = [
  {
    name: 'text that is not a module',
    code: 'export default function ( {',
    status: 'error',
    message: /^not an ES module/,
    ran: false,
  },
  {
    name: 'a module without a default export',
    code: 'const weights = [1];\n',
    status: 'error',
    message: /no default export/,
    ran: false,
  },
  {
    name: 'a default export that is not a function',
    code: 'export default 42;\n',
    status: 'error',
    message: /the default export is number, not a function/,
    ran: true,
  },
  {
    name: 'a BigInt return value',
    code: 'export default () => 10n;\n',
    status: 'error',
    message: /not JSON-serializable: TypeError: Do not know how to serialize a BigInt/,
    ran: true,
  },
  {
    name: 'a cyclic return value',
    code: 'export default () => { const a = {}; a.self = a; return a; };\n',
    status: 'error',
    message: /not JSON-serializable: TypeError: Converting circular structure to JSON/,
    ran: true,
  },
  {
    name: 'a job over the size cap',
    code: 'export default ({ pad }) => pad.length;\n',
    input: { pad: 'x'.repeat(8192) },
    overrides: { input: { maxJobBytes: 4096 } },
    status: 'rejected',
    message: /over sandbox.input.max_job_bytes \(4096\); nothing was run/,
    ran: false,
  },
  {
    name: 'a stdout flood',
    code: OUTPUT_FLOOD_STRATEGY,
    input: { totalBytes: 8 * MiB, lineBytes: 64 * 1024, stream: 'stdout' },
    status: 'output-limit',
    message: /more than the stdout cap/,
    ran: true,
    also: (result, config) => {
      expect(result.stdoutBytes).toBeGreaterThan(config.output.maxStdoutBytes);
      expect(Buffer.byteLength(result.stdout)).toBe(config.output.maxStdoutBytes);
      expect(result.truncated).toBe(true);
    },
  },
  {
    name: 'a stderr flood',
    code: OUTPUT_FLOOD_STRATEGY,
    input: { totalBytes: 8 * MiB, lineBytes: 64 * 1024, stream: 'stderr' },
    status: 'output-limit',
    message: /more than the stderr cap/,
    ran: true,
    also: (result, config) => {
      expect(result.stderrBytes).toBeGreaterThan(config.output.maxStdoutBytes);
      expect(result.stdoutBytes).toBe(0);
      expect(result.truncated).toBe(true);
    },
  },
  {
    name: 'an infinite loop',
    code: 'export default function strategy() { for (;;) {} }\n',
    overrides: { docker: { timeoutMs: 2000 } },
    status: 'timeout',
    message: /killed after the 2 s timeout/,
    ran: true,
    also: (result) => expect(result.exitCode).toBe(137),
  },
  {
    name: 'a V8 heap bomb',
    code: HEAP_MEMORY_STRATEGY,
    input: { steps: 512 },
    overrides: { docker: { memoryBytes: 128 * MiB } },
    status: 'oom',
    message: /V8 heap was exhausted/,
    ran: true,
    also: (result) => expect(result.stderr).toMatch(/JavaScript heap out of memory|Reached heap limit/),
  },
  {
    name: 'a memory bomb outside the heap (cgroup OOM kill)',
    code: EXTERNAL_MEMORY_STRATEGY,
    input: { totalMiB: 512, chunkMiB: 8 },
    overrides: { docker: { memoryBytes: 128 * MiB } },
    status: 'oom',
    // interpretExit says "cgroup OOM" when inspect showed State.OOMKilled, and names the kernel's
    // OOM killer when the SIGKILL came without the flag (Docker misses it at times on cgroup v1;
    // seen once in 2 fresh-clone runs): both name the limit, and the status is oom either way.
    message:
      /memory limit \(128 MiB\)(?: was exhausted: killed by the kernel \(cgroup OOM\)|; the engine did not flag it)/,
    ran: true,
    also: (result) => expect(result.exitCode).toBe(137),
  },
  {
    name: 'a throw',
    code: 'export default function strategy() { throw new RangeError("no positions today"); }\n',
    status: 'error',
    message: /^the strategy threw: RangeError: no positions today$/,
    ran: true,
    also: (result) => expect(result.exitCode).toBe(1),
  },
];

describe("a strategy's own failures each get their own status", () => {
  for (const failure of CASES) {
    dockerTest(`${failure.name} -> ${failure.status}`, async ({ task, engine }) => {
      const config = await shippedConfig(failure.overrides);
      const result = await runInDocker(engine.docker, config, failure.code, failure.input ?? {});
      task.meta.evidence = resultSummary(result);
      expect(result.status, result.message).toBe(failure.status);
      expect(result.message).toMatch(failure.message);
      expect(result.mode).toBe('docker');
      expect(result.degraded).toBe(false);
      if (failure.ran) {
        expect(result.containerId).toBeDefined();
        expect(await isGone(engine.docker, result.containerId!)).toBe(true);
      } else {
        expect(result.containerId).toBeUndefined();
      }
      failure.also?.(result, config);
    });
  }
});
