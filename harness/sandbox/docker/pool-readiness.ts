import { readFile } from 'node:fs/promises';
import type Docker from 'dockerode';
import { apiTimeoutOf, withDeadline } from './engine-deadline.ts';

/**
 * How a warm container's runner was judged ready:
 * - `idle`: its process sleeps and has used no CPU for two samples in a row (lockdown done,
 *   blocked reading stdin);
 * - `unobservable`: the engine's processes are not visible here (a remote engine, or /proc
 *   hidden), so the container counts as ready once started;
 * - `timeout`: still busy after `timeoutMs`; counted as ready (it will read its job in time);
 * - `gone`: the process exited (the pool's checks on take discard the container);
 * - `cancelled`: the caller stopped waiting.
 */
export type Readiness = 'idle' | 'unobservable' | 'timeout' | 'gone' | 'cancelled';

export interface ReadinessOptions {
  /** @default 15 */
  pollMs?: number;
  /** @default 10_000 */
  timeoutMs?: number;
  /** Stop early (the pool closed or the container left it). */
  cancelled?: () => boolean;
}

/**
 * Waits until the runner in a just-started container has finished starting (Node, ses,
 * `lockdown()`) and blocks on stdin. The runner sends nothing before it has a job, so this is
 * read from the host: `/proc/<pid>/stat` of the container's init process (State.Pid), whose
 * state turns from R to S and whose CPU time (utime + stime, all threads) stops growing.
 * Two equal samples are required because a CPU quota throttles a busy process in state R,
 * never S. Only meaningful when the engine runs on this host; otherwise `unobservable`.
 */
export async function waitForRunnerIdle(
  docker: Docker,
  containerId: string,
  options: ReadinessOptions = {},
): Promise<Readiness> {
  const pollMs = options.pollMs ?? 15;
  const deadline = performance.now() + (options.timeoutMs ?? 10_000);
  let pid: number;
  try {
    pid = (
      await withDeadline('container inspect', apiTimeoutOf(docker), (abortSignal) =>
        docker.getContainer(containerId).inspect({ abortSignal }),
      )
    ).State.Pid;
  } catch {
    return 'unobservable';
  }
  if (!pid || (await readProcStat(pid)) === undefined) return 'unobservable';
  let previousCpuTicks = -1;
  let quietSamples = 0;
  while (performance.now() < deadline) {
    if (options.cancelled?.()) return 'cancelled';
    const stat = await readProcStat(pid);
    if (stat === undefined) return 'gone';
    quietSamples = stat.state === 'S' && stat.cpuTicks === previousCpuTicks ? quietSamples + 1 : 0;
    if (quietSamples >= 2) return 'idle';
    previousCpuTicks = stat.cpuTicks;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return 'timeout';
}

/** State letter and utime + stime (clock ticks) of a process, or undefined when unreadable. */
async function readProcStat(pid: number): Promise<{ state: string; cpuTicks: number } | undefined> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may contain spaces: parse after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0] ?? '?';
  const cpuTicks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(cpuTicks) ? { state, cpuTicks } : undefined;
}
