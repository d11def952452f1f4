import { readFile } from 'node:fs/promises';
import { DEFAULT_CONFIG_PATH } from '../config/load-config.ts';
import { storedPolicy } from '../decision/attach-decision.ts';
import { DEFAULT_POLICY_PATH, loadPolicy } from '../decision/load-policy.ts';
import { UsageError } from '../errors.ts';
import { renderAll } from '../report/render-report.ts';
import { writeOutputs } from '../report/write-outputs.ts';
import { readResults } from '../results/validate-results.ts';

export interface ReportCommandOptions {
  /** The results.json of a run. */
  from: string;
  /**
   * The folder to write decision-report.md, evidence.md and learning_system.yaml into. Never
   * defaulted to the folder of `from` (that would overwrite a committed run such as
   * reports/example/): without it the report is printed on stdout and nothing is written.
   */
  out?: string;
  /** Print one JSON document: the decision, the gate and the files written (or the report text). @default false */
  json?: boolean;
  /**
   * A policy file to re-decide the run with. @default the policy stored in results.json
   * (`decision.policy`), so the report reproduces the run's byte for byte even after
   * config/decision-policy.yaml has changed; config/decision-policy.yaml only when the run
   * stored none.
   */
  policy?: string;
  /** The configuration to render. @default the text stored in results.json (`configSource`), else config/learning_system.yaml */
  config?: string;
}

/**
 * `sandbox-gate report --from results.json [--out DIR] [--policy F] [--config F] [--json]`:
 * re-renders the report, the evidence and the configuration from a run's results, without an
 * engine. With --out it writes them there and says so on stderr; without, it prints the report
 * on stdout and writes nothing. Returns the exit code, 0.
 * @throws ConfigError (exit 2) for an invalid results.json, policy or configuration;
 *         UsageError (exit 2) when no configuration text can be found.
 */
export async function reportCommand(options: ReportCommandOptions): Promise<number> {
  const results = await readResults(options.from);
  const policy = options.policy
    ? await loadPolicy(options.policy)
    : (storedPolicy(results, options.from) ?? (await loadPolicy(DEFAULT_POLICY_PATH)));
  let configText: string;
  let configFile: string;
  if (options.config || !results.configSource) {
    configFile = options.config ?? DEFAULT_CONFIG_PATH;
    try {
      configText = await readFile(configFile, 'utf8');
    } catch (error) {
      throw new UsageError(
        `report: cannot read the configuration ${configFile} (${(error as NodeJS.ErrnoException).code ?? error}); ${options.from} stores none, pass --config FILE`,
        { cause: error },
      );
    }
  } else {
    configText = results.configSource.text;
    configFile = results.configSource.file;
  }
  const rendered = renderAll(results, policy, configText, { configFile });
  const stored = results.decision;
  if (
    stored &&
    (stored.outcome !== rendered.decision.outcome || stored.gate.passed !== rendered.decision.gate.passed)
  ) {
    process.stderr.write(
      `report: the decision stored in ${options.from} (${stored.outcome}, gate ${stored.gate.passed ? 'passed' : 'failed'}) differs from applying ` +
        `${options.policy ? `the policy ${options.policy}` : 'its policy'} now (${rendered.decision.outcome}, gate ${rendered.decision.gate.passed ? 'passed' : 'failed'}); the report shows the latter\n`,
    );
  }
  const summary = {
    outcome: rendered.decision.outcome,
    gatePassed: rendered.decision.gate.passed,
    rule: rendered.decision.rule,
  };
  if (!options.out) {
    process.stdout.write(
      options.json ? `${JSON.stringify({ ...summary, report: rendered.report })}\n` : rendered.report,
    );
    process.stderr.write(
      'report: printed decision-report.md only; --out DIR writes it with evidence.md, learning_system.yaml and alerts.yml\n',
    );
    return 0;
  }
  const written = await writeOutputs(options.out, rendered);
  if (options.json) process.stdout.write(`${JSON.stringify({ ...summary, files: written })}\n`);
  process.stderr.write(
    `report: wrote ${written.reportPath}, ${written.evidencePath}, ${written.configPath} and ${written.alertsPath}\n`,
  );
  return 0;
}
