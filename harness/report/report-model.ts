import type { Decision } from '../decision/decision-types.ts';
import { buildFaultsModel, type FaultsModel } from './faults-model.ts';
import { buildSoakTrendModel, soakGrowth, type SoakTrendModel } from './soak-model.ts';
import { scoreIntegrityModel, type ScoreIntegrityModel } from './score-integrity-model.ts';
import { perfMethodModel, type PerfMethodModel } from './perf-method-model.ts';
import type { LoadedPolicy } from '../decision/policy-types.ts';
import { quoteNumber } from '../decision/quote-number.ts';
import type {
  BreakdownPhase,
  ClaimRecord,
  IntervalRecord,
  PerfModeRecord,
  ProjectionRecord,
  Results,
} from '../results/results-types.ts';
import { withoutComments } from './config-excerpt.ts';
import { stripBlock, type EnabledChange } from './render-config.ts';
import { formatMsValue } from './format-number.ts';
import { shorten } from './shorten.ts';
import { claimRow, stateOf, type ClaimRow } from './claim-rows.ts';
import { claimTableRows } from './claim-table.ts';
import { sharedLeadingClause } from './shared-clause.ts';
import { overheadTables, type OverheadTable } from './overhead-table.ts';
import { findingLines, gateLines, type FindingLine } from './finding-lines.ts';
import { formatBytes, formatMs, formatRate } from './format-number.ts';
import { headlineModel, PERCENT_MIN_BASELINE_MS, type HeadlineModel } from './headline-model.ts';

/**
 * Everything the report template prints, derived from results.json, the decision and the
 * policy only. Pure and deterministic: no clock, no randomness, and every list in the order
 * of the results file (or sorted by name where the file has no order, e.g. byStatus).
 */
export interface ReportModel {
  runId: string;
  startedAt: string;
  finishedAt: string;
  decision: Decision;
  policy: { file: string; sha256: string; requirements: LoadedPolicy['policy']['requirements'] };
  summary: SummaryModel;
  headline: HeadlineModel;
  environment: { name: string; value: string }[];
  phases: PhaseModel[];
  /** Phases the policy requires that are absent from the run. */
  phasesNotRun: string[];
  testTotals: { total: number; passed: number; failed: number; skipped: number; durationMs: number };
  perf: PerfModel | null;
  /** How the performance was measured (partials/perf-method.md.hbs). */
  perfMethod: PerfMethodModel | null;
  /** With every optional field present (null or ''), as the strict templates need. */
  projections:
    | (Omit<ProjectionRecord, 'inputs'> & {
        inputs: { name: string; value: number; unit: string; source: string | null }[];
      })[]
    | null;
  reliability: ReliabilityModel;
  faults: FaultsModel;
  soakTrend: SoakTrendModel;
  engineLost: Results['engineLost'] | null;
  security: SecurityModel;
  scoreIntegrity: ScoreIntegrityModel;
  risks: string[];
  /** The gate's reasons and the decision's findings, claims grouped (finding-lines.ts). */
  gateFailedBecause: string[];
  findings: FindingLine[];
  config: { yaml: string; change: EnabledChange; file: string };
  monitoring: MonitoringModel;
  criteria: { criterion: string; policyKey: string; target: string; actual: string; met: boolean | null }[];
  /** The requirements in one clause: `all 8 met`, or those not met or not measured by key, then how many others are met. */
  requirementsMet: string;
}

interface SummaryModel {
  phaseCount: number;
  claimsTotal: number;
  claimsUpheld: number;
  runtimes: string;
  /** Per runtime, the configured one first: "runc (configured): 33 of 33; runsc: 4 of 26". */
  claimsByRuntime: string;
  overheadDifference: IntervalRecord | null;
  overheadPercent: IntervalRecord | null;
}

interface PhaseModel {
  name: string;
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  durationMs: number;
  /** Wall time in seconds, or 'not recorded' (a run from before phases recorded it). */
  wall: string;
  failedTests: { id: string; error: string }[];
  skippedTests: { id: string; reason: string }[];
}

interface LatencyChart {
  workload: string;
  modes: string;
  p50: string;
  p95: string;
}

