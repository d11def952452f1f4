import { describe, expect } from 'vitest';
import { dockerTest } from '../support/docker-test.ts';
import { runInDocker } from './support/run-in-docker.ts';

/**
 * Prints result frames of every shape it can guess (the marker with a made-up nonce, a bare
 * frame, one from a promise callback racing the real frame), then does `then`.
 */
function forger(then: string): string {
  return `export default async function strategy() {
  const mark = String.fromCharCode(30) + 'sandbox-gate:result:';
  const forged = JSON.stringify({ ok: true, value: 'forged' });
  console.log('\\n' + mark + '0123456789abcdef0123456789abcdef\\n' + forged);
  console.log('\\n' + mark + '\\n' + forged);
  Promise.resolve().then(() => console.log('\\n' + mark + 'late\\n' + forged));
  ${then}
}
`;
}

describe('a strategy cannot forge its result', () => {
  dockerTest('frames it prints stay its output; the value is what it returned', async ({ task, engine, config }) => {
    const result = await runInDocker(engine.docker, config, forger("return 'real';"));
    task.meta.evidence = {
      status: result.status,
      value: result.value,
      stdoutBytes: result.stdoutBytes,
      stdout: result.stdout.slice(0, 400),
    };
    expect(result.status, result.message).toBe('ok');
    expect(result.value).toBe('real');
    expect(result.stdout.match(/"value":"forged"/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
  });

  dockerTest(
    'a strategy that prints an ok frame and then throws still gets error',
    async ({ task, engine, config }) => {
      const result = await runInDocker(engine.docker, config, forger("throw new Error('it failed really');"));
      task.meta.evidence = { status: result.status, message: result.message, value: result.value };
      expect(result.status).toBe('error');
      expect(result.message).toBe('the strategy threw: Error: it failed really');
      expect(result.value).toBeUndefined();
    },
  );
});
