import { describe, expect } from 'vitest';
import type { ContainerTimeline } from '../../harness/sandbox/execution-result.ts';
import { currentSessionId } from '../../harness/sandbox/docker/labels.ts';
import { listManagedContainers } from '../../harness/sandbox/docker/sweeper.ts';
import { dockerTest } from '../support/docker-test.ts';
import { isGone, runInDocker } from './support/run-in-docker.ts';

const TRIVIAL = 'export default function strategy({ x }) { return { doubled: x * 2 }; }\n';
/** Cold executions whose timelines are recorded as startup evidence. */
const STARTUP_SAMPLES = 5;

describe('container lifecycle', () => {
  dockerTest(
    'creates, starts, returns the result of and removes one container for a trivial strategy',
    async ({ task, engine, config }) => {
      const result = await runInDocker(engine.docker, config, TRIVIAL, { x: 21 });
      task.meta.evidence = {
        status: result.status,
        containerId: result.containerId,
        runtime: result.runtime,
        durationMs: result.durationMs,
        timeline: result.timeline,
      };

      expect(result.status, result.message).toBe('ok');
      expect(result.value).toEqual({ doubled: 42 });
      expect(result).toMatchObject({ mode: 'docker', runtime: 'runc', exitCode: 0, stdout: '', truncated: false });
      expect(result.containerId).toMatch(/^[0-9a-f]{64}$/);
      expect(await isGone(engine.docker, result.containerId!)).toBe(true);
      // The stages happened in order (an order, not a duration: nothing here reads a clock budget).
      const t = result.timeline!;
      const stages = [t.createMs, t.attachMs, t.startMs, t.firstByteMs, t.resultMs, t.removeMs];
      expect(stages.every((ms) => typeof ms === 'number')).toBe(true);
      expect([...(stages as number[])].sort((a, b) => a - b)).toEqual(stages);
    },
  );

  dockerTest(
    `records the startup timeline of ${STARTUP_SAMPLES} cold containers as evidence, and leaves none behind`,
    async ({ task, engine, config }) => {
      const timelines: ContainerTimeline[] = [];
      for (let i = 0; i < STARTUP_SAMPLES; i++) {
        const result = await runInDocker(engine.docker, config, TRIVIAL, { x: i });
        expect(result.status, result.message).toBe('ok');
        expect(result.value).toEqual({ doubled: 2 * i });
        timelines.push(result.timeline!);
      }
      const median = (key: keyof ContainerTimeline) => {
        const values = timelines.map((t) => t[key] as number).sort((a, b) => a - b);
        return values[Math.floor(values.length / 2)];
      };
      task.meta.evidence = {
        samples: timelines,
        medianMs: {
          create: median('createMs'),
          start: median('startMs'),
          firstByte: median('firstByteMs'),
          result: median('resultMs'),
          remove: median('removeMs'),
        },
        note: 'ms since the execution began (container create); measured, never asserted against a clock',
      };
      expect(await listManagedContainers(engine.docker, currentSessionId())).toEqual([]);
    },
  );
});