export interface PerfModel {
  iterations: number;
  confidencePct: string;
  bootstrap: { resamples: number; seed: number } | null;
  workloads: { name: string; kind: string; description: string }[];
  latency: (PerfModeRecord & { cv: number | null })[];
  charts: LatencyChart[];
  /** The latency rows and chart of the workload the policy reads: the report prints these, evidence.md every workload. */
  decisive: { workload: string; latency: (PerfModeRecord & { cv: number | null })[]; chart: LatencyChart | null };
  /** `percent` is null where the baseline mean is under PERCENT_MIN_BASELINE_MS; `percentNote` says why. */
  overheads: {
    mode: string;
    workload: string;
    baselineMode: string;
    differenceMs: IntervalRecord;
    percent: IntervalRecord | null;
    percentNote: string;
  }[];
  /** The same overheads as a mode x workload grid per baseline: the report prints these (overhead-table.ts). */
  overheadTables: OverheadTable[];
  throughput: NonNullable<Results['perf']>['throughput'];
  breakdownPhases: readonly string[];
  /** One row per mode x workload, a cell per step of `breakdownPhases`: '' not recorded; `(x)` off the critical path. */
  breakdown: { mode: string; workload: string; cells: string[] }[];
  soak: (NonNullable<NonNullable<Results['perf']>['soak']> & { heapChange: string; rssChange: string }) | null;
}

interface ReliabilityModel {
  scope: string | null;
  executions: number;
  /** executions - failures. */
  ok: number;
  /** ok and not degraded. */
  successes: number;
  failures: number;
  fallbacks: number;
  fallbackRate: number | null;
  successRate: number | null;
  leakedContainers: number;
  byStatus: { status: string; count: number }[];
}

interface SecurityModel {
  /** Per layer and runtime: how many claims are in each state. */
  layers: {
    layer: string;
    name: string;
    runtimes: { runtime: string; upheld: number; refuted: number; unmeasurable: number; total: number }[];
    /** One cell per runtime of `runtimeColumns`: `13 of 13 upheld`, `9 of 13 upheld, **4 unmeasurable**`, `none`. */
    cells: string[];
  }[];
  /** The Claims by layer table's runtime columns, the configured runtime first: `runc (configured)`. */
  runtimeColumns: string[];
  /** One row per claim and runtime, the configured runtime first (claim-table.ts). */
  claims: ClaimRow[];
  /** A leading clause of the probe descriptions printed once above the table, `…` in the cells (shared-clause.ts). */
  sharedClause: string | null;
  matrix: {
    rows: NonNullable<Results['layerMatrix']>['files'];
    catchRates: NonNullable<Results['layerMatrix']>['catchRates'];
    testIds: string[];
    groups: { group: string; files: number; layer1: number; layer1b: number; container: number; all: number }[];
    unblocked: string[];
    singleLayer: { id: string; layer: string }[];
  } | null;
}

interface MonitoringModel {
  alertFallbackRate: number;
  configAlertFallbackRate: number;
  measuredFallbackRate: number | null;
  latency: { factor: number; mode: string; workload: string; measuredP95Ms: number; thresholdMs: number } | null;
  latencyMissing: string;
}

export const LAYER_NAMES: Record<string, string> = {
  '1': 'layer 1: AST validation',
  '1b': 'layer 1b: SES Compartment',
  '2': 'layer 2: container',
  '3': 'layer 3: seccomp / runtime',
  score: 'score integrity: weights and look-ahead',
};

const BREAKDOWN_PHASES: readonly BreakdownPhase[] = ['create', 'attach', 'start', 'firstByte', 'result', 'remove'];

/**
 * Modes whose containers are started ahead of need: create, attach and start happen before
 * the job arrives and remove after the result (breakdown.ts), off the critical path.
 */
const POOLED_MODES: readonly string[] = ['docker-pool'];
const OFF_PATH_WHEN_POOLED: readonly BreakdownPhase[] = ['create', 'attach', 'start', 'remove'];

