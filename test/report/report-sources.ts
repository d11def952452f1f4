import { fileURLToPath } from 'node:url';
import { storedPolicy } from '../../harness/decision/attach-decision.ts';
import { renderAll, type RenderedOutputs } from '../../harness/report/render-report.ts';
import type { Results } from '../../harness/results/results-types.ts';
import { readResults } from '../../harness/results/validate-results.ts';
import { readCompact } from '../fixtures/report/compact-results.ts';

/** Issue 14: a report a reviewer reads in five minutes, at most 40 KB. */
export const MAX_REPORT_BYTES = 40 * 1024;
/** No line over 400 characters (issue 14); a claim row is one line. */
export const MAX_LINE_CHARS = 400;

/**
 * The real runs the report tests render. The committed example is replaced by each new real
 * run, so nothing may depend on which run it is; the fresh run is a compact copy of the
 * results.json of a fresh clone at ce9824e (test/fixtures/report/compact-results.ts), kept
 * because its report was 41,503 bytes when the example's was 39,227: one committed run is no
 * guard for the next.
 */
export const REPORT_SOURCES = [
  {
    name: 'the committed example run',
    file: fileURLToPath(new URL('../../reports/example/results.json', import.meta.url)),
    read: (file: string): Promise<Results> => readResults(file),
  },
  {
    name: 'the fresh run at ce9824e (compact fixture)',
    file: fileURLToPath(new URL('../fixtures/report/fresh-run-ce9824e.json', import.meta.url)),
    read: (file: string): Promise<Results> => Promise.resolve(readCompact(file)),
  },
] as const;

export type ReportSource = (typeof REPORT_SOURCES)[number];

/** Renders `results` with the policy stored in it, as `sandbox-gate report --from` does. */
export function renderStored(results: Results, file: string): RenderedOutputs {
  return renderAll(results, storedPolicy(results, file)!, results.configSource!.text, {
    configFile: results.configSource!.file,
  });
}
