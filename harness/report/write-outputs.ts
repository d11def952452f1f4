import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const REPORT_FILE_NAME = 'decision-report.md';
export const EVIDENCE_FILE_NAME = 'evidence.md';
export const CONFIG_FILE_NAME = 'learning_system.yaml';
export const ALERTS_FILE_NAME = 'alerts.yml';

export interface WrittenOutputs {
  reportPath: string;
  evidencePath: string;
  configPath: string;
  alertsPath: string;
}

/** Writes `decision-report.md`, `evidence.md`, `learning_system.yaml` and `alerts.yml` into `dir`, creating it, and returns their paths. */
export async function writeOutputs(
  dir: string,
  outputs: { report: string; evidence: string; config: string; alerts: string },
): Promise<WrittenOutputs> {
  await mkdir(dir, { recursive: true });
  const reportPath = join(dir, REPORT_FILE_NAME);
  const evidencePath = join(dir, EVIDENCE_FILE_NAME);
  const configPath = join(dir, CONFIG_FILE_NAME);
  await writeFile(reportPath, outputs.report, 'utf8');
  await writeFile(evidencePath, outputs.evidence, 'utf8');
  const alertsPath = join(dir, ALERTS_FILE_NAME);
  await writeFile(configPath, outputs.config, 'utf8');
  await writeFile(alertsPath, outputs.alerts, 'utf8');
  return { reportPath, evidencePath, configPath, alertsPath };
}
