import { defineConfig } from 'vitest/config';

// One vitest project per phase of the gate (two for integration and perf, see below), plus the
// unit tests of pure code. The phase suites drive a real Docker Engine. What measures (limits:
// CPU share, memory, pids; perf's benchmark and look-ahead cost; integration's audit-drift,
// whose audits re-run the cpu-limit claim, which reads the container's CPU share and is
// unmeasurable when a neighbour leaves it less than cpu_count cores) runs one file at a time,
// so that a neighbouring suite does not disturb it. The files whose tests only observe errnos,
// statuses, settings and counts run FILES_AT_ONCE at a time: most of their time is spent
// waiting on the engine. A phase with files of both kinds has two projects, the second named
// `<phase>-alone` (harness/phases/phase-names.ts counts its tests as the phase's; results.json
// knows phases only): integration (audit-drift alone, the rest two at a time) and perf (pool
// and soak two at a time: they count containers, statuses and this process's heap, never
// time; bench and lookahead-cost alone). By hand, `--project 'integration*'`
// runs the whole phase.
//
// How vitest 4 applies this: every project but unit has a sequence.groupOrder of its own, and
// the groups run one after the other in that order: two projects never overlap, only the files
// inside one with maxWorkers > 1 do. A project with fileParallelism: false gets maxWorkers 1: its
// files run one at a time. (Projects sharing a groupOrder must share maxWorkers: vitest refuses
// otherwise. Without an explicit groupOrder such a project's files would each become a group
// of their own, run after every other group, ordered by project name.)
//
// This file is also compiled to dist/vitest.config.js (tsconfig.build.json), beside the compiled
// suites: an installed package runs its phases from there, so the suites import the very
// harness JavaScript the CLI runs (not a second copy transformed from the .ts sources, which
// do not ship). vite bundles a config but keeps each file's own import.meta.url.
const ext = import.meta.url.endsWith('.js') ? 'js' : 'ts';
/**
 * Files of a parallel phase at once. On the 2-core machine, with other work at load average
 * 9-19, main's config against this one back to back: lifecycle 152.8 s one at a time vs 73.7 and
 * 87.1 s two at a time; seccomp 204.6 s vs 112.1 and 125.5 s. The same for the split phases
 * (2026-12-02, back to back, load average 4-7): integration 489 s one file at a time vs 384 s
 * (audit-drift alone 147 s after the rest two at a time); perf 182 s vs 156 s.
 */
const FILES_AT_ONCE = 2;
/** Patterns relative to suites/<phase>/: the files that run alone or in pairs where a phase has both kinds (see above). */
const AUDIT_DRIFT = `audit-drift.test.${ext}`;
const PERF_PAIRS = `{pool,soak}.test.${ext}`;
const ALL = `**/*.test.${ext}`;
const phase = (
  name: string,
  testTimeoutMs: number,
  files: { groupOrder: number; atOnce: 1 | typeof FILES_AT_ONCE },
  select: { project?: string; include?: string; exclude?: string } = {},
) => ({
  test: {
    name: select.project ?? name,
    include: [`suites/${name}/${select.include ?? ALL}`],
    ...(select.exclude ? { exclude: [`suites/${name}/${select.exclude}`] } : {}),
    testTimeout: testTimeoutMs,
    hookTimeout: 180_000,
    setupFiles: [`suites/support/setup.${ext}`],
    fileParallelism: files.atOnce > 1,
    maxWorkers: files.atOnce,
    sequence: { groupOrder: files.groupOrder },
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
      phase('lifecycle', 120_000, { groupOrder: 1, atOnce: FILES_AT_ONCE }),
      phase('limits', 180_000, { groupOrder: 2, atOnce: 1 }),
      phase('seccomp', 120_000, { groupOrder: 3, atOnce: FILES_AT_ONCE }),
      phase('integration', 300_000, { groupOrder: 4, atOnce: FILES_AT_ONCE }, { exclude: AUDIT_DRIFT }),
      phase(
        'integration',
        300_000,
        { groupOrder: 5, atOnce: 1 },
        { project: 'integration-alone', include: AUDIT_DRIFT },
      ),
      phase('perf', 600_000, { groupOrder: 6, atOnce: FILES_AT_ONCE }, { include: PERF_PAIRS }),
      phase('perf', 600_000, { groupOrder: 7, atOnce: 1 }, { project: 'perf-alone', exclude: PERF_PAIRS }),
    ],
  },
});
