// The one container-removal helper against a scripted engine: dockerode sends real DELETE
// requests and builds its real errors from the engine's answers.
import { describe, expect, it } from 'vitest';
import { owedRemovals, settleRemovals } from '../../../harness/sandbox/docker/removal-debt.ts';
import { removeContainer } from '../../../harness/sandbox/docker/remove-container.ts';
import { ENGINE_ANSWERS, ScriptedEngine } from './scripted-engine.ts';

const ID = '0123456789ab';
const DELETE = `DELETE /containers/${ID}`;

describe('removeContainer', () => {
  it('removes with one force DELETE', async () => {
    await using engine = await ScriptedEngine.start([ENGINE_ANSWERS.removed]);
    expect(await removeContainer(engine.docker.getContainer(ID))).toBe(true);
    expect(engine.requests).toEqual([DELETE]);
  });

  it('takes 404 (already gone) as success, without asking again', async () => {
    await using engine = await ScriptedEngine.start([ENGINE_ANSWERS.noSuchContainer]);
    expect(await removeContainer(engine.docker.getContainer(ID))).toBe(true);
    expect(engine.requests).toEqual([DELETE]);
  });

  it('waits out 409 removal in progress until the engine answers 404, without spending an attempt', async () => {
    await using engine = await ScriptedEngine.start([
      ENGINE_ANSWERS.removalInProgress,
      ENGINE_ANSWERS.removalInProgress,
      ENGINE_ANSWERS.noSuchContainer,
    ]);
    expect(await removeContainer(engine.docker.getContainer(ID), { attempts: 1 })).toBe(true);
    expect(engine.requests).toEqual([DELETE, DELETE, DELETE]);
    expect(owedRemovals(engine.docker)).toBe(0);
  });

  it('retries other failures up to `attempts`, then gives up and owes the removal', async () => {
    await using engine = await ScriptedEngine.start([
      ENGINE_ANSWERS.serverError,
      ENGINE_ANSWERS.serverError,
      ENGINE_ANSWERS.serverError,
      ENGINE_ANSWERS.removed,
    ]);
    expect(await removeContainer(engine.docker.getContainer(ID), { attempts: 3, firstDelayMs: 1 })).toBe(false);
    expect(engine.requests).toEqual([DELETE, DELETE, DELETE]);
    expect(owedRemovals(engine.docker)).toBe(1);
    // The debt is settled through the same helper once the engine answers.
    expect(await settleRemovals(engine.docker, async (container) => void (await removeContainer(container)))).toBe(0);
    expect(engine.requests).toEqual([DELETE, DELETE, DELETE, DELETE]);
  });

  it('a 409 that is not a removal in progress is a failure like any other', async () => {
    await using engine = await ScriptedEngine.start([ENGINE_ANSWERS.nameConflict]);
    expect(await removeContainer(engine.docker.getContainer(ID), { oweOnFailure: false })).toBe(false);
    expect(owedRemovals(engine.docker)).toBe(0);
  });

  it('succeeds on a later attempt after the engine recovers', async () => {
    await using engine = await ScriptedEngine.start([ENGINE_ANSWERS.serverError, ENGINE_ANSWERS.removed]);
    expect(await removeContainer(engine.docker.getContainer(ID), { attempts: 2, firstDelayMs: 1 })).toBe(true);
    expect(engine.requests).toEqual([DELETE, DELETE]);
  });
});
