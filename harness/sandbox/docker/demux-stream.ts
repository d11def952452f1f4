import type { Readable, Writable } from 'node:stream';

/** The Engine's multiplexed attach stream: each frame is an 8-byte header, then its payload. */
const HEADER_BYTES = 8;
const STDOUT = 1;
const STDERR = 2;

/**
 * Splits a container's attach stream (no TTY) into stdout and stderr, as dockerode's
 * `modem.demuxStream` does, without its copies. That one concatenates every chunk onto what
 * is pending and, after each frame, copies the whole remainder again (`Buffer.from(subarray)`):
 * a 64 KiB socket chunk of 1 KiB frames (a strategy's console.log lines) costs ~4 MiB of
 * copies, and each frame it hands on is a view of one of those copies, so a consumer that
 * keeps the frames keeps every copy alive. The soak's 4 MiB flood into the 1 MiB stdout cap
 * peaked at 34.7 MiB of Buffers through it, 8.1 MiB through this (2026-12-02). Here a frame is
 * a view of the socket's own chunk; only a header split across chunks is copied, once.
 *
 * A stream type other than stdin (0), stdout (1) or stderr (2) means the stream is not
 * multiplexed (a TTY) or lost its alignment: from there on everything goes to stdout, as
 * dockerode does.
 */
export function demuxAttachStream(stream: Readable, stdout: Writable, stderr: Writable): void {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let frameType: number | undefined;
  let payloadLeft = 0;
  let raw = false;

  /** Takes exactly `bytes` from the pending chunks (the caller checked they are there). */
  const take = (bytes: number): Buffer => {
    const joined = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    pending = joined.length > bytes ? [joined.subarray(bytes)] : [];
    pendingBytes -= bytes;
    return joined.subarray(0, bytes);
  };

  stream.on('data', (chunk: Buffer) => {
    if (raw) return void stdout.write(chunk);
    let offset = 0;
    while (offset < chunk.length) {
      if (frameType === undefined) {
        // A header, possibly split across chunks.
        const needed = HEADER_BYTES - pendingBytes;
        const piece = chunk.subarray(offset, offset + needed);
        offset += piece.length;
        pending.push(piece);
        pendingBytes += piece.length;
        if (pendingBytes < HEADER_BYTES) return;
        const header = take(HEADER_BYTES);
        const type = header.readUInt8(0);
        if (type > STDERR) {
          raw = true;
          stdout.write(Buffer.concat([header, chunk.subarray(offset)]));
          return;
        }
        frameType = type;
        payloadLeft = header.readUInt32BE(4);
        if (payloadLeft > 0) continue;
      } else {
        // Payload bytes go on as they arrive: a frame split across chunks is written in parts.
        const piece = chunk.subarray(offset, offset + payloadLeft);
        offset += piece.length;
        payloadLeft -= piece.length;
        if (frameType === STDOUT) stdout.write(piece);
        else if (frameType === STDERR) stderr.write(piece);
      }
      if (payloadLeft === 0) frameType = undefined;
    }
  });
}
