import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../config/load-config.ts';
import { UsageError } from '../errors.ts';
import type { AuditReport } from '../audit/audit-report.ts';
import { formatSarif, type ArtifactUri } from '../audit/format-sarif.ts';
import { formatText } from '../audit/format-text.ts';
import { runAudit } from '../audit/run-audit.ts';
import { REPO_ROOT } from '../sandbox/docker/image.ts';
import { requireEngineFor } from './preflight.ts';
import { createProgress } from './progress.ts';

export interface AuditCommandOptions {
  /** The configuration as deployed. */
  config: string;
  /** A results.json whose claims are compared with what holds now. */
  results?: string;
  /** One AuditReport document, as every command's --json. @default false */
  json?: boolean;
  /** SARIF 2.1.0 for code scanning. @default false; text tables when neither is set */
  sarif?: boolean;
}

/**
 * `sandbox-gate audit [--config F] [--results F] [--json | --sarif]`: re-verifies every
 * claim and the live container's settings, and compares with a report's claims. Exit 0 when
 * everything holds, 1 when anything does not; configuration and usage errors throw (exit 2),
 * an unreachable engine throws InfrastructureError (exit 3).
 */
export async function auditCommand(options: AuditCommandOptions): Promise<number> {
  if (options.json && options.sarif)
    throw new UsageError('audit: --json and --sarif exclude each other: each prints one document');
  const config = await loadConfig(options.config);
  await requireEngineFor('sandbox-gate audit');
  const progress = createProgress({ prefix: 'audit: ' });
  const report = await runAudit({ config, resultsFile: options.results, onProgress: progress });
  progress.done(`${report.passed ? 'everything holds' : 'something does not hold'}`);
  process.stdout.write(await render(report, options));
  return report.passed ? 0 : 1;
}

async function render(report: AuditReport, options: AuditCommandOptions): Promise<string> {
  if (options.json) return `${JSON.stringify(report)}\n`;
  if (!options.sarif) return formatText(report);
  const configText = await readFile(report.configFile, 'utf8');
  const resultsText = options.results ? await readFile(options.results, 'utf8') : undefined;
  const version = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')).version as string;
  const sarif = formatSarif(report, {
    configText,
    configUri: artifactUri(report.configFile),
    resultsText,
    resultsUri: options.results ? artifactUri(path.resolve(options.results)) : undefined,
    toolVersion: version,
    srcRootUri: pathToFileURL(process.cwd() + path.sep).href,
  });
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/** Relative to the working directory (`%SRCROOT%`) when under it, as code-scanning viewers expect; else an absolute file URI. */
export function artifactUri(absolute: string): ArtifactUri {
  const relative = path.relative(process.cwd(), absolute);
  if (relative && !relative.startsWith('..') && !path.isAbsolute(relative))
    return { uri: relative.split(path.sep).join('/'), uriBaseId: '%SRCROOT%' };
  return { uri: pathToFileURL(absolute).href };
}
