import { describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_CONFIG } from '../../harness/config/default-config.ts';
import { sesBundlePath } from '../../harness/sandbox/docker/image.ts';
import { runnerNodeFlags } from '../../harness/sandbox/docker/ses-code-cache.ts';
import { localSesCodeCache } from '../../harness/sandbox/local/local-ses-cache.ts';
import { LocalExecutor } from '../../harness/sandbox/local/local-executor.ts';
import { newNonce } from '../../harness/sandbox/runner-protocol.ts';
import { runRunner, strategyJob } from './run-runner.ts';

describe('the local mode loads ses from a code cache of its own', () => {
  const flags = runnerNodeFlags(DEFAULT_SANDBOX_CONFIG.docker.memoryBytes);
  const probe = () => ({ nonce: newNonce(), kind: 'probe' as const, probe: 'ses-code-cache', args: {} });

  it('made once per node, ses, loader and flags; V8 accepts it under those flags', async () => {
    const cache = await localSesCodeCache(flags);
    expect(cache).toMatch(/\.build\/ses-cache\/[0-9a-f]{16}\.ses\.max-old-space-size=1536\.v8cache$/);
    expect(await localSesCodeCache(flags)).toBe(cache);
    expect(await localSesCodeCache([])).not.toBe(cache);
    expect(runRunner(flags, [`--ses=${sesBundlePath()}`, `--ses-cache=${cache}`], probe())).toMatchObject({
      value: { state: 'accepted' },
    });
  });

  it('the permission model lets the child read the cache, and a strategy runs', async () => {
    const executor = new LocalExecutor(DEFAULT_SANDBOX_CONFIG);
    const cache = await localSesCodeCache(flags);
    const line = executor.commandLine(cache);
    expect(line).toContain(`--allow-fs-read=${cache}`);
    expect(line.at(-1)).toBe(`--ses-cache=${cache}`);
    const job = strategyJob(
      'export default function f({ x }) { return { x, locked: Object.isFrozen(Array.prototype) }; }\n',
      {
        x: 3,
      },
    );
    const result = await executor.execute(job);
    await executor.close();
    expect(result.status, result.message).toBe('ok');
    expect(result.value).toEqual({ x: 3, locked: true });
  });
});
