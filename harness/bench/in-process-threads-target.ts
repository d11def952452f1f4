import { Worker } from 'node:worker_threads';
import { computeBacktest } from '../workload/backtest.ts';
import type { BenchOutcome } from './bench-target.ts';
import { workloadInput, type BenchWorkload } from './bench-workload.ts';

/** A worker thread that imports a strategy module (data: URL, as runInProcess does) and calls it. */
const WORKER_SOURCE = `const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ code, input }) => {
  try {
    const module = await import('data:text/javascript;base64,' + Buffer.from(code, 'utf8').toString('base64'));
    parentPort.postMessage({ ok: true, value: await module.default(input) });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String(error && error.message) });
  }
});`;

/**
 * In-process at a given concurrency: `threads` worker threads of this process, each running
 * one strategy call at a time, with no sandbox. The throughput a sandbox is compared with on a
 * CPU-bound workload: the same cores, no container, no quota (equal CPU). The backtest metrics
 * are computed on the main thread, as every sandboxed mode does; the data reaches the worker
 * by structured clone, as it reaches a sandbox by JSON.
 */
export class InProcessThreadsTarget {
  readonly mode = 'in-process-threads' as const;
  private readonly idle: Worker[];
  private readonly waiting: ((worker: Worker) => void)[] = [];

  constructor(threads: number) {
    this.idle = Array.from({ length: threads }, () => new Worker(WORKER_SOURCE, { eval: true }));
  }

  async execute(workload: BenchWorkload): Promise<BenchOutcome> {
    const worker = this.idle.pop() ?? (await new Promise<Worker>((resolve) => this.waiting.push(resolve)));
    try {
      const reply = await new Promise<{ ok: boolean; value?: unknown; message?: string }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({ code: workload.code, input: workloadInput(workload) });
      });
      if (!reply.ok) return { ok: false, status: 'threw', message: reply.message };
      if (workload.data) computeBacktest(workload.data, reply.value);
      return { ok: true, status: 'ok' };
    } catch (error) {
      return { ok: false, status: 'threw', message: (error as Error).message };
    } finally {
      worker.removeAllListeners('message').removeAllListeners('error');
      const next = this.waiting.shift();
      if (next) next(worker);
      else this.idle.push(worker);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
  }
}
