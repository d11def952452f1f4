import { defineConfig } from 'vitest/config';

// One vitest project per phase of the gate, plus the unit tests of pure code.
// The phase suites drive a real Docker Engine: they run one file at a time so that
// resource-limit measurements are not disturbed by a neighbouring suite.
//
// This file is also compiled to dist/vitest.config.js (tsconfig.build.json), beside the compiled
// suites: an installed package runs its phases from there, so the suites import the very
// harness JavaScript the CLI runs (not a second copy transformed from the .ts sources, which
// do not ship). vite bundles a config but keeps each file's own import.meta.url.
const ext = import.meta.url.endsWith('.js') ? 'js' : 'ts';
const phase = (name: string, testTimeoutMs: number) => ({
  test: {
    name,
    include: [`suites/${name}/**/*.test.${ext}`],
    testTimeout: testTimeoutMs,
    hookTimeout: 180_000,
    fileParallelism: false,
    setupFiles: [`suites/support/setup.${ext}`],
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
      phase('lifecycle', 120_000),
      phase('limits', 180_000),
      phase('seccomp', 120_000),
      phase('integration', 300_000),
      phase('perf', 600_000),
    ],
  },
});
