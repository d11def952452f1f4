import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import createDebug from 'debug';
import type { Reporter } from 'vitest/node';
import type { AdaptiveTarget } from '../bench/adaptive-stop.ts';
import { runBench } from '../bench/run-bench.ts';
import { allClaims } from '../claims/registry.ts';
import { loadConfig } from '../config/load-config.ts';
import { loadPolicy } from '../decision/load-policy.ts';
import type { DecisionPolicy } from '../decision/policy-types.ts';
import type { PhaseName } from '../phases/phase-names.ts';
import { runPhases } from '../phases/run-phases.ts';
import { decideAndRender } from '../report/render-run.ts';
import { writeOutputs } from '../report/write-outputs.ts';
import type { LayerMatrix, PerfRecord, Results } from '../results/results-types.ts';
import { RESULTS_SCHEMA_VERSION } from '../results/results-types.ts';
import { validateResults } from '../results/validate-results.ts';
import { createEngineClient } from '../sandbox/docker/engine-client.ts';
import { ensureImage } from '../sandbox/docker/image.ts';
import { gateWorkloads } from '../workload/workloads.ts';
import { EngineWatch } from './engine-watch.ts';
import { fingerprintEnvironment } from './environment.ts';
import { runReliability } from './reliability-run.ts';

const debug = createDebug('sandbox-gate');

export interface RunGateOptions {
  configFile: string;
  policyFile: string;
  phases: readonly PhaseName[];
  /** Rounds of the perf measurements: the cap on the policy's workload (sampled adaptively); the others take min(5, this). */
  iterations: number;
  /** Executions of the wrapper's reliability run (realistic workload, auto mode). */
  reliabilityExecutions: number;
  /** Executions of the soak. */
  soakExecutions: number;
  outDir: string;
  /** Steps worth a line; `status`, when given, is what a log's heartbeat repeats (createProgress). */
  progress: ((line: string) => void) & { status?: (line: string) => void };
  /** More vitest reporters for the phase run (the CLI's progress). */
  reporters?: Reporter[];
}

export interface GateOutcome {
  passed: boolean;
  /** Set when the engine stopped answering mid-run: the run failed for that cause (exit 3). */
  engineLost?: Results['engineLost'];
  results: Results;
  files: { results: string; report: string; evidence: string; config: string; alerts: string; junit: string };
}

/**
 * The whole gate: the phase suites (vitest), the measurements (when `perf` is among the
 * phases), the reliability run, then the decision and the rendered report and config.
 * Everything the report says comes from the results file written here.
 */
