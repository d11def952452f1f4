import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { LoopbackNonceListener } from '../../harness/claims/loopback-listener.ts';
import { everyThreadIs, fieldAcrossThreads, idLine } from '../../harness/claims/thread-status.ts';

describe('fieldAcrossThreads', () => {
  it('holds only when every thread has the field with the one value', () => {
    const status = { '1': { CapBnd: '0', NoNewPrivs: '1' }, '7': { CapBnd: '0' } };
    expect(everyThreadIs(fieldAcrossThreads(status, 'CapBnd'), '0')).toBe(true);
    expect(fieldAcrossThreads(status, 'NoNewPrivs')).toEqual({ threads: 2, values: ['1'], missing: 1 });
    expect(everyThreadIs(fieldAcrossThreads(status, 'NoNewPrivs'), '1')).toBe(false);
    expect(everyThreadIs(fieldAcrossThreads({ '1': { CapBnd: '0' }, '2': { CapBnd: '1' } }, 'CapBnd'), '0')).toBe(
      false,
    );
    expect(everyThreadIs(fieldAcrossThreads({}, 'CapBnd'), '0')).toBe(false);
  });

  it('writes the four ids of a Uid/Gid line', () => {
    expect(idLine(1000)).toBe('1000\t1000\t1000\t1000');
  });
});

describe('LoopbackNonceListener', () => {
  it('serves its nonce on 127.0.0.1 and counts the connection', async () => {
    await using listener = await LoopbackNonceListener.open();
    const received = await new Promise<string>((resolve, reject) => {
      let text = '';
      const socket = connect({ host: '127.0.0.1', port: listener.port });
      socket.setEncoding('utf8');
      socket.on('data', (chunk) => (text += chunk));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(received).toBe(listener.nonce);
    expect(listener.nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(listener.accepted).toBe(1);
  });
});
