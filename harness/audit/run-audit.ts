import type Docker from 'dockerode';
import createDebug from 'debug';
import type { Claim } from '../claims/claim.ts';
import { allClaims } from '../claims/registry.ts';
import type { LoadedConfig } from '../config/sandbox-config.ts';
import { createEngineClient } from '../sandbox/docker/engine-client.ts';
import type { AuditReport } from './audit-report.ts';
import { DEFAULT_CLAIM_CONCURRENCY } from './claim-schedule.ts';
import { compareReport } from './compare-report.ts';
import { checkContainer } from './container-checks.ts';
import { dockerBenchEquivalent } from './docker-bench-equivalent.ts';
import { expectedSeccomp, inspectLiveSandbox } from './live-container.ts';
import { readReportClaims } from './read-report-claims.ts';
import { reverifyClaims } from './reverify-claims.ts';

const debug = createDebug('sandbox-gate:audit');

export interface RunAuditOptions {
  /** The configuration as it is deployed now (loadConfig). */
  config: LoadedConfig;
  /** A results.json written by the gate: its claims are compared with what holds now. */
  resultsFile?: string;
  /** The engine. @default a client honouring DOCKER_HOST */
  docker?: Docker;
  /**
   * The claims to re-run. @default every claim of the registry (allClaims()). A narrower list
   * is for tests that audit one layer; "unknown to the registry" is always judged against the
   * whole registry.
   */
  claims?: readonly Claim[];
  /**
   * Claims re-run at once (those that measure CPU always alone: CLAIMS_RUN_ALONE); 1 runs them
   * one after the other. @default DEFAULT_CLAIM_CONCURRENCY (3)
   */
  claimConcurrency?: number;
  /** Progress lines (stderr on a terminal); never stdout. */
  onProgress?: (line: string) => void;
  /** Injected for tests. @default () => new Date() */
  now?: () => Date;
}

/**
 * Re-verifies, against the sandbox as it is configured now: every claim's probe, control and
 * functionality; the settings of a live sandbox container (CIS-style checks without the
 * benchmark tooling's blind spots); and, given a report, every claim it makes. Passed only
 * when every claim is upheld, every check passed and every claim of the report still holds.
 */
export async function runAudit(options: RunAuditOptions): Promise<AuditReport> {
  const now = options.now ?? (() => new Date());
  const started = now();
  const startedMs = performance.now();
  const progress = options.onProgress ?? (() => {});
  const docker = options.docker ?? createEngineClient();
  const sandbox = options.config.sandbox;
  const registry = allClaims();
  const claims = options.claims ?? registry;

  // Read the report first: a wrong path should fail in a second, not after every claim ran.
  const reportClaims = options.resultsFile ? await readReportClaims(options.resultsFile) : undefined;

  progress('container: starting a sandbox container to inspect...');
  const seccomp = await expectedSeccomp(sandbox, options.config.file);
  const live = await inspectLiveSandbox(sandbox, docker, options.config.file);
  const checks = checkContainer(live.inspect, { seccomp });
  debug('Container checks: %d of %d passed', checks.filter((c) => c.passed).length, checks.length);

  const { audited, notApplicable } = await reverifyClaims(
    claims,
    sandbox,
    docker,
    progress,
    options.claimConcurrency ?? DEFAULT_CLAIM_CONCURRENCY,
  );
  const report = reportClaims
    ? compareReport(
        options.resultsFile!,
        reportClaims,
        audited,
        new Set(registry.map((c) => c.id)),
        sandbox.docker.runtime,
      )
    : undefined;

  const failing = {
    // Refuted and unmeasurable both fail an audit: neither shows the protection holds now.
    claims: audited.filter((c) => c.state !== 'upheld').map((c) => c.id),
    containerChecks: checks.filter((c) => !c.passed).map((c) => c.id),
    reportClaims: report
      ? [
          ...new Set([
            ...report.noLongerHolds,
            ...report.unknownToRegistry,
            ...report.malformed.map((m) => `claims[${m.index}]`),
          ]),
        ]
      : [],
  };
  return {
    tool: 'sandbox-gate audit',
    configFile: options.config.file,
    runtime: sandbox.docker.runtime,
    startedAt: started.toISOString(),
    durationMs: Math.round(performance.now() - startedMs),
    claims: audited,
    notApplicable,
    container: {
      containerId: live.containerId,
      imageRef: live.imageRef,
      checks,
      dockerBenchEquivalent: dockerBenchEquivalent(live.inspect),
    },
    report,
    failing,
    passed: failing.claims.length === 0 && failing.containerChecks.length === 0 && failing.reportClaims.length === 0,
  };
}
