import { decide } from '../decision/decide.ts';
import type { Decision } from '../decision/decision-types.ts';
import type { LoadedPolicy } from '../decision/policy-types.ts';
import type { Results } from '../results/results-types.ts';
import { loadReportTemplates, TEMPLATES_DIR } from './report-environment.ts';
import { renderAlertRules } from './alert-rules.ts';
import { buildEvidenceModel } from './evidence-model.ts';
import { buildReportModel } from './report-model.ts';
import { describeQuota } from '../bench/cpu-budget.ts';
import { CPU_COUNT_PATH, planEnabledChange, renderConfigText, setTrailingComment } from './render-config.ts';
import { wrapWords } from './wrap-words.ts';

export interface RenderOptions {
  /** Names the configuration in messages and in the report. @default results.configSource.file, else 'learning_system.yaml' */
  configFile?: string;
  /** @default the package's templates/ */
  templatesDir?: string;
}

export interface RenderedOutputs {
  /** decision-report.md */
  report: string;
  /** evidence.md, the raw observations the report links to */
  evidence: string;
  /** learning_system.yaml */
  config: string;
  /** alerts.yml, the Prometheus rules the report's monitoring section describes */
  alerts: string;
  /** The decision both were rendered from. */
  decision: Decision;
}

/** Width of the comment lines of the config block. */
const COMMENT_WIDTH = 96;

/**
 * The report and the updated configuration, as pure functions of their inputs: the decision
 * is `decide(results, policy)` (a decision stored in `results` is not read), nothing reads a
 * clock or a random source, and every list keeps a stable order, so rendering the same inputs
 * twice gives byte-identical text.
 */
export function renderAll(
  results: Results,
  policy: LoadedPolicy,
  configText: string,
  options: RenderOptions = {},
): RenderedOutputs {
  const templates = loadReportTemplates(options.templatesDir ?? TEMPLATES_DIR);
  const configFile = options.configFile ?? results.configSource?.file ?? 'learning_system.yaml';
  const decision = decide(results, policy.policy);
  const change = planEnabledChange(configText, decision.outcome, configFile, policy.policy.outcomeConfig);
  const block = templates.configBlock({
    outcome: decision.outcome,
    gatePassed: decision.gate.passed,
    ruleLines: wrapWords(`Rule: ${decision.rule}`, COMMENT_WIDTH),
    noteLines: wrapWords(change.blockNote, COMMENT_WIDTH),
    failedLines: decision.gate.failedBecause.flatMap((reason) => wrapWords(`- ${reason}`, COMMENT_WIDTH)),
    originLines: wrapWords(
      `From results.json of run ${results.runId} (started ${results.startedAt}) and the policy ${policy.file} (sha256 ${policy.sha256}); ` +
        'the reasons and the numbers are in decision-report.md.',
      COMMENT_WIDTH,
    ),
  });
  // The configured quota's own measured effect, on cpu_count itself (issue 12).
  const quota = results.perf?.cpuQuota;
  const annotated = quota
    ? setTrailingComment(
        configText,
        CPU_COUNT_PATH,
        `measured: ${describeQuota(quota, results.perf!.confidence)}`,
        configFile,
      )
    : configText;
  const config = renderConfigText(annotated, change.after, block, configFile);
  const model = buildReportModel(results, decision, policy, config, change, configFile);
  const report = tidyMarkdown(templates.report(model));
  const evidence = tidyMarkdown(
    templates.evidence(buildEvidenceModel(results, { perf: model.perf, perfMethod: model.perfMethod }, decision)),
  );
  return { report, evidence, config, alerts: renderAlertRules(results, policy, decision), decision };
}

/** A prose line longer than this is wrapped (issue 14: no prose line over 400 characters). */
const MAX_PROSE_CHARS = 400;
/** Where wrapped prose breaks: well under the limit, so a long word still fits. */
const WRAP_CHARS = 200;

/**
 * A paragraph or list-item line longer than MAX_PROSE_CHARS as several source lines (the
 * rendered Markdown is the same: a line break inside a paragraph is a space). Continuation
 * lines are indented under a list item's text. Tables and headings are left alone.
 */
export function wrapProse(line: string): string[] {
  if (line.length <= MAX_PROSE_CHARS || line.startsWith('|') || line.startsWith('#')) return [line];
  const marker = /^(\s*(?:[-*] |\d+\. )?)/.exec(line)![1]!;
  const indent = ' '.repeat(marker.length);
  return wrapWords(line.slice(marker.length), WRAP_CHARS).map(
    (part, index) => `${index === 0 ? marker : indent}${part}`,
  );
}

/**
 * At most one blank line in a row, long prose lines wrapped, and one final newline, outside
 * fenced blocks (a fenced block, such as the embedded configuration, is kept byte for byte).
 */
export function tidyMarkdown(text: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    const marker = /^(`{3,})/.exec(line)?.[1];
    if (fence === undefined && marker) fence = marker;
    else if (fence !== undefined && line.trimEnd() === fence) fence = undefined;
    else if (fence === undefined && line.trim() === '' && (out.length === 0 || out[out.length - 1]!.trim() === ''))
      continue;
    if (fence === undefined && !marker) out.push(...wrapProse(line.trim() === '' ? '' : line));
    else out.push(line);
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}
