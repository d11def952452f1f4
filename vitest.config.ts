import { defineConfig } from 'vitest/config';

// One vitest project per phase of the gate, plus the unit tests of pure code.
// The phase suites drive a real Docker Engine: they run one file at a time so that
// resource-limit measurements are not disturbed by a neighbouring suite.
const phase = (name: string, testTimeoutMs: number) => ({
  test: {
    name,
    include: [`suites/${name}/**/*.test.ts`],
    testTimeout: testTimeoutMs,
    hookTimeout: 180_000,
    fileParallelism: false,
    setupFiles: ['suites/support/setup.ts'],
  },
});

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'harness/**/*.test.ts'],
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