/** `grew by 2.75 MiB`, `shrank by 0.27 MiB`, `did not change`. */
function changeText(bytes: number): string {
  if (bytes === 0) return 'did not change';
  return `${bytes > 0 ? 'grew' : 'shrank'} by ${formatBytes(Math.abs(bytes))}`;
}

const MATRIX_LAYERS = [
  ['layer1', 'layer 1'],
  ['layer1b', 'layer 1b'],
  ['container', 'container'],
] as const;

export function buildReportModel(
  results: Results,
  decision: Decision,
  policy: LoadedPolicy,
  configYaml: string,
  change: EnabledChange,
  configFile: string,
): ReportModel {
  const phases = results.phases.map(phaseModel);
  const testTotals = phases.reduce(
    (sum, phase) => ({
      total: sum.total + phase.total,
      passed: sum.passed + phase.passed,
      failed: sum.failed + phase.failed,
      skipped: sum.skipped + phase.skipped,
      durationMs: sum.durationMs + phase.durationMs,
    }),
    { total: 0, passed: 0, failed: 0, skipped: 0, durationMs: 0 },
  );
  const reading = decision.overhead;
  const policyOverhead = results.perf?.overheads.find(
    (row) => row.mode === reading.mode && row.workload === reading.workload && row.baselineMode === reading.baseline,
  );
  const perf = perfModel(results, reading.workload);
  const security = securityModel(results);
  return {
    runId: results.runId,
    startedAt: results.startedAt,
    finishedAt: results.finishedAt,
    decision,
    policy: { file: policy.file, sha256: policy.sha256, requirements: policy.policy.requirements },
    summary: {
      phaseCount: phases.length,
      claimsTotal: results.claims.length,
      claimsUpheld: results.claims.filter((claim) => stateOf(claim).state === 'upheld').length,
      runtimes: [...new Set(results.claims.map((claim) => claim.runtime))].join(', ') || 'no runtime',
      claimsByRuntime: claimsByRuntime(results),
      overheadDifference: policyOverhead?.differenceMs ?? null,
      overheadPercent: policyOverhead?.percent ?? null,
    },
    headline: headlineModel(results, decision, change, policy.policy.outcomeConfig),
    environment: environmentRows(results),
    phases,
    phasesNotRun: policy.policy.evidence.requiredPhases.filter(
      (name) => !results.phases.some((phase) => phase.name === name),
    ),
    testTotals,
    perf,
    perfMethod: perfMethodModel(results, policy.policy),
    projections: results.projections?.length
      ? results.projections.map((projection) => ({
          ...projection,
          inputs: projection.inputs.map((input) => ({
            name: input.name,
            value: input.value,
            unit: input.unit ?? '',
            source: input.source ?? null,
          })),
        }))
      : null,
    reliability: {
      scope: results.reliability.scope ?? null,
      executions: results.reliability.executions,
      ok: results.reliability.executions - results.reliability.failures,
      successes: results.reliability.successes,
      failures: results.reliability.failures,
      fallbacks: results.reliability.fallbacks,
      fallbackRate: results.reliability.fallbackRate,
      successRate: results.reliability.successRate,
      leakedContainers: results.reliability.leakedContainers,
      byStatus: Object.keys(results.reliability.byStatus)
        .sort()
        .map((status) => ({ status, count: results.reliability.byStatus[status]! })),
    },
    faults: buildFaultsModel(results),
    soakTrend: buildSoakTrendModel(results),
    engineLost: results.engineLost ?? null,
    security,
    scoreIntegrity: scoreIntegrityModel(results),
    risks: deriveRisks(results, decision, policy, perf, security),
    gateFailedBecause: gateLines(decision, results),
    findings: findingLines(decision.findings, results),
    // The gate's comment block repeats the rule and the origin the report states above (about 900 bytes).
    config: { yaml: withoutComments(stripBlock(configYaml, configFile)), change, file: configFile },
    monitoring: monitoringModel(results, policy),
    criteria: criteriaRows(decision),
    requirementsMet: requirementsMet(decision),
  };
}

