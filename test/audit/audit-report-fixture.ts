import type { AuditedClaim, AuditReport } from '../../harness/audit/audit-report.ts';
import { compareReport } from '../../harness/audit/compare-report.ts';
import { checkContainer } from '../../harness/audit/container-checks.ts';
import { dockerBenchEquivalent } from '../../harness/audit/docker-bench-equivalent.ts';
import { parseReportClaims } from '../../harness/audit/read-report-claims.ts';
import { mutated, seccompContext } from './inspect-fixture.ts';

const ok = (expected: string) => ({ passed: true, expected, observed: { status: 'ok' } });

/** A claim as the audit records it; `probePassed: false` makes it one that no longer holds. */
export function auditedClaim(id: string, configKey: string, probePassed: boolean): AuditedClaim {
  return {
    id,
    layer: '2',
    statement: `statement of ${id}`,
    relaxes: `${configKey.split('.').at(-1)}: something`,
    runtime: 'runc',
    probe: probePassed
      ? ok('blocked')
      : {
          passed: false,
          expected: 'CapBnd 0000000000000000 on every thread',
          observed: { CapBnd: ['0000000000002000'] },
        },
    control: ok('gets through'),
    functionality: ok('benign works'),
    state: probePassed ? 'upheld' : 'refuted',
    upheld: probePassed,
    configKey,
  };
}

export const RESULTS_JSON = `{
  "schemaVersion": 1,
  "phases": [],
  "claims": [
    { "id": "rootfs-read-only", "upheld": true },
    { "id": "caps-dropped", "upheld": true },
    { "id": "teleport-blocked", "upheld": true },
    { "id": 7 }
  ]
}
`;

/**
 * An audit of a container with NET_RAW added back: caps-dropped fails, cis-5.3-capabilities
 * fails, and the report (RESULTS_JSON) makes a claim the registry does not know and has one
 * malformed entry.
 */
export function capAddAuditReport(): AuditReport {
  const inspect = mutated((i) => (i.HostConfig!.CapAdd = ['NET_RAW']));
  const checks = checkContainer(inspect, seccompContext());
  const claims = [
    auditedClaim('rootfs-read-only', 'sandbox.docker.read_only_rootfs', true),
    auditedClaim('caps-dropped', 'sandbox.docker.cap_add', false),
  ];
  const report = compareReport(
    'reports/example/results.json',
    parseReportClaims(RESULTS_JSON, 'reports/example/results.json'),
    claims,
    new Set(['rootfs-read-only', 'caps-dropped', 'non-root']),
  );
  return {
    tool: 'sandbox-gate audit',
    configFile: '/repo/config/learning_system.yaml',
    runtime: 'runc',
    startedAt: '2026-01-02T03:04:05.000Z',
    durationMs: 1234,
    claims,
    notApplicable: [],
    container: {
      containerId: 'abcdef0123456789',
      imageRef: 'sandbox-gate/runner:0123456789abcdef',
      checks,
      dockerBenchEquivalent: dockerBenchEquivalent(inspect),
    },
    report,
    failing: {
      claims: ['caps-dropped'],
      containerChecks: checks.filter((c) => !c.passed).map((c) => c.id),
      reportClaims: ['caps-dropped', 'teleport-blocked', 'claims[3]'],
    },
    passed: false,
  };
}