export async function runGate(options: RunGateOptions): Promise<GateOutcome> {
  const startedAt = new Date().toISOString();
  const { progress } = options;
  const loaded = await loadConfig(options.configFile);
  const config = loaded.sandbox;
  const configText = await readFile(options.configFile, 'utf8');
  const policy = await loadPolicy(options.policyFile);
  await mkdir(options.outDir, { recursive: true });
  const junit = path.join(options.outDir, 'junit.xml');
  const docker = createEngineClient();
  const needsEngine = options.phases.some((phase) => phase !== 'unit');

  if (needsEngine) {
    // Build the image once, up front, so no test pays for it and no two test files race to build it.
    progress('image: checking the sandbox image');
    await ensureImage(docker, config.docker.image, progress).catch((error: Error) =>
      progress(`image: not available (${error.message}); the suites will say why`),
    );
  }

  // The preflight saw the engine answer; from here a loss fails the run with its cause.
  const watch = needsEngine ? new EngineWatch(docker) : undefined;
  watch?.start();
  await watch?.enter('phases');
  progress(`phases: ${options.phases.join(', ')}`);
  const suitesStartedMs = performance.now();
  const counts = { passed: 0, failed: 0 };
  const phaseRun = await runPhases(options.phases, {
    junitFile: junit,
    reporters: options.reporters,
    onTest: (test) => {
      if (test.status === 'failed') progress(`  FAILED ${test.id}`);
      counts[test.status === 'failed' ? 'failed' : 'passed'] += 1;
    },
  });
  const suitesWallMs = performance.now() - suitesStartedMs;
  const fileErrors = phaseRun.phases.flatMap((phase) => phase.errors);
  for (const error of fileErrors) progress(`  FAILED test file ${error.file}: ${error.message.split('\n')[0]}`);
  for (const error of phaseRun.unhandledErrors)
    progress(`  FAILED unhandled error${error.file ? ` (${error.file})` : ''}: ${error.message.split('\n')[0]}`);
  progress(
    `phases: ${counts.passed} passed or skipped, ${counts.failed} failed` +
      `${fileErrors.length ? `, ${fileErrors.length} test file error(s)` : ''}${phaseRun.unhandledErrors.length ? `, ${phaseRun.unhandledErrors.length} unhandled error(s)` : ''}`,
  );

  let perf: PerfRecord | undefined;
  let reliability: Results['reliability'] = {
    scope: 'not measured: the perf phase did not run',
    executions: 0,
    failures: 0,
    successes: 0,
    fallbacks: 0,
    fallbackRate: null,
    successRate: null,
    leakedContainers: 0,
    byStatus: {},
  };
  if (options.phases.includes('perf')) {
    await watch?.enter('perf');
    progress.status?.('perf: measuring (modes x workloads, then the soak)');
    const adaptive = adaptiveTarget(policy.policy);
    const workloads = gateWorkloads(policy.policy.overhead.workload);
    progress(
      `perf: measuring every mode on ${workloads.join(', ')}, interleaved${adaptive ? `; ${adaptive.workload} until its interval is clear of ${adaptive.edgesPct.join(', ')}% (at most ${options.iterations} rounds)` : `, ${options.iterations} rounds`}`,
    );
    const bench = await runBench(
      config,
      {
        iterations: options.iterations,
        workloads,
        adaptive,
        soak: options.soakExecutions,
        onProgress: (line) => progress(`  ${line}`),
      },
      { docker, configFile: loaded.file },
    );
    perf = bench.perf;
    for (const absent of bench.absent)
      progress(`  absent: ${absent.mode}${absent.workload ? ` (${absent.workload})` : ''}: ${absent.reason}`);

    await watch?.enter('reliability');
    progress.status?.(`reliability: ${options.reliabilityExecutions} executions`);
    progress(`reliability: ${options.reliabilityExecutions} executions of the realistic workload through the wrapper`);
    const reliabilityStartedMs = performance.now();
    const measured = await runReliability(config, docker, options.reliabilityExecutions);
    // Each part's wall time beside the measurement's own (issue 12: a gate that finishes).
    perf.wallMs = { suites: suitesWallMs, ...perf.wallMs, reliability: performance.now() - reliabilityStartedMs };
    reliability = {
      scope: `${measured.workload}; ${measured.executions} executions`,
      executions: measured.executions,
      failures: measured.failures,
      successes: measured.successes,
      fallbacks: measured.fallbacks,
      fallbackRate: measured.executions ? measured.fallbacks / measured.executions : null,
      successRate: measured.executions ? measured.successes / measured.executions : null,
      leakedContainers: measured.leakedContainers,
      byStatus: measured.byStatus as Record<string, number>,
    };
  }

  await watch?.check();
  watch?.stop();
  if (watch?.lost)
    progress(`ENGINE LOST during ${watch.lost.during}: ${watch.lost.cause}; this run fails for that cause`);
  const environment = await fingerprintEnvironment(docker, config);
  const { gitCommit, cgroupVersion: _cgroup, ...engineFields } = environment;
  const claimTestIds = new Set(phaseRun.phases.flatMap((phase) => phase.tests.map((test) => test.id)));
  const results: Results = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    runId: randomUUID(),
    startedAt,
    finishedAt: new Date().toISOString(),
    environment: { ...engineFields, ...(gitCommit ? { gitCommit } : {}) },
    config,
    phases: phaseRun.phases,
    unhandledErrors: phaseRun.unhandledErrors,
    claimRegistry: allClaims().map((claim) => ({ id: claim.id, layer: claim.layer })),
    claims: phaseRun.records.claims.filter((claim) => claim.testIds.every((id) => claimTestIds.has(id))),
    reliability,
  };
  if (phaseRun.records.layerMatrix) results.layerMatrix = phaseRun.records.layerMatrix as LayerMatrix;
  if (perf) results.perf = perf;
  if (watch?.lost) results.engineLost = watch.lost;

  const rendered = decideAndRender(results, policy, {
    file: path.relative(process.cwd(), loaded.file) || loaded.file,
    text: configText,
  });
  validateResults(JSON.parse(JSON.stringify(rendered.results)), 'results.json (about to be written)');
  const resultsFile = path.join(options.outDir, 'results.json');
  await writeFile(resultsFile, `${JSON.stringify(rendered.results, null, 2)}\n`);
  const written = await writeOutputs(options.outDir, rendered);
  debug('Wrote %s', resultsFile);
  return {
    passed: rendered.results.decision.gate.passed && !watch?.lost,
    ...(watch?.lost ? { engineLost: watch.lost } : {}),
    results: rendered.results,
    files: {
      results: resultsFile,
      report: written.reportPath,
      evidence: written.evidencePath,
      config: written.configPath,
      alerts: written.alertsPath,
      junit,
    },
  };
}

/**
 * What the perf phase samples adaptively: the overhead the policy reads, until its interval
 * holds none of the policy's band edges. Only for a percent statistic (the edges are percent).
 */
function adaptiveTarget(policy: DecisionPolicy): AdaptiveTarget | undefined {
  const { overhead } = policy;
  if (!overhead.statistic.startsWith('percent.')) return undefined;
  const edgesPct = overhead.bands.flatMap((band) => (band.from === undefined ? [] : [band.from]));
  return { workload: overhead.workload, mode: overhead.mode, baseline: overhead.baseline, edgesPct };
}