function phaseModel(phase: Results['phases'][number]): PhaseModel {
  return {
    name: phase.name,
    total: phase.tests.length,
    passed: phase.passed,
    failed: phase.failed,
    skipped: phase.skipped,
    durationMs: phase.tests.reduce((sum, test) => sum + test.durationMs, 0),
    wall: phase.wallMs === undefined ? 'not recorded' : `${(phase.wallMs / 1000).toFixed(1)} s`,
    failedTests: phase.tests
      .filter((test) => test.status === 'failed')
      .map((test) => ({ id: test.id, error: shorten(firstLine(test.error) ?? 'no error message was recorded', 200) })),
    skippedTests: phase.tests
      .filter((test) => test.status === 'skipped')
      .map((test) => ({ id: test.id, reason: shorten(skipReason(test.evidence), 200) })),
  };
}

function skipReason(evidence: unknown): string {
  if (evidence && typeof evidence === 'object' && typeof (evidence as { reason?: unknown }).reason === 'string')
    return (evidence as { reason: string }).reason;
  return 'no reason was recorded';
}

function environmentRows(results: Results): { name: string; value: string }[] {
  const e = results.environment;
  const or = (value: string | null): string => value ?? 'not measured in this run';
  const rows = [
    {
      name: 'Docker Engine',
      value: e.engineVersion === null ? 'not measured in this run' : `${e.engineVersion} (API ${or(e.apiVersion)})`,
    },
    { name: 'OCI runtimes', value: e.runtimes.length ? e.runtimes.join(', ') : 'none' },
    { name: 'Kernel', value: e.kernel },
    { name: 'Operating system', value: e.os },
    { name: 'Node.js', value: e.node },
    { name: 'Image', value: e.imageRef === null ? 'not measured in this run' : `${e.imageRef} (${or(e.imageId)})` },
    { name: 'Seccomp profile sha256', value: or(e.seccompProfileSha256) },
    { name: 'CPU cores', value: String(e.cores) },
    { name: 'Memory', value: `${quoteNumber(e.memoryBytes / 1024 ** 3)} GiB` },
  ];
  if (e.gitCommit) rows.push({ name: 'Commit', value: e.gitCommit });
  return rows;
}

export function perfModel(results: Results, decisiveWorkload: string): PerfModel | null {
  const perf = results.perf;
  if (!perf) return null;
  const workloadOrder = perf.workloads.map((workload) => workload.name);
  const charts = workloadOrder
    .map((workload) => {
      const rows = perf.modes.filter((row) => row.workload === workload && row.summary !== null);
      return {
        workload,
        modes: rows.map((row) => JSON.stringify(row.mode)).join(', '),
        p50: rows.map((row) => quoteNumber(row.summary!.p50Ms)).join(', '),
        p95: rows.map((row) => quoteNumber(row.summary!.p95Ms)).join(', '),
        count: rows.length,
      };
    })
    .filter((chart) => chart.count > 0)
    .map(({ count: _count, ...chart }) => chart);
  const breakdownKeys: string[] = [];
  for (const row of perf.breakdown ?? []) {
    const key = `${row.mode}\u0000${row.workload}`;
    if (!breakdownKeys.includes(key)) breakdownKeys.push(key);
  }
  const latency = perf.modes.map((row) => ({
    ...row,
    cv: row.summary && row.summary.meanMs > 0 && row.summary.n >= 2 ? row.summary.sdMs / row.summary.meanMs : null,
  }));
  // Percent only where the baseline is large enough to divide by (see PERCENT_MIN_BASELINE_MS).
  const overheads = perf.overheads.map((row) => {
    const baselineMs =
      perf.modes.find((mode) => mode.mode === row.baselineMode && mode.workload === row.workload)?.summary?.meanMs ??
      null;
    const divisible = baselineMs !== null && baselineMs >= PERCENT_MIN_BASELINE_MS && row.percent !== undefined;
    return {
      mode: row.mode,
      workload: row.workload,
      baselineMode: row.baselineMode,
      differenceMs: row.differenceMs,
      percent: divisible ? row.percent! : null,
      percentNote:
        baselineMs === null
          ? 'no baseline'
          : baselineMs < PERCENT_MIN_BASELINE_MS
            ? `ms only: baseline ${formatMs(baselineMs)}`
            : 'not computed',
    };
  });
  return {
    iterations: perf.iterations,
    confidencePct: `${quoteNumber(perf.confidence * 100)}%`,
    bootstrap: perf.bootstrap ?? null,
    workloads: perf.workloads,
    latency,
    charts,
    decisive: {
      workload: decisiveWorkload,
      latency: latency.filter((row) => row.workload === decisiveWorkload),
      chart: charts.find((chart) => chart.workload === decisiveWorkload) ?? null,
    },
    overheads,
    overheadTables: overheadTables(
      overheads,
      workloadOrder,
      (mode, workload) =>
        perf.modes.find((row) => row.mode === mode && row.workload === workload)?.summary?.meanMs ?? null,
    ),
    throughput: perf.throughput,
    breakdownPhases: BREAKDOWN_PHASES,
    breakdown: breakdownKeys.map((key) => {
      const [mode, workload] = key.split('\u0000') as [string, string];
      const rows = perf.breakdown!.filter((row) => row.mode === mode && row.workload === workload);
      return {
        mode,
        workload,
        cells: BREAKDOWN_PHASES.map((phase) => {
          const ms = rows.find((row) => row.phase === phase)?.medianMs;
          if (ms === undefined) return '';
          return POOLED_MODES.includes(mode) && OFF_PATH_WHEN_POOLED.includes(phase)
            ? `(${formatMsValue(ms)})`
            : formatMsValue(ms);
        }),
      };
    }),
    soak: perf.soak
      ? {
          ...perf.soak,
          heapChange: changeText(perf.soak.heapGrowthBytes),
          rssChange: changeText(perf.soak.rssGrowthBytes),
        }
      : null,
  };
}

