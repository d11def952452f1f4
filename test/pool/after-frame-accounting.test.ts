// The pool's background work after an execution returned on its result frame: the exit is
// checked against the frame and the container removed; what does not match, or will not go
// away, is counted (pool.stats), never dropped. Fakes stand in for the engine here; the real
// engine's side (single use, nothing left after close) is in suites/perf/pool.test.ts.
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { WarmPool } from '../../harness/sandbox/docker/pool.ts';
import type { AfterFrameCheck, StartedSandboxContainer } from '../../harness/sandbox/docker/sandbox-container.ts';

/** An engine whose removals answer `status` (404: already gone; 500: it will not go). */
function engine(status: number): Docker {
  const fail = () => Promise.reject(Object.assign(new Error(`HTTP ${status}`), { statusCode: status }));
  return { getContainer: () => ({ remove: fail }) } as unknown as Docker;
}

function served(id: string, check: AfterFrameCheck): StartedSandboxContainer {
  return {
    id,
    shortId: id.slice(0, 12),
    afterFrame: Promise.resolve(check),
    remove: async () => {},
  } as unknown as StartedSandboxContainer;
}

const pool = (docker: Docker) =>
  new WarmPool(docker, { size: () => 0, idleMs: () => 60_000, currentSpec: async () => ({}), removalAttempts: 2 });

describe('after the result frame', () => {
  it('counts an exit that matches its frame as checked, and a container gone as removed', async () => {
    const p = pool(engine(404));
    p.release(served('a'.repeat(64), { expectedExitCode: 0, exitCode: 0 }));
    await p.close();
    expect(p.stats).toMatchObject({ exitsCheckedAfterFrame: 1, unexpectedExits: 0, removed: 1, notRemoved: 0 });
  });

  it('counts an exit that does not match its frame, with what was seen', async () => {
    const p = pool(engine(404));
    p.release(
      served('b'.repeat(64), {
        expectedExitCode: 0,
        exitCode: 137,
        problem: 'it exited with code 137 after a frame that means 0',
      }),
    );
    await p.close();
    expect(p.stats).toMatchObject({
      exitsCheckedAfterFrame: 1,
      unexpectedExits: 1,
      lastUnexpectedExit: `container ${'b'.repeat(12)}: it exited with code 137 after a frame that means 0`,
    });
  });

  it('counts a container that will not go away (close still returns, after the attempts)', async () => {
    const p = pool(engine(500));
    p.release(served('c'.repeat(64), { expectedExitCode: 1, exitCode: 1 }));
    await p.close();
    expect(p.stats).toMatchObject({ exitsCheckedAfterFrame: 1, unexpectedExits: 0, removed: 0, notRemoved: 1 });
  });
});
