// The one engine-error guard, fed the error objects dockerode/docker-modem really build: each
// comes from a request to a scripted engine on a unix socket (or to a socket nobody serves).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InfrastructureError } from '../../../harness/errors.ts';
import { classifyEngineError, createEngineClient, engineCall } from '../../../harness/sandbox/docker/engine-client.ts';
import {
  engineErrorDetail,
  engineErrorKind,
  isContainerGone,
  isEngineError,
  type EngineErrorKind,
} from '../../../harness/sandbox/docker/engine-error.ts';
import { ENGINE_ANSWERS, ScriptedEngine, type ScriptedAnswer } from './scripted-engine.ts';

const CASES: Array<[string, ScriptedAnswer, EngineErrorKind]> = [
  ['404 on a container', ENGINE_ANSWERS.noSuchContainer, 'no-such-container'],
  ['404 on an image', ENGINE_ANSWERS.noSuchImage, 'no-such-image'],
  ['409 removal in progress', ENGINE_ANSWERS.removalInProgress, 'removal-in-progress'],
  ['409 name conflict', ENGINE_ANSWERS.nameConflict, 'conflict'],
  ['400 refused settings', ENGINE_ANSWERS.badParameter, 'bad-parameter'],
  ['500 daemon error', ENGINE_ANSWERS.serverError, 'daemon-error'],
];

describe('engineErrorKind on real dockerode errors', () => {
  for (const [name, answer, kind] of CASES) {
    it(`${name} -> ${kind}`, async () => {
      await using engine = await ScriptedEngine.start([answer]);
      const error = await engine.errorOf((docker) => docker.getContainer('0123456789ab').remove({ force: true }));
      expect(error).toMatchObject({ statusCode: answer.status, json: answer.body });
      expect(engineErrorKind(error)).toBe(kind);
      expect(engineErrorDetail(error)).toBe(answer.body!.message);
    });
  }

  it('a 404 on something else (a volume) is not-found', async () => {
    await using engine = await ScriptedEngine.start([{ status: 404, body: { message: 'get v: no such volume' } }]);
    const error = await engine.errorOf((docker) => docker.getVolume('v').inspect());
    expect(engineErrorKind(error)).toBe('not-found');
  });

  it('the same 404 on an image inspect is no-such-image, not a gone container', async () => {
    await using engine = await ScriptedEngine.start([ENGINE_ANSWERS.noSuchImage]);
    const error = await engine.errorOf((docker) => docker.getImage('sandbox-gate/does-not-exist:never').inspect());
    expect(isEngineError(error, 'no-such-image')).toBe(true);
    expect(isContainerGone(error)).toBe(false);
  });

  it('a socket nobody serves is unreachable (ENOENT), and classifies as engine-unreachable', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sandbox-gate-no-engine-'));
    try {
      const docker = createEngineClient({ socketPath: path.join(dir, 'nobody.sock') });
      const error = await docker.ping().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'ENOENT' });
      expect(engineErrorKind(error)).toBe('unreachable');
      expect(classifyEngineError(error, 'ping')?.reason).toBe('engine-unreachable');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('looks through the InfrastructureError engineCall wraps an engine failure in', async () => {
    await using engine = await ScriptedEngine.start([ENGINE_ANSWERS.noSuchImage]);
    const error = await engineCall('image inspect', () => engine.docker.getImage('x:y').inspect()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InfrastructureError);
    expect((error as InfrastructureError).reason).toBe('image-missing');
    expect(engineErrorKind(error)).toBe('no-such-image');
  });

  it('answers undefined for what is not an engine error', () => {
    expect(engineErrorKind(new Error('a bug'))).toBeUndefined();
    expect(engineErrorKind(new InfrastructureError('engine-timeout', 'no answer within 10 s'))).toBeUndefined();
    expect(engineErrorKind(undefined)).toBeUndefined();
    expect(isEngineError('404', 'not-found')).toBe(false);
  });

  it('leaves 404 on a container, 409 and 400 to the caller: they are answers, not the engine failing', async () => {
    for (const answer of [
      ENGINE_ANSWERS.noSuchContainer,
      ENGINE_ANSWERS.removalInProgress,
      ENGINE_ANSWERS.badParameter,
    ]) {
      await using engine = await ScriptedEngine.start([answer]);
      const error = await engine.errorOf((docker) => docker.getContainer('0123456789ab').inspect());
      expect(classifyEngineError(error, 'container inspect'), JSON.stringify(answer)).toBeUndefined();
    }
    await using engine = await ScriptedEngine.start([ENGINE_ANSWERS.serverError]);
    const error = await engine.errorOf((docker) => docker.getContainer('0123456789ab').inspect());
    expect(classifyEngineError(error, 'container inspect')?.reason).toBe('runtime-missing');
  });
});
