import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_CONFIG_PATH, DEFAULT_POLICY_PATH } from './config/default-paths.ts';
import { ConfigError, EnvironmentError, InfrastructureError, SandboxGateError, UsageError } from './errors.ts';
import { exitCodesHelp } from './cli/exit-codes.ts';
import { quietOnBrokenPipe } from './cli/broken-pipe.ts';
import { DEFAULT_RELIABILITY_EXECUTIONS } from './gate/reliability-default.ts';
import { packageVersion } from './package-root.ts';

// Commands load lazily: each action imports its module when it runs, so `--help`, `--version`
// and `validate` load commander (and validate @babel/parser) but not dockerode, vitest,
// handlebars or ses. Only light modules are imported above. Measured from dist, 10 interleaved
// runs on a loaded 2-core machine (load 20): --help 0.32 s, --version 0.34 s, validate 0.61 s
// median, with `node -e 0` at 0.23 s; the tsx build with every command imported up front took
// 6.6-7.4 s there.

/** Exit codes of every command: 0 ok, 1 a result that is not ok (or a failed gate), 2 usage or configuration, 3 environment. */
export const EXIT = { ok: 0, notOk: 1, usage: 2, environment: 3 } as const;

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('sandbox-gate')
    .description(
      'A sandbox for untrusted strategy code, and the gate that decides with evidence whether it is safe and fast enough to be on by default.',
    )
    .version(packageVersion(), '--version', 'print the version')
    .exitOverride()
    // Extra words are a usage error (`validate a.js b.js` used to check a.js only); errors are
    // written by reportError: one line and a hint, never the whole help.
    .allowExcessArguments(false)
    .configureOutput({ outputError: () => {} });
  const configOption = () =>
    new Option('--config <file>', 'the sandbox configuration').default(
      DEFAULT_CONFIG_PATH,
      "the package's config/learning_system.yaml",
    );
  const jsonOption = () =>
    new Option('--json', 'print exactly one JSON document on stdout, errors included').default(false);

  const integer = (flag: string) => (text: string) => {
    const value = Number(text);
    if (!Number.isInteger(value)) throw new UsageError(`${flag} expects an integer, not ${JSON.stringify(text)}`);
    return value;
  };

  program
    .command('run')
    .description(
      'the whole gate: phase suites, measurements, decision; writes results.json, decision-report.md, evidence.md, learning_system.yaml, junit.xml (exit 0 passed, 1 failed)',
    )
    .addOption(configOption())
    .option('--policy <file>', 'the decision policy', DEFAULT_POLICY_PATH)
    .option(
      '--phases <list>',
      'comma-separated phases (unit, lifecycle, limits, seccomp, integration, perf); default all',
    )
    .option(
      '--iterations <n>',
      'rounds of the measurements: at most this many on the policy workload (sampled until its interval is clear of every band edge), min(5, n) on the others',
      integer('--iterations'),
      // 10: a quiet 2-core machine cleared the band edges in 5 rounds; a noisy one ran to the cap
      // at 12-25 s a round (20 rounds: ~8 min of a 40-min run), and an interval that still holds
      // an edge after 10 is inconclusive either way.
      10,
    )
    .option(
      '--reliability <n>',
      'executions of the realistic workload through the wrapper',
      integer('--reliability'),
      DEFAULT_RELIABILITY_EXECUTIONS,
    )
    .option(
      '--soak <n>',
      'executions of the soak: calls, backtests, timeouts, OOM, floods through the warm pool (0 skips it)',
      integer('--soak'),
      1000,
    )
    .option('--out <dir>', 'the folder to write the outputs into', 'reports/latest')
    .addOption(jsonOption())
    .action(async (options) => setExit(await (await import('./cli/run-command.ts')).runCommand(options)));

  program
    .command('report')
    .description(
      're-render the report, evidence and config from a results.json, no engine needed; prints the report unless --out names a folder (exit 0)',
    )
    .requiredOption('--from <file>', 'the results.json of a run')
    .option(
      '--out <dir>',
      'the folder to write decision-report.md, evidence.md and learning_system.yaml into (may be the folder of --from)',
    )
    .option('--policy <file>', 're-decide under this policy instead of the one stored in the results')
    .option('--config <file>', 'render this configuration instead of the one stored in the results')
    .addOption(jsonOption())
    .action(async (options) => setExit(await (await import('./cli/report-command.ts')).reportCommand(options)));

  program
    .command('audit')
    .description(
      're-run every claim now, check a live container settings, compare with a report (exit 0 all upheld, 1 any not)',
    )
    .addOption(configOption())
    .option('--results <file>', 'a results.json whose claims are compared with what holds now')
    .addOption(jsonOption())
    .addOption(
      new Option('--sarif', 'print SARIF 2.1.0 (for code scanning) instead of text').default(false).conflicts('json'),
    )
    .action(async (options) => setExit(await (await import('./cli/audit-command.ts')).auditCommand(options)));

  program
    .command('bench')
    .description('the measurements alone: modes x workloads, statistics, throughput, soak (exit 0)')
    .addOption(configOption())
    .option(
      '--modes <list>',
      'comma-separated: in-process, local, docker-cold, docker-pool, docker-runsc, docker-cli, lookahead-check (the look-ahead check off vs on, its own row)',
    )
    .option('--workloads <list>', 'comma-separated: trivial, sp500, universe-1s, universe-5s')
    .option('--iterations <n>', 'measured iterations per mode and workload', integer('--iterations'), 20)
    .option('--concurrency <list>', 'comma-separated concurrency levels (default: 1, 2 and the cores)')
    .option('--soak <n>', 'soak executions (0 skips it)', integer('--soak'))
    .option('--out <dir>', 'also write the JSON report to bench.json in this folder')
    .addOption(jsonOption())
    .action(async (options) => setExit(await (await import('./cli/bench-command.ts')).benchCommand(options)));

  program
    .command('gc')
    .description('remove containers left by crashed runs (exit 0, 3 environment)')
    .option('--all', 'remove every container sandbox-gate manages, even those of running harness processes', false)
    .addOption(jsonOption())
    .action(async (options) => setExit(await (await import('./cli/gc-command.ts')).gcCommand(options)));

  program
    .command('exec <file>')
    .description('run one strategy through the sandbox and print its ExecutionResult (exit 0 for ok, 1 otherwise)')
    .addOption(configOption())
    .addOption(
      new Option('--mode <mode>', 'auto follows sandbox.enabled and may fall back; docker and local are forced')
        .choices(['auto', 'docker', 'local'])
        .default('auto'),
    )
    .option('--input <file>', 'JSON input for a plain call')
    .option(
      '--backtest',
      'run as a backtest on the S&P 500 daily series; metrics are computed outside the sandbox',
      false,
    )
    .option('--no-validate', 'skip layer 1 (AST validation), to audit the lower layers on their own')
    .addOption(jsonOption())
    .action(async (file: string, options) =>
      setExit(await (await import('./cli/exec-command.ts')).execCommand(file, options)),
    );

  program
    .command('validate <files...>')
    .description('layer 1 alone: AST validation of one or more strategy files (exit 0 all clean, 1 any has violations)')
    .addOption(jsonOption())
    .action(async (files: string[], options) =>
      setExit(await (await import('./cli/validate-command.ts')).validateCommand(files, options)),
    );

  program
    .command('doctor')
    .description(
      'check the engine, runtimes, seccomp support, image and profile; say how to fix each miss (exit 0 or 3)',
    )
    .addOption(configOption())
    .addOption(jsonOption())
    .action(async (options) => setExit(await (await import('./cli/doctor-command.ts')).doctorCommand(options)));

  program
    .command('image')
    .description('the sandbox image')
    .command('build')
    .description('build the sandbox image FROM scratch through the Engine API')
    .addOption(configOption())
    .option('--force', 'rebuild even when the content-hash tag exists', false)
    .addOption(jsonOption())
    .action(async (options) => setExit(await (await import('./cli/image-command.ts')).imageBuildCommand(options)));

  for (const command of [...program.commands, ...program.commands.flatMap((parent) => parent.commands)])
    command.addHelpText('after', exitCodesHelp(command.name()));
  return program;
}

