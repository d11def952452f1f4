import { describe, expect, it } from 'vitest';
import {
  CappedText,
  StdoutSplitter,
  encodeJob,
  heapCapMiB,
  interpretExit,
  resultMarker,
  type RunnerExit,
} from '../../harness/sandbox/runner-protocol.ts';

const exit = (overrides: Partial<RunnerExit>): RunnerExit => ({
  frame: undefined,
  exitCode: 0,
  signal: null,
  timedOut: false,
  timeoutMs: 2000,
  cgroupOomKilled: false,
  stdoutOverflow: false,
  stderrOverflow: false,
  resultTooLarge: false,
  stderrText: '',
  memoryBytes: 128 * 1024 ** 2,
  ...overrides,
});

describe('the job encoding', () => {
  it('prefixes the UTF-8 byte length, not the character count', () => {
    const encoded = encodeJob({ nonce: 'n', kind: 'probe', probe: 'échο' });
    const [header, body] = [
      encoded.subarray(0, encoded.indexOf(10)).toString(),
      encoded.subarray(encoded.indexOf(10) + 1),
    ];
    expect(Number(header)).toBe(body.length);
    expect(body.length).toBeGreaterThan(body.toString('utf8').length);
  });
});

describe('StdoutSplitter', () => {
  const marker = resultMarker('abc');
  it('finds the marker split across every possible chunk boundary', () => {
    const stream = Buffer.concat([Buffer.from('hello\n'), marker, Buffer.from('{"ok":true,"value":42}\n')]);
    for (let cut = 1; cut < stream.length; cut++) {
      const splitter = new StdoutSplitter(marker, 1024, 1024, () => {});
      splitter.push(stream.subarray(0, cut));
      splitter.push(stream.subarray(cut));
      splitter.end();
      expect(splitter.strategyOutput.text(), `cut at ${cut}`).toBe('hello\n');
      expect(splitter.frame(), `cut at ${cut}`).toEqual({ ok: true, value: 42 });
    }
  });

  it('a marker with another nonce is the strategy output, not a frame', () => {
    const splitter = new StdoutSplitter(marker, 1024, 1024, () => {});
    splitter.push(Buffer.concat([resultMarker('forged'), Buffer.from('{"ok":true,"value":666}\n')]));
    splitter.end();
    expect(splitter.frame()).toBeUndefined();
    expect(splitter.strategyOutput.text()).toContain('forged');
  });

  it('counts every byte past the cap, keeps only the cap, and calls onOverflow once', () => {
    let overflows = 0;
    const capped = new CappedText(10, () => overflows++);
    capped.push(Buffer.from('0123456789abc'));
    capped.push(Buffer.from('def'));
    expect([capped.bytes, capped.text(), capped.truncated, overflows]).toEqual([16, '0123456789', true, 1]);
  });

  it('keeps a copy of what it keeps, not a view that would hold the whole chunk (a 64 KiB socket read) alive', () => {
    const capped = new CappedText(4);
    const chunk = Buffer.alloc(65_536, 'a');
    capped.push(chunk);
    chunk.fill('b');
    expect(capped.text()).toBe('aaaa');
  });
});

describe('interpretExit', () => {
  it('a timeout explains the SIGKILL that ended it', () => {
    expect(interpretExit(exit({ timedOut: true, signal: 'SIGKILL', exitCode: 137 })).status).toBe('timeout');
  });

  it('an output cap explains the SIGKILL that ended it', () => {
    expect(interpretExit(exit({ stdoutOverflow: true, signal: 'SIGKILL', exitCode: 137 })).status).toBe('output-limit');
  });

  it("the engine's OOMKilled flag gives oom, naming the cgroup", () => {
    expect(interpretExit(exit({ cgroupOomKilled: true, signal: 'SIGKILL', exitCode: 137 }))).toMatchObject({
      status: 'oom',
      message: expect.stringMatching(/cgroup OOM/),
    });
  });

  it('a SIGKILL the harness did not send and no result is oom even when the engine missed the flag', () => {
    expect(interpretExit(exit({ signal: 'SIGKILL', exitCode: 137 }))).toMatchObject({
      status: 'oom',
      message: expect.stringMatching(/did not flag it/),
    });
  });

  it('the V8 heap message without a result is oom; with a result it is whatever the result says', () => {
    const stderrText = 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory';
    expect(interpretExit(exit({ stderrText, signal: 'SIGSEGV', exitCode: 139 })).status).toBe('oom');
    expect(interpretExit(exit({ stderrText, frame: { ok: true, value: 1 } })).status).toBe('ok');
  });

  it('a failure frame is error with its message; no frame at all names how the runner ended', () => {
    expect(
      interpretExit(exit({ frame: { ok: false, kind: 'threw', message: 'the strategy threw: x' }, exitCode: 1 })),
    ).toEqual({ status: 'error', message: 'the strategy threw: x' });
    expect(interpretExit(exit({ exitCode: 2 }))).toEqual({
      status: 'error',
      message: 'the runner ended (exit code 2) without a result',
    });
  });
});

describe('heapCapMiB', () => {
  it('is 3/4 of a large limit and at least 48 MiB below a small one', () => {
    const MiB = 1024 ** 2;
    expect([heapCapMiB(2048 * MiB), heapCapMiB(256 * MiB), heapCapMiB(128 * MiB), heapCapMiB(32 * MiB)]).toEqual([
      1536, 192, 80, 16,
    ]);
  });
});
