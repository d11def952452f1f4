import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_CONFIG_PATH } from './config/load-config.ts';
import { ConfigError, EnvironmentError, InfrastructureError, UsageError } from './errors.ts';
import { doctorCommand } from './cli/doctor-command.ts';
import { execCommand } from './cli/exec-command.ts';
import { imageBuildCommand } from './cli/image-command.ts';
import { validateCommand } from './cli/validate-command.ts';
import { auditCommand } from './cli/audit-command.ts';
import { benchCommand } from './cli/bench-command.ts';
import { gcCommand } from './cli/gc-command.ts';
import { reportCommand } from './cli/report-command.ts';
import { runCommand } from './cli/run-command.ts';
import { DEFAULT_POLICY_PATH } from './decision/load-policy.ts';
import { DEFAULT_RELIABILITY_EXECUTIONS } from './gate/reliability-run.ts';

/** Exit codes of every command: 0 ok, 1 a result that is not ok (or a failed gate), 2 usage or configuration, 3 environment. */
export const EXIT = { ok: 0, notOk: 1, usage: 2, environment: 3 } as const;

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('sandbox-gate')
    .description('A sandbox for untrusted strategy code, and the gate that decides with evidence whether it is safe and fast enough to be on by default.')
    .exitOverride()
    .showHelpAfterError();
  const configOption = () => new Option('--config <file>', 'the sandbox configuration').default(DEFAULT_CONFIG_PATH);

  const integer = (flag: string) => (text: string) => {
    const value = Number(text);
    if (!Number.isInteger(value)) throw new UsageError(`${flag} expects an integer, not ${JSON.stringify(text)}`);
    return value;
  };

  program
    .command('run')
    .description('the whole gate: phase suites, measurements, decision; writes results.json, decision-report.md, learning_system.yaml, junit.xml (exit 0 passed, 1 failed)')
    .addOption(configOption())
    .option('--policy <file>', 'the decision policy', DEFAULT_POLICY_PATH)
    .option('--phases <list>', 'comma-separated phases (unit, lifecycle, limits, seccomp, integration, perf); default all')
    .option('--iterations <n>', 'measured iterations per mode and workload', integer('--iterations'), 20)
    .option('--reliability <n>', 'executions of the realistic workload through the wrapper', integer('--reliability'), DEFAULT_RELIABILITY_EXECUTIONS)
    .option('--soak <n>', 'executions of the soak (0 skips it)', integer('--soak'), 200)
    .option('--out <dir>', 'where to write the outputs', 'reports/latest')
    .action(async (options) => setExit(await runCommand(options)));

  program
    .command('report')
    .description('re-render the report and config from a results.json, no engine needed (exit 0)')
    .requiredOption('--from <file>', 'the results.json of a run')
    .option('--out <dir>', 'where to write (default: beside the results)')
    .option('--policy <file>', 're-decide under this policy instead of the one stored in the results')
    .option('--config <file>', 'render this configuration instead of the one stored in the results')
    .action(async (options) => setExit(await reportCommand(options)));

  program
    .command('audit')
    .description('re-run every claim now, check a live container settings, compare with a report (exit 0 all upheld, 1 any not)')
    .addOption(configOption())
    .option('--results <file>', 'a results.json whose claims are compared with what holds now')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .action(async (options) => setExit(await auditCommand(options)));

  program
    .command('bench')
    .description('the measurements alone: modes x workloads, statistics, throughput, soak (exit 0)')
    .addOption(configOption())
    .option('--modes <list>', 'comma-separated: in-process, local, docker-cold, docker-pool, docker-runsc, docker-cli')
    .option('--workloads <list>', 'comma-separated: trivial, sp500, universe-1s, universe-5s')
    .option('--iterations <n>', 'measured iterations per mode and workload', integer('--iterations'), 20)
    .option('--concurrency <list>', 'comma-separated concurrency levels', '1,2,4,8')
    .option('--soak <n>', 'soak executions (0 skips it)', integer('--soak'))
    .option('--out <file>', 'also write the JSON report to this file')
    .option('--json', 'print exactly one JSON document', false)
    .action(async (options) => setExit(await benchCommand(options)));

  program
    .command('gc')
    .description('remove containers left by crashed runs (exit 0, 3 environment)')
    .option('--all', 'remove every container sandbox-gate manages, even those of running harness processes', false)
    .option('--json', 'print one JSON document', false)
    .action(async (options) => setExit(await gcCommand(options)));

  program
    .command('exec <file>')
    .description('run one strategy through the sandbox and print its ExecutionResult (exit 0 for ok, 1 otherwise)')
    .addOption(configOption())
    .addOption(new Option('--mode <mode>', 'auto follows sandbox.enabled and may fall back; docker and local are forced').choices(['auto', 'docker', 'local']).default('auto'))
    .option('--input <file>', 'JSON input for a plain call')
    .option('--backtest', 'run as a backtest on the S&P 500 daily series; metrics are computed outside the sandbox', false)
    .option('--no-validate', 'skip layer 1 (AST validation), to audit the lower layers on their own')
    .option('--json', 'print exactly one JSON document (the ExecutionResult)', false)
    .action(async (file: string, options) => setExit(await execCommand(file, options)));

  program
    .command('validate <file>')
    .description('layer 1 alone: AST validation (exit 0 clean, 1 violations)')
    .option('--json', 'print one JSON document', false)
    .action(async (file: string, options) => setExit(await validateCommand(file, options)));

  program
    .command('doctor')
    .description('check the engine, runtimes, seccomp support, image and profile; say how to fix each miss (exit 0 or 3)')
    .addOption(configOption())
    .option('--json', 'print one JSON document', false)
    .action(async (options) => setExit(await doctorCommand(options)));

  program
    .command('image')
    .description('the sandbox image')
    .command('build')
    .description('build the sandbox image FROM scratch through the Engine API')
    .addOption(configOption())
    .option('--force', 'rebuild even when the content-hash tag exists', false)
    .option('--json', 'print one JSON document', false)
    .action(async (options) => setExit(await imageBuildCommand(options)));

  return program;
}

/** Runs the CLI and returns its exit code; never calls process.exit itself. */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ConfigError || error instanceof UsageError) {
    process.stderr.write(`sandbox-gate: ${message}\n`);
    return EXIT.usage;
  }
  if (error instanceof EnvironmentError || error instanceof InfrastructureError) {
    process.stderr.write(`sandbox-gate: ${message}\n  run \`npx sandbox-gate doctor\` to see what is missing\n`);
    return EXIT.environment;
  }
  process.stderr.write(`sandbox-gate: unexpected failure: ${error instanceof Error ? (error.stack ?? message) : message}\n`);
  return EXIT.notOk;
}
