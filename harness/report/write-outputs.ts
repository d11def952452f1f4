import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const REPORT_FILE_NAME = 'decision-report.md';
export const EVIDENCE_FILE_NAME = 'evidence.md';
export const CONFIG_FILE_NAME = 'learning_system.yaml';

export interface WrittenOutputs {
  reportPath: string;
  evidencePath: string;
  configPath: string;
}

/** Writes `decision-report.md`, `evidence.md` and `learning_system.yaml` into `dir`, creating it, and returns their paths. */
export async function writeOutputs(dir: string, outputs: { report: string; evidence: string; config: string }): Promise<WrittenOutputs> {
  await mkdir(dir, { recursive: true });
  const reportPath = join(dir, REPORT_FILE_NAME);
  const evidencePath = join(dir, EVIDENCE_FILE_NAME);
  const configPath = join(dir, CONFIG_FILE_NAME);
  await writeFile(reportPath, outputs.report, 'utf8');
  await writeFile(evidencePath, outputs.evidence, 'utf8');
  await writeFile(configPath, outputs.config, 'utf8');
  return { reportPath, evidencePath, configPath };
}