/** Runs the CLI and returns its exit code; never calls process.exit itself (except on a closed stdout, see broken-pipe.ts). */
export async function main(argv: string[]): Promise<number> {
  quietOnBrokenPipe();
  let exitCode: number = EXIT.ok;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, argv, program);
  }
}

/** The command the user named (`image build` counts as `image`), for the hint. */
function commandOf(argv: string[], program: Command): string | undefined {
  const names = new Set(program.commands.map((command) => command.name()));
  return argv.find((word) => names.has(word));
}

/**
 * One line for the error and, for a usage error, one hint line; with --json the same as one
 * JSON document on stdout (`{ "error": { code, message, exitCode } }`), nothing on stderr.
 */
function reportError(error: unknown, argv: string[], program: Command): number {
  const json = argv.includes('--json');
  const command = commandOf(argv, program);
  const hint = `run \`sandbox-gate ${command ? `${command} ` : ''}--help\` for usage`;
  let exitCode: number;
  let code: string;
  let message: string;
  let hintLine: string | undefined;
  if (error instanceof CommanderError) {
    // --help and --version exit 0 after printing; no command at all prints the help (to stderr)
    // and is a usage error; anything else commander rejects is a usage error of one line.
    if (error.exitCode === 0) return EXIT.ok;
    if (error.code === 'commander.help') return EXIT.usage;
    exitCode = EXIT.usage;
    code = 'SANDBOX_GATE_USAGE';
    message = error.message.replace(/^error: /, '');
    hintLine = hint;
  } else if (error instanceof UsageError || error instanceof ConfigError) {
    exitCode = EXIT.usage;
    code = error.code;
    message = error.message;
    if (error instanceof UsageError) hintLine = hint;
  } else if (error instanceof EnvironmentError || error instanceof InfrastructureError) {
    exitCode = EXIT.environment;
    code = error.code;
    message = error.message;
    hintLine = 'run `npx sandbox-gate doctor` to see what is missing';
  } else {
    exitCode = EXIT.notOk;
    code = error instanceof SandboxGateError ? error.code : 'SANDBOX_GATE_UNEXPECTED';
    message = `unexpected failure: ${error instanceof Error ? (json ? error.message : (error.stack ?? error.message)) : String(error)}`;
  }
  if (json) {
    process.stdout.write(`${JSON.stringify({ error: { code, message, exitCode } })}\n`);
  } else {
    process.stderr.write(`sandbox-gate: ${message}\n${hintLine ? `  ${hintLine}\n` : ''}`);
  }
  return exitCode;
}
