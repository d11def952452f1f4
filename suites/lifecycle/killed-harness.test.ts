import type Docker from 'dockerode';
import { describe, expect } from 'vitest';
import { gcCommand } from '../../harness/cli/gc-command.ts';
import { DockerExecutor } from '../../harness/sandbox/docker/docker-executor.ts';
import { startSandboxContainer } from '../../harness/sandbox/docker/sandbox-container.ts';
import { LABEL_OWNER } from '../../harness/sandbox/docker/labels.ts';
import { listManagedContainers, sweepContainers } from '../../harness/sandbox/docker/sweeper.ts';
import { dockerTest } from '../support/docker-test.ts';
import { captureStdout } from './support/capture-stdout.ts';
import { startAndKillHarness } from './support/killed-harness.ts';
import { isGone } from './support/run-in-docker.ts';

async function ownedBy(docker: Docker, owner: string) {
  return (await listManagedContainers(docker)).filter((c) => c.Labels[LABEL_OWNER] === owner);
}

describe('a harness killed with SIGKILL mid-run', () => {
  dockerTest('leaves its labelled container running, and the sweeper removes it', async ({ task, engine }) => {
    const killed = await startAndKillHarness(engine.docker);
    const leftBehind = await ownedBy(engine.docker, killed.owner);
    const removed = await sweepContainers(engine.docker);
    task.meta.evidence = {
      ...killed,
      leftBehind: leftBehind.map((c) => c.Id.slice(0, 12)),
      swept: removed.map((id) => id.slice(0, 12)),
    };

    expect(killed.stateAfterKill).toBe('running');
    expect(leftBehind.map((c) => c.Id)).toEqual([killed.containerId]);
    expect(removed).toContain(killed.containerId);
    expect(await isGone(engine.docker, killed.containerId)).toBe(true);
    expect(await ownedBy(engine.docker, killed.owner)).toEqual([]);
  });

  dockerTest('`sandbox-gate gc --json` removes it and says so in one JSON document', async ({ task, engine }) => {
    const killed = await startAndKillHarness(engine.docker);
    const { value: exitCode, printed } = await captureStdout(() =>
      gcCommand({ all: false, json: true }, engine.docker),
    );
    const report = JSON.parse(printed) as {
      all: boolean;
      removed: Array<{ id: string; owner: string; state: string }>;
      kept: number;
    };
    task.meta.evidence = { ...killed, gc: report };

    expect(exitCode).toBe(0);
    expect(printed.trim().split('\n')).toHaveLength(1);
    expect(report.all).toBe(false);
    expect(report.removed).toContainEqual(
      expect.objectContaining({ id: killed.containerId, owner: killed.owner, state: 'running' }),
    );
    expect(await isGone(engine.docker, killed.containerId)).toBe(true);
  });

  dockerTest('gc leaves the containers of a live harness alone', async ({ engine, config }) => {
    // This process is alive: a container it owns must survive a default gc.
    const { spec } = await new DockerExecutor(config, { docker: engine.docker }).prepare();
    await using started = await startSandboxContainer(engine.docker, spec);
    const { printed } = await captureStdout(() => gcCommand({ all: false, json: true }, engine.docker));
    const report = JSON.parse(printed) as { removed: Array<{ id: string }> };
    expect(report.removed.map((c) => c.id)).not.toContain(started.id);
    expect(await isGone(engine.docker, started.id)).toBe(false);
  });
});
