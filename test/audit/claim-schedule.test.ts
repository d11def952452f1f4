import { describe, expect, it } from 'vitest';
import { CLAIMS_RUN_ALONE, runScheduled } from '../../harness/audit/claim-schedule.ts';
import { allClaims } from '../../harness/claims/registry.ts';

/** A task whose completion the test controls, and a log of what ran beside what. */
function scripted() {
  const releases = new Map<string, () => void>();
  const running = new Set<string>();
  const overlaps: string[][] = [];
  const task = (item: string) =>
    new Promise<string>((resolve, reject) => {
      running.add(item);
      overlaps.push([...running].sort());
      releases.set(item, () => {
        running.delete(item);
        if (item.startsWith('fail')) reject(new Error(`${item} failed`));
        else resolve(`${item}!`);
      });
    });
  const release = async (item: string) => {
    for (let i = 0; i < 20 && !releases.has(item); i++) await new Promise((r) => setImmediate(r));
    releases.get(item)!();
  };
  return { task, release, overlaps, running };
}

describe('runScheduled', () => {
  it('runs at most `concurrency` at once and returns results in item order, whatever order they finish in', async () => {
    const s = scripted();
    const done = runScheduled(['a', 'b', 'c', 'd'], s.task, { concurrency: 2 });
    await s.release('b');
    await s.release('c');
    await s.release('d');
    await s.release('a');
    expect(await done).toEqual(['a!', 'b!', 'c!', 'd!']);
    expect(Math.max(...s.overlaps.map((o) => o.length))).toBe(2);
  });

  it('runs an item that must run alone with nothing beside it: those before finish first, those after wait', async () => {
    const s = scripted();
    const done = runScheduled(['a', 'b', 'alone', 'c', 'd'], s.task, {
      concurrency: 3,
      runsAlone: (item) => item === 'alone',
    });
    await s.release('a');
    await s.release('b');
    await s.release('alone');
    await s.release('c');
    await s.release('d');
    expect(await done).toEqual(['a!', 'b!', 'alone!', 'c!', 'd!']);
    expect(s.overlaps.filter((o) => o.includes('alone'))).toEqual([['alone']]);
    expect(s.overlaps).toContainEqual(['c', 'd']); // the rest run side by side again
  });

  it('concurrency 1 is one after the other', async () => {
    const s = scripted();
    const done = runScheduled(['a', 'b', 'c'], s.task, { concurrency: 1 });
    for (const item of ['a', 'b', 'c']) await s.release(item);
    await done;
    expect(s.overlaps).toEqual([['a'], ['b'], ['c']]);
  });

  it('after a failure starts nothing new, waits for the tasks under way, then rethrows the first failure in item order', async () => {
    const s = scripted();
    let settled = false;
    const done = runScheduled(['a', 'fail-1', 'c', 'd'], s.task, { concurrency: 2 }).finally(() => {
      settled = true;
    });
    const assertion = expect(done).rejects.toThrow('fail-1 failed');
    await s.release('fail-1');
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false); // 'a' is still running
    await s.release('a');
    await assertion;
    expect(s.overlaps.flat()).not.toContain('d');
  });

  it('refuses a concurrency below 1, naming the option', async () => {
    await expect(runScheduled(['a'], async (x) => x, { concurrency: 0 })).rejects.toThrow(
      /concurrency: expected an integer/,
    );
  });
});

describe('CLAIMS_RUN_ALONE', () => {
  it('names claims of the registry only (a renamed claim would silently run beside others)', () => {
    const ids = new Set(allClaims().map((c) => c.id));
    for (const id of CLAIMS_RUN_ALONE.keys()) expect(ids.has(id), id).toBe(true);
  });
});