function securityModel(results: Results): SecurityModel {
  const runtimes = [...new Set(results.claims.map((claim) => claim.runtime))].sort(
    (a, b) => runtimeRank(results, a) - runtimeRank(results, b),
  );
  const layers = ['1', '1b', '2', '3', 'score'].map((layer) => ({
    layer,
    name: LAYER_NAMES[layer]!,
    runtimes: runtimes
      .map((runtime) => {
        const states = results.claims
          .filter((claim) => claim.layer === layer && claim.runtime === runtime)
          .map((claim) => stateOf(claim).state);
        const count = (state: string) => states.filter((candidate) => candidate === state).length;
        return {
          runtime,
          upheld: count('upheld'),
          refuted: count('refuted'),
          unmeasurable: count('unmeasurable'),
          total: states.length,
        };
      })
      .filter((row) => row.total > 0),
  }));
  // One row per layer, a column per runtime: the long form (a row per layer and runtime, a
  // column per state) took 9 rows and 650 bytes for the example run's two runtimes.
  const layerRows = layers.map((row) => ({
    ...row,
    cells: runtimes.map((runtime) => {
      const counts = row.runtimes.find((candidate) => candidate.runtime === runtime);
      if (!counts) return 'no claim checked';
      const others = [
        counts.refuted ? `**${counts.refuted} refuted**` : '',
        counts.unmeasurable ? `**${counts.unmeasurable} unmeasurable**` : '',
      ].filter(Boolean);
      return [`${counts.upheld} of ${counts.total} upheld`, ...others].join(', ');
    }),
  }));
  const runtimeColumns = runtimes.map(
    (runtime) => `${runtime} (${runtime === results.config.docker.runtime ? 'configured' : 'reported, not gated'})`,
  );
  const matrix = results.layerMatrix;
  let matrixModel: SecurityModel['matrix'] = null;
  if (matrix) {
    const groups: string[] = [];
    for (const row of matrix.files) if (!groups.includes(row.group)) groups.push(row.group);
    matrixModel = {
      rows: matrix.files,
      catchRates: matrix.catchRates,
      testIds: matrix.testIds ?? [],
      groups: groups.map((group) => {
        const rows = matrix.files.filter((row) => row.group === group);
        const count = (layer: 'layer1' | 'layer1b' | 'container' | 'all'): number =>
          rows.filter((row) => row[layer].blocked).length;
        return {
          group,
          files: rows.length,
          layer1: count('layer1'),
          layer1b: count('layer1b'),
          container: count('container'),
          all: count('all'),
        };
      }),
      unblocked: matrix.files.filter((row) => !row.all.blocked).map((row) => row.id),
      singleLayer: matrix.files.flatMap((row) => {
        const blocking = MATRIX_LAYERS.filter(([key]) => row[key].blocked);
        return blocking.length === 1 ? [{ id: row.id, layer: blocking[0]![1] }] : [];
      }),
    };
  }
  // The configured runtime first, then by layer, each group in the order of the results file.
  const rows = results.claims
    .map((claim, index) => ({ claim, index }))
    .sort(
      (a, b) =>
        runtimeRank(results, a.claim.runtime) - runtimeRank(results, b.claim.runtime) ||
        layerRank(a.claim.layer) - layerRank(b.claim.layer) ||
        a.index - b.index,
    )
    .map(({ claim }) => claim);
  // Stated once above the table, from the probes of the configured runtime (the rows always printed).
  const sharedClause = sharedLeadingClause(
    rows.filter((claim) => claim.runtime === results.config.docker.runtime).map((claim) => claim.probe.expected),
  );
  const claims = claimTableRows(
    rows.map((claim) => claimRow(claim, sharedClause)),
    results.config.docker.runtime,
  );
  return {
    layers: layerRows,
    runtimeColumns,
    sharedClause,
    claims,
    matrix: matrixModel,
  };
}

