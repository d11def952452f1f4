import { DockerExecutor } from '../sandbox/docker/docker-executor.ts';
import { BASELINE_MODE, THROUGHPUT_MODES } from './bench-modes.ts';
import type { BenchTarget } from './bench-target.ts';
import type { BenchWorkload } from './bench-workload.ts';
import { ExecutorTarget } from './executor-target.ts';
import { InProcessThreadsTarget } from './in-process-threads-target.ts';
import { NoopContainerTarget } from './noop-container-target.ts';
import type { ThroughputSubject } from './throughput.ts';

/** One row family of the throughput table: what runs, on which workloads, opened per concurrency level. */
export interface ThroughputEntry {
  mode: string;
  /** Whether it runs on this workload (`first`: the first throughput workload). */
  on(workload: BenchWorkload, first: boolean): boolean;
  open(concurrency: number): ThroughputSubject & { close?(): Promise<void> };
}

/**
 * What the throughput runs measure: docker-pool and docker-cold (when open), and beside them
 * the limits they are judged against: the engine's own (a no-op container of the same image
 * and hardening, created, started, waited for and removed; once, on the first workload), the
 * same with Node starting and exiting in it (what any Node runner pays before its own code), and,
 * on a backtest, in-process worker threads at the same concurrency (equal CPU, no sandbox).
 */
export async function throughputSubjects(targets: readonly BenchTarget[]): Promise<ThroughputEntry[]> {
  // The bench's own targets stay open across levels and workloads (their owner closes them):
  // what is opened here has no close().
  const entries: ThroughputEntry[] = targets
    .filter((t) => THROUGHPUT_MODES.includes(t.mode))
    .map((target) => ({
      mode: target.mode,
      on: () => true,
      open: () => ({
        mode: target.mode,
        warmupExecutions: target.warmupExecutions,
        settle: () => target.settle(),
        execute: (workload: BenchWorkload) => target.execute(workload),
      }),
    }));
  const cold = targets.find((t) => t.mode === 'docker-cold');
  if (cold instanceof ExecutorTarget && cold.executor instanceof DockerExecutor) {
    const { spec } = await cold.executor.prepare();
    // Recorded under the first throughput workload (a plain call), the one they are limits of.
    for (const process of ['none', 'node-start'] as const) {
      const noop = new NoopContainerTarget(cold.executor.docker, spec, process);
      entries.push({ mode: noop.mode, on: (_, first) => first, open: () => noop });
    }
  }
  if (targets.some((t) => t.mode === BASELINE_MODE)) {
    entries.push({
      mode: 'in-process-threads',
      on: (workload) => workload.kind === 'backtest',
      open: (concurrency) => new InProcessThreadsTarget(concurrency),
    });
  }
  return entries;
}
