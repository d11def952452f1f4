import { appendFile, readFile } from 'node:fs/promises';
import { DEFAULT_POLICY_PATH } from '../decision/load-policy.ts';
import { UsageError } from '../errors.ts';
import { runGate } from '../gate/run-gate.ts';
import { PHASES, isPhaseName, type PhaseName } from '../phases/phase-names.ts';
import { createPhaseProgressReporter } from '../phases/phase-progress-reporter.ts';
import { requireEngineFor } from './preflight.ts';
import { createProgress } from './progress.ts';

export interface RunCommandOptions {
  config: string;
  /** @default config/decision-policy.yaml */
  policy?: string;
  /** Comma-separated phases. @default every phase */
  phases?: string;
  /** Measured iterations per mode and workload. @default 20 */
  iterations: number;
  /** Reliability executions through the wrapper. @default 100 (DEFAULT_RELIABILITY_EXECUTIONS) */
  reliability: number;
  /** Soak executions (mixed: calls, backtests, timeouts, OOM, floods). @default 1000 */
  soak: number;
  out: string;
  /** Print one JSON document (decision, rule, gate, files) instead of the lines. @default false */
  json?: boolean;
}

/**
 * `sandbox-gate run`: the whole gate. Writes results.json, decision-report.md,
 * learning_system.yaml and junit.xml into --out; exit 0 when the gate passed, 1 when not.
 * The report's summary is appended to $GITHUB_STEP_SUMMARY when that is set.
 */
export async function runCommand(options: RunCommandOptions): Promise<number> {
  const phases = parsePhases(options.phases);
  for (const [name, value] of [
    ['--iterations', options.iterations],
    ['--reliability', options.reliability],
    ['--soak', options.soak],
  ] as const) {
    if (!Number.isInteger(value) || value < (name === '--iterations' ? 2 : 0))
      throw new UsageError(`${name} must be an integer of at least ${name === '--iterations' ? 2 : 0}, not ${value}`);
  }
  if (phases.some((phase) => phase !== 'unit')) await requireEngineFor('sandbox-gate run');
  const progress = createProgress({ prefix: 'sandbox-gate run: ' });
  const outcome = await runGate({
    configFile: options.config,
    policyFile: options.policy ?? DEFAULT_POLICY_PATH,
    phases,
    iterations: options.iterations,
    reliabilityExecutions: options.reliability,
    soakExecutions: options.soak,
    outDir: options.out,
    progress,
    reporters: [createPhaseProgressReporter(progress)],
  });
  progress.done(
    `finished: decision ${outcome.results.decision!.outcome}, gate ${outcome.passed ? 'passed' : 'failed'}`,
  );
  const decision = outcome.results.decision!;
  // A lost engine is the first reason: everything after it failed for the engine.
  const failedBecause = [
    ...(outcome.engineLost ? [`the engine stopped answering during ${outcome.engineLost.during}`] : []),
    ...decision.gate.failedBecause,
  ];
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ outcome: decision.outcome, rule: decision.rule, gatePassed: outcome.passed, failedBecause, files: outcome.files })}\n`,
    );
  } else {
    const lines = [
      `decision: ${decision.outcome}`,
      `rule: ${decision.rule}`,
      `gate: ${outcome.passed ? 'passed' : `FAILED (${failedBecause.join('; ')})`}`,
      `wrote: ${Object.values(outcome.files).join(', ')}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (process.env.GITHUB_STEP_SUMMARY) {
    const report = await readFile(outcome.files.report, 'utf8');
    await appendFile(process.env.GITHUB_STEP_SUMMARY, `${summaryOf(report)}\n`);
  }
  if (outcome.engineLost) {
    process.stderr.write(
      `sandbox-gate run: the Docker Engine stopped answering during ${outcome.engineLost.during} (${outcome.engineLost.cause}); the run failed for that cause, not the sandbox's (see the report)\n  how to fix: sudo scripts/docker-engine.sh; see what is missing: npx sandbox-gate doctor\n`,
    );
    return 3;
  }
  return outcome.passed ? 0 : 1;
}

function parsePhases(text: string | undefined): PhaseName[] {
  if (!text) return [...PHASES];
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!isPhaseName(name))
      throw new UsageError(`--phases: unknown phase ${JSON.stringify(name)}; expected some of ${PHASES.join(', ')}`);
  }
  return PHASES.filter((phase) => names.includes(phase));
}

/** The report up to its second level-2 heading: the title and the summary section. */
function summaryOf(report: string): string {
  const headings = [...report.matchAll(/^## /gm)];
  return headings.length >= 2 ? report.slice(0, headings[1]!.index) : report;
}
