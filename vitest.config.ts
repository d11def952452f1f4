import { defineConfig } from 'vitest/config';

// One vitest project per phase of the gate, plus the unit tests of pure code.
// The phase suites drive a real Docker Engine. The phases that measure (limits: CPU share,
// memory, pids; perf: latency, throughput, soak) run one file at a time, so that a neighbouring
// suite does not disturb them. The phases whose tests only observe errnos, statuses and settings
// run FILES_AT_ONCE files at a time: most of their time is spent waiting on the engine.
// integration is both: audit-drift's audits re-run the cpu-limit claim, which reads the
// container's CPU share and is unmeasurable when a neighbour leaves it less than cpu_count
// cores, so that file runs alone in a project of its own (`integration-alone`, counted as the
// integration phase: harness/phases/phase-names.ts), after its other files ran FILES_AT_ONCE at
// a time. By hand: `npx vitest run --project 'integration*'` runs the whole phase.
//
// How vitest 4 applies this: a project with fileParallelism: false gets maxWorkers 1 and, with
// the default sequence.groupOrder (0), each of its files becomes a group of its own, run after
// every other group, one at a time, ordered by project name (integration-alone, limits, perf:
// audit-drift follows the rest of integration, whose groupOrder is the highest). A project with maxWorkers > 1 needs a groupOrder of its own
// (projects sharing one must share maxWorkers: vitest refuses otherwise, and unit has its own
// default), and the groups run one after the other: two phases never overlap, only the files
// inside a parallel phase do.
//
// This file is also compiled to dist/vitest.config.js (tsconfig.build.json), beside the compiled
// suites: an installed package runs its phases from there, so the suites import the very
// harness JavaScript the CLI runs (not a second copy transformed from the .ts sources, which
// do not ship). vite bundles a config but keeps each file's own import.meta.url.
const ext = import.meta.url.endsWith('.js') ? 'js' : 'ts';
/**
 * Files of a parallel phase at once. On the 2-core machine, with other work at load average
 * 9-19, main's config against this one back to back: lifecycle 152.8 s one at a time vs 73.7 and
 * 87.1 s two at a time; seccomp 204.6 s vs 112.1 and 125.5 s.
 */
const FILES_AT_ONCE = 2;
/** integration's file that runs alone (see above), relative to suites/integration/. */
const RUNS_ALONE = `audit-drift.test.${ext}`;
const phase = (
  name: string,
  testTimeoutMs: number,
  files: 'one at a time' | { groupOrder: number },
  select: { project?: string; include?: string; exclude?: string } = {},
) => ({
  test: {
    name: select.project ?? name,
    include: [`suites/${name}/${select.include ?? `**/*.test.${ext}`}`],
    ...(select.exclude ? { exclude: [`suites/${name}/${select.exclude}`] } : {}),
    testTimeout: testTimeoutMs,
    hookTimeout: 180_000,
    setupFiles: [`suites/support/setup.${ext}`],
    ...(files === 'one at a time'
      ? { fileParallelism: false }
      : { fileParallelism: true, maxWorkers: FILES_AT_ONCE, sequence: { groupOrder: files.groupOrder } }),
  },
});

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // The repository's own tests: not compiled, not shipped (an installed gate's unit phase is empty).
          include: [`test/**/*.test.${ext}`, `harness/**/*.test.${ext}`],
          testTimeout: 30_000,
        },
      },
      phase('lifecycle', 120_000, { groupOrder: 1 }),
      phase('limits', 180_000, 'one at a time'),
      phase('seccomp', 120_000, { groupOrder: 2 }),
      phase('integration', 300_000, { groupOrder: 3 }, { exclude: RUNS_ALONE }),
      phase('integration', 300_000, 'one at a time', { project: 'integration-alone', include: RUNS_ALONE }),
      phase('perf', 600_000, 'one at a time'),
    ],
  },
});