function runtimeRank(results: Results, runtime: string): number {
  return runtime === results.config.docker.runtime ? 0 : 1;
}

function layerRank(layer: string): number {
  return ['1', '1b', '2', '3'].indexOf(layer);
}

/** Risks read off the data: each sentence says what was seen and where. */
function deriveRisks(
  results: Results,
  decision: Decision,
  policy: LoadedPolicy,
  perf: PerfModel | null,
  security: SecurityModel,
): string[] {
  const risks: string[] = [];
  const configured = results.config.docker.runtime;
  // One item per runtime, however many claims: the table under Security lists each one.
  const runtimes = [...new Set(results.claims.map((claim) => claim.runtime))];
  for (const runtime of runtimes) {
    const claims = results.claims.filter((claim) => claim.runtime === runtime);
    const ids = (state: string) =>
      claims.filter((claim) => stateOf(claim).state === state).map((claim) => `\`${claim.id}\``);
    const refuted = ids('refuted');
    const unmeasurable = ids('unmeasurable');
    if (refuted.length + unmeasurable.length === 0) continue;
    const parts = [
      refuted.length ? `refuted: ${listed(refuted)}` : '',
      unmeasurable.length ? `unmeasurable: ${listed(unmeasurable)}` : '',
    ].filter(Boolean);
    const role = runtime === configured ? 'configured' : `not configured: fix these before switching to it`;
    risks.push(
      `On ${runtime} (${role}), ${refuted.length + unmeasurable.length} of ${claims.length} claims are not upheld; ${parts.join('; ')} (each under Security).`,
    );
  }
  if (runtimes.length === 1 && results.environment.runtimes.length <= 1) {
    risks.push(
      `Every claim was checked on one runtime only (${runtimes[0]}); other runtimes were not measured in this run.`,
    );
  }
  for (const phase of results.phases) {
    for (const error of phase.errors) {
      risks.push(
        `Test file \`${error.file}\` ${error.kind === 'collection' ? 'failed to load' : `has a suite${error.suite ? ` (${error.suite})` : ''} that threw`}: ${firstLine(error.message) ?? 'no error message was recorded'}.`,
      );
    }
    for (const test of phase.tests.filter((candidate) => candidate.status === 'failed')) {
      risks.push(
        `Test \`${test.id}\` failed: ${shorten(firstLine(test.error) ?? 'no error message was recorded', 200)}.`,
      );
    }
    const skipped = phase.tests.filter((candidate) => candidate.status === 'skipped');
    if (skipped.length) {
      risks.push(
        `${skipped.length} test${skipped.length === 1 ? '' : 's'} of ${phase.name} skipped: what ${skipped.length === 1 ? 'it checks is' : 'they check is'} not evidenced by this run (listed under Test results by phase).`,
      );
    }
  }
  for (const error of results.unhandledErrors)
    risks.push(
      `An unhandled error${error.file ? ` in \`${error.file}\`` : ''}: ${firstLine(error.message) ?? 'no error message was recorded'}.`,
    );
  for (const finding of decision.findings) {
    if (
      [
        'phase-not-run',
        'not-measured',
        'evidence-missing',
        'overhead-straddles-threshold',
        'measurement-noisy',
      ].includes(finding.id)
    ) {
      risks.push(`${capitalize(finding.message)} (\`${finding.source}\`).`);
    }
  }
  if (perf) {
    const limit = policy.policy.risks.maxCoefficientOfVariation;
    // One item for every noisy mode and workload: the limit and the words are the same for each.
    const noisy = perf.latency.filter((row) => row.cv !== null && row.cv > limit);
    if (noisy.length)
      risks.push(
        `Noisy (sd / mean above risks.maxCoefficientOfVariation ${limit}): ${noisy.map((row) => `${row.mode} on ${row.workload} ${quoteNumber(row.cv!, 3)} (${row.summary!.n} samples)`).join(', ')}.`,
      );
    for (const row of perf.latency) {
      if (row.failures > 0)
        risks.push(
          `${row.mode} on ${row.workload}: ${row.failures} of ${row.failures + row.samplesMs.length} measured executions failed.`,
        );
    }
    for (const row of perf.throughput) {
      if (row.failures > 0)
        risks.push(
          `Throughput of ${row.mode} on ${row.workload} at concurrency ${row.concurrency}: ${row.failures} of ${row.executions} executions failed.`,
        );
    }
    const soak = perf.soak;
    if (soak && (soak.failures > 0 || soak.fallbacks > 0 || soak.leakedContainers > 0)) {
      risks.push(
        `Soak (${soak.executions} executions of ${soak.mode} on ${soak.workload}): ${soak.failures} failed, ${soak.fallbacks} fell back, ${soak.leakedContainers} containers leaked.`,
      );
    }
    for (const growth of soakGrowth(soak))
      risks.push(
        `Soak: the harness's ${growth} grows with executions (the whole 95% interval of its slope is above 0); a long-running trading system would see it climb.`,
      );
  }
  const r = results.reliability;
  if (r.fallbacks > 0)
    risks.push(
      `${r.fallbacks} of ${r.executions} executions fell back to the local mode (${formatRate(r.fallbackRate ?? 0)}): those ran without the container layers.`,
    );
  const notOk = Object.keys(r.byStatus)
    .sort()
    .filter((status) => status !== 'ok' && r.byStatus[status]! > 0);
  if (notOk.length)
    risks.push(
      `Executions not ok: ${notOk.map((status) => `${r.byStatus[status]} ${status}`).join(', ')} of ${r.executions}.`,
    );
  if (r.leakedContainers > 0)
    risks.push(`${r.leakedContainers} containers carrying the run's label were left after cleanup.`);
  if (security.matrix) {
    if (security.matrix.unblocked.length)
      risks.push(
        `Malicious files not blocked with every layer on: ${listed(security.matrix.unblocked.map((id) => `\`${id}\``))} (per file in evidence.md).`,
      );
    if (security.matrix.singleLayer.length) {
      risks.push(
        `${security.matrix.singleLayer.length} malicious files are caught by one layer only (no defence in depth): ${listed(security.matrix.singleLayer.map((row) => `\`${row.id}\` (${row.layer})`))} (per file in evidence.md).`,
      );
    }
  }
  if (results.config.monitoring.alertFallbackRate !== policy.policy.monitoring.alertFallbackRate) {
    risks.push(
      `The configuration alerts at a fallback rate of ${results.config.monitoring.alertFallbackRate} (monitoring.alert_fallback_rate) but the policy at ${policy.policy.monitoring.alertFallbackRate} (monitoring.alertFallbackRate).`,
    );
  }
  if (results.projections?.length)
    risks.push(
      `${results.projections.length} figure(s) under "Projections" are computed from measurements and assumptions; they were not measured.`,
    );
  return risks;
}

function monitoringModel(results: Results, policy: LoadedPolicy): MonitoringModel {
  const overhead = policy.policy.overhead;
  const row = results.perf?.modes.find(
    (candidate) => candidate.mode === overhead.mode && candidate.workload === overhead.workload,
  );
  const factor = policy.policy.monitoring.latencyAlertFactor;
  return {
    alertFallbackRate: policy.policy.monitoring.alertFallbackRate,
    configAlertFallbackRate: results.config.monitoring.alertFallbackRate,
    measuredFallbackRate: results.reliability.fallbackRate,
    latency: row?.summary
      ? {
          factor,
          mode: overhead.mode,
          workload: overhead.workload,
          measuredP95Ms: row.summary.p95Ms,
          thresholdMs: factor * row.summary.p95Ms,
        }
      : null,
    latencyMissing: `not measured in this run: no samples of ${overhead.mode} on ${overhead.workload}`,
  };
}

function criteriaRows(decision: Decision): ReportModel['criteria'] {
  const rows: ReportModel['criteria'] = decision.requirements.map((check) => ({
    criterion: check.criterion,
    policyKey: check.id,
    target: check.target,
    actual: check.actual,
    met: check.met,
  }));
  const o = decision.overhead;
  const enable = o.bands.filter((band) => band.outcome === 'enable-by-default').map((band) => band.range);
  const unit = (value: number): string => (o.unit === '%' ? `${quoteNumber(value)}%` : formatMs(value));
  rows.push({
    criterion: `overhead of ${o.mode} over ${o.baseline} on ${o.workload} (${o.statistic}) within the enable-by-default band`,
    policyKey: 'overhead.bands',
    target: enable.length ? enable.join(' or ') : 'no band enables by default',
    actual:
      o.value === null ? 'not measured in this run' : `${unit(o.value)} (interval ${unit(o.low!)} to ${unit(o.high!)})`,
    met:
      o.value === null
        ? null
        : o.bands.some((band) => band.holdsStatistic && band.outcome === 'enable-by-default') &&
          !o.bands.some((band) => band.touchedByInterval && band.outcome !== 'enable-by-default'),
  });
  return rows;
}

function requirementsMet(decision: Decision): string {
  const checks = decision.requirements;
  const open = checks.filter((check) => check.met !== true);
  if (open.length === 0) return `all ${checks.length} met`;
  const met = checks.length - open.length;
  const named = open.map(
    (check) => `\`${check.id}\` ${check.met === null ? 'not measured in this run' : '**not met**'}`,
  );
  return `${named.join(', ')}${met ? `; the other ${met} met` : ''}`;
}

