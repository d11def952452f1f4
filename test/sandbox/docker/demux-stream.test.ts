// The attach-stream demultiplexer (harness/sandbox/docker/demux-stream.ts) against frames built
// by hand as the Engine sends them, cut at every byte boundary.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { demuxAttachStream } from '../../../harness/sandbox/docker/demux-stream.ts';

function frame(type: number, payload: string): Buffer {
  const body = Buffer.from(payload);
  const header = Buffer.alloc(8);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

/** Feeds `bytes` in chunks of `size` and returns what reached stdout and stderr, and the chunks written. */
function demux(bytes: Buffer, size: number) {
  const source = new PassThrough();
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const out = new PassThrough();
  const err = new PassThrough();
  out.on('data', (c: Buffer) => stdout.push(c));
  err.on('data', (c: Buffer) => stderr.push(c));
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(Buffer.from(bytes.subarray(at, at + size)));
  demuxAttachStream(source, out, err);
  for (const chunk of chunks) source.emit('data', chunk);
  return {
    stdout: Buffer.concat(stdout).toString(),
    stderr: Buffer.concat(stderr).toString(),
    outChunks: stdout,
    chunks,
  };
}

const STREAM = Buffer.concat([
  frame(1, 'hello '),
  frame(2, 'warn\n'),
  frame(1, ''),
  frame(1, 'world\n'),
  frame(0, 'stdin is dropped'),
  frame(2, 'x'.repeat(300)),
]);

describe('demuxAttachStream', () => {
  it('splits stdout and stderr whatever the chunking (every size from 1 byte to the whole stream)', () => {
    for (let size = 1; size <= STREAM.length; size++) {
      const { stdout, stderr } = demux(STREAM, size);
      expect([size, stdout, stderr]).toEqual([size, 'hello world\n', `warn\n${'x'.repeat(300)}`]);
    }
  });

  it('hands on views of the socket chunks, not copies: what it writes shares their memory', () => {
    const { outChunks, chunks } = demux(Buffer.concat([frame(1, 'a'.repeat(1000)), frame(1, 'b'.repeat(1000))]), 4096);
    expect(outChunks).toHaveLength(2);
    for (const piece of outChunks) expect(piece.buffer).toBe(chunks[0]!.buffer);
  });

  it('a stream that is not multiplexed (a TTY: no valid header) goes to stdout unchanged from there on', () => {
    const { stdout, stderr } = demux(Buffer.concat([frame(1, 'ok '), Buffer.from('raw tty text')]), 5);
    expect([stdout, stderr]).toEqual(['ok raw tty text', '']);
  });
});
