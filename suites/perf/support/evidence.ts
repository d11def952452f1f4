// What a test records for results.json (harness/phases/run-phases.ts reads `meta.evidence`).
declare module 'vitest' {
  interface TaskMeta {
    evidence?: unknown;
  }
}

export {};
