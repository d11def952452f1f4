import type { Claim, ClaimContext, ClaimRelaxation, ClaimRunOptions } from '../claim.ts';
import { keyPathOf } from '../../config/config-keys.ts';
import { benignFunctionality } from '../benign-functionality.ts';
import { relaxed } from '../context-overrides.ts';
import { checkThat, MiB, patchDocker, probeValue, resultSummary } from '../check.ts';
import { EXTERNAL_MEMORY_STRATEGY, HEAP_MEMORY_STRATEGY } from '../strategies/memory-strategies.ts';

/** The limit the probe sets: small, so that going past it takes a fraction of a second. */
const PROBE_LIMIT_BYTES = 128 * MiB;
const CONTROL_LIMIT_BYTES = 1024 * MiB;
/**
 * A limit replaced by 1 GiB: the probe's 256 MiB allocations then complete, and a container whose
 * limit is not the configured one fails the probe's enforcement check.
 */
const RELAXATION: ClaimRelaxation = {
  description: 'a larger memory limit (1 GiB instead of 128 MiB)',
  configKey: keyPathOf('docker.memoryBytes'),
  relax: { memoryBytes: CONTROL_LIMIT_BYTES },
};
const EXTERNAL_INPUT = { totalMiB: 256, chunkMiB: 8 };
const HEAP_INPUT = { steps: 256 };
/**
 * interpretExit says "cgroup OOM" when inspect showed State.OOMKilled, and "OOM killer" when
 * the kernel's SIGKILL came without the flag (Docker misses it at times on cgroup v1).
 */
const CGROUP_OOM = /cgroup OOM|OOM killer/;
const V8_OOM = /JavaScript heap out of memory|Reached heap limit/;

interface EnforcedMemory {
  limit: string | null;
  limitWithSwap: string | null;
  swapMax: string | null;
  memTotalBytes: number | null;
  swapTotalBytes: number | null;
}

/**
 * The configured limit as the container sees it, memory = memory+swap. Under runc: the cgroup's
 * own files (v1 or v2). gVisor (runsc) shows no cgroup memory files at all; it sizes the sandbox
 * to the container's limit instead, so there MemTotal must equal it and SwapTotal be 0 (seen:
 * MemTotal 262144 kB under --memory 256m; the host's cgroup of that sandbox had
 * memory.limit_in_bytes 268435456). The OOM kill below shows the limit acting on either runtime.
 */
function limitSeen(enforced: EnforcedMemory, configuredBytes: number): boolean {
  const cgroupVisible = enforced.limit !== null || enforced.limitWithSwap !== null || enforced.swapMax !== null;
  if (!cgroupVisible) return enforced.memTotalBytes === configuredBytes && enforced.swapTotalBytes === 0;
  return (
    Number(enforced.limit) === configuredBytes &&
    (enforced.limitWithSwap === null || Number(enforced.limitWithSwap) === configuredBytes) &&
    (enforced.swapMax === null || enforced.swapMax === '0')
  );
}

async function allocate(context: ClaimContext, options: ClaimRunOptions) {
  const external = await context.runStrategy(EXTERNAL_MEMORY_STRATEGY, EXTERNAL_INPUT, options);
  const heap = await context.runStrategy(HEAP_MEMORY_STRATEGY, HEAP_INPUT, options);
  return {
    external,
    heap,
    observed: {
      external: {
        input: EXTERNAL_INPUT,
        ...resultSummary(external),
        oomKilled: CGROUP_OOM.test(external.message ?? ''),
        value: external.value,
      },
      heap: {
        input: HEAP_INPUT,
        ...resultSummary(heap),
        v8Message: V8_OOM.exec(heap.stderr)?.[0] ?? null,
        value: heap.value,
      },
    },
  };
}

export const memoryLimit: Claim = {
  id: 'memory-limit',
  layer: '2',
  statement:
    "Memory is capped (memory = memory+swap): past the container's limit the kernel kills it (oom, State.OOMKilled), and the V8 heap is capped below it (oom, V8's message).",
  relaxation: RELAXATION,
  async probe(context) {
    // First, the configuration as it is: the kernel must enforce its limit, without swap.
    // (The allocations below use a small limit of their own, so they cannot see this.)
    const configuredBytes = context.config.docker.memoryBytes;
    const enforced = probeValue<EnforcedMemory>(await context.runProbe('cgroup-memory'), 'cgroup-memory');
    const enforcedOk = configuredBytes > 0 && limitSeen(enforced, configuredBytes);
    const { external, heap, observed } = await allocate(context, {
      configPatch: patchDocker({ memoryBytes: PROBE_LIMIT_BYTES }),
    });
    return checkThat(
      enforcedOk &&
        external.status === 'oom' &&
        CGROUP_OOM.test(external.message ?? '') &&
        heap.status === 'oom' &&
        V8_OOM.test(heap.stderr),
      'the configured memory_limit is enforced by the kernel (memory = memory+swap: the cgroup files, or under gVisor MemTotal = the limit and SwapTotal 0); with memory_limit 128m: 256 MiB of typed arrays -> oom killed by the kernel; 256 MiB of heap objects -> oom with "JavaScript heap out of memory"',
      { configuredBytes, enforced, limitBytes: PROBE_LIMIT_BYTES, ...observed },
    );
  },
  async control(context) {
    const { external, heap, observed } = await allocate(
      context,
      relaxed(RELAXATION, { configPatch: patchDocker({ memoryBytes: PROBE_LIMIT_BYTES }) }),
    );
    return checkThat(
      external.status === 'ok' && heap.status === 'ok',
      'with a 1 GiB limit the same two strategies complete: ok, ok',
      { limitBytes: CONTROL_LIMIT_BYTES, ...observed },
    );
  },
  functionality: benignFunctionality,
};