/** At most 5 names, then how many more. */
function listed(names: readonly string[]): string {
  return names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
}

function firstLine(text: string | undefined): string | undefined {
  return text
    ?.split('\n')
    .find((line) => line.trim() !== '')
    ?.trim();
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Claims upheld per runtime, the configured runtime first: runtimes are never added together. */
function claimsByRuntime(results: Results): string {
  const configured = results.config.docker.runtime;
  const runtimes = [...new Set(results.claims.map((claim) => claim.runtime))].sort(
    (a, b) => Number(b === configured) - Number(a === configured) || a.localeCompare(b),
  );
  if (runtimes.length === 0) return 'none recorded';
  return runtimes
    .map((runtime) => {
      const claims = results.claims.filter((claim) => claim.runtime === runtime);
      const count = (state: ClaimRecord['state']): number => claims.filter((claim) => claim.state === state).length;
      const others = [
        count('refuted') ? `${count('refuted')} refuted` : '',
        count('unmeasurable') ? `${count('unmeasurable')} unmeasurable` : '',
      ].filter(Boolean);
      return `${runtime}${runtime === configured ? ' (configured)' : ' (reported, not gated)'}: ${count('upheld')} of ${claims.length} upheld${others.length ? `, ${others.join(', ')}` : ''}`;
    })
    .join('; ');
}
