import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProgress, formatElapsed, HEARTBEAT_MS } from '../../harness/cli/progress.ts';
import { createPhaseProgressReporter } from '../../harness/phases/phase-progress-reporter.ts';

/** A stream that records what was written, and a clock the test moves. */
function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 80, write: (chunk: string) => (chunks.push(chunk), true) } };
}

let clockMs = 0;
const now = () => clockMs;
beforeEach(() => {
  vi.useFakeTimers();
  clockMs = 0;
});
afterEach(() => vi.useRealTimers());

/** Moves the fake clock and the fake timers together, one second at a time. */
function advance(ms: number): void {
  for (let step = 0; step < ms; step += 1000) {
    clockMs += 1000;
    vi.advanceTimersByTime(1000);
  }
}

describe('progress in a log (not a terminal)', () => {
  it('prints each step as a plain line with the elapsed time, never a carriage return', () => {
    const { chunks, stream } = fakeStream(false);
    const progress = createProgress({ stream, now, prefix: 'run: ' });
    progress('lifecycle: started, 10 test files');
    advance(5000);
    progress.status('lifecycle: 3 tests');
    progress('lifecycle: done');
    progress.done('finished');
    expect(chunks).toEqual([
      '[0s] run: lifecycle: started, 10 test files\n',
      '[5s] run: lifecycle: done\n',
      '[5s] run: finished (total 5s)\n',
    ]);
  });

  it('a heartbeat with the latest status and the elapsed time at least every 60 s of silence', () => {
    const { chunks, stream } = fakeStream(false);
    const progress = createProgress({ stream, now });
    progress('perf: started');
    progress.status('perf: docker-pool on universe-5s');
    advance(150_000);
    const beats = chunks.filter((chunk) => chunk.includes('still working'));
    expect(beats.length).toBeGreaterThanOrEqual(Math.floor(150_000 / 60_000));
    expect(beats[0]).toBe(`[${formatElapsed(HEARTBEAT_MS)}] still working: perf: docker-pool on universe-5s\n`);
    // No gap between two lines is longer than 60 s.
    const seconds = chunks.map((chunk) => {
      const [, a, b] = /^\[(\d+)(?:m(\d+))?s\]/.exec(chunk)!;
      return b === undefined ? Number(a) : Number(a) * 60 + Number(b);
    });
    seconds.push(150);
    for (let i = 1; i < seconds.length; i++) expect(seconds[i]! - seconds[i - 1]!).toBeLessThanOrEqual(60);
    progress.done('finished');
    const count = chunks.length;
    advance(120_000);
    expect(chunks).toHaveLength(count);
  });
});

describe('progress on a terminal', () => {
  it('redraws one live status line in place and keeps the steps', () => {
    const { chunks, stream } = fakeStream(true);
    const progress = createProgress({ stream, now });
    progress.status('unit: 10 tests');
    expect(chunks.at(-1)).toBe('\r\x1b[2Kunit: 10 tests (0s)');
    progress('unit: done');
    expect(chunks.slice(-3)).toEqual(['\r\x1b[2K', 'unit: done\n', '\r\x1b[2Kunit: 10 tests (0s)']);
    progress.done('finished');
    expect(chunks.at(-1)).toBe('finished (total 0s)\n');
  });
});

describe('the phase progress reporter', () => {
  const project = (name: string) => ({ project: { name } });
  it('says when each phase starts and ends, with counts, and keeps a status', () => {
    const lines: string[] = [];
    const statuses: string[] = [];
    const sink = Object.assign((line: string) => lines.push(line), { status: (line: string) => statuses.push(line) });
    const reporter = createPhaseProgressReporter(sink, now);
    reporter.onTestRunStart!([project('limits'), project('limits')] as never);
    reporter.onTestModuleStart!(project('limits') as never);
    reporter.onTestCaseResult!({ ...project('limits'), result: () => ({ state: 'passed' }) } as never);
    reporter.onTestCaseResult!({ ...project('limits'), result: () => ({ state: 'failed' }) } as never);
    reporter.onTestModuleEnd!(project('limits') as never);
    clockMs = 2500;
    reporter.onTestModuleStart!(project('limits') as never);
    reporter.onTestCaseResult!({ ...project('limits'), result: () => ({ state: 'skipped' }) } as never);
    reporter.onTestModuleEnd!(project('limits') as never);
    expect(lines).toEqual(['limits: started, 2 test files', 'limits: done, 1 passed, 1 failed, 1 skipped in 2.5 s']);
    expect(statuses).toContain('limits: 2 tests (1 failed), 1 of 2 files');
  });

  it('counts the projects of one phase as that phase: integration and integration-alone end in one line', () => {
    const lines: string[] = [];
    const sink = Object.assign((line: string) => lines.push(line), { status: () => undefined });
    const reporter = createPhaseProgressReporter(sink, now);
    clockMs = 0;
    reporter.onTestRunStart!([project('integration'), project('integration'), project('integration-alone')] as never);
    for (const name of ['integration', 'integration']) {
      reporter.onTestModuleStart!(project(name) as never);
      reporter.onTestCaseResult!({ ...project(name), result: () => ({ state: 'passed' }) } as never);
      reporter.onTestModuleEnd!(project(name) as never);
    }
    clockMs = 4000;
    reporter.onTestModuleStart!(project('integration-alone') as never);
    reporter.onTestCaseResult!({ ...project('integration-alone'), result: () => ({ state: 'passed' }) } as never);
    reporter.onTestModuleEnd!(project('integration-alone') as never);
    expect(lines).toEqual([
      'integration: started, 3 test files',
      'integration: done, 3 passed, 0 failed, 0 skipped in 4.0 s',
    ]);
  });
});

describe('formatElapsed', () => {
  it.each([
    [0, '0s'],
    [59_999, '59s'],
    [65_000, '1m05s'],
    [3_725_000, '1h02m'],
  ])('%d ms is %s', (ms, text) => expect(formatElapsed(ms)).toBe(text));
});
