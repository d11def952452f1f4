// Runs before every phase-suite file. In CI a missing engine fails the file here even when the
// file uses no Docker fixture. After each file it proves that the file left no container behind:
// every container this harness process created must be gone.
import { afterAll, expect } from 'vitest';
import { currentSessionId } from '../../harness/sandbox/docker/labels.ts';
import { listManagedContainers } from '../../harness/sandbox/docker/sweeper.ts';
import { requireEngine } from './engine.ts';

const verdict = await requireEngine();

afterAll(async () => {
  if (!('engine' in verdict)) return;
  const left = await listManagedContainers(verdict.engine.docker, currentSessionId());
  expect(
    left.map((c) => `${c.Id.slice(0, 12)} ${c.State}`),
    'containers this test file left behind',
  ).toEqual([]);
});
