import { describe, expect, it } from 'vitest';
import { compareReport } from '../../harness/audit/compare-report.ts';
import { claimEvidence } from '../../harness/audit/evidence.ts';
import { formatText } from '../../harness/audit/format-text.ts';
import { parseReportClaims } from '../../harness/audit/read-report-claims.ts';
import { UsageError } from '../../harness/errors.ts';
import { auditedClaim, capAddAuditReport, RESULTS_JSON } from './audit-report-fixture.ts';

describe('reading a report', () => {
  it('reads only claims[].id, .upheld, .state and .runtime, keeping malformed entries as failures', () => {
    expect(parseReportClaims(RESULTS_JSON, 'r.json')).toEqual({
      claims: [
        { index: 0, id: 'rootfs-read-only', upheld: true, state: 'upheld' },
        { index: 1, id: 'caps-dropped', upheld: true, state: 'upheld' },
        { index: 2, id: 'teleport-blocked', upheld: true, state: 'upheld' },
      ],
      malformed: [{ index: 3, found: { id: 7 } }],
    });
  });

  it('reads the three states; a state that contradicts upheld is malformed', () => {
    const parsed = parseReportClaims(
      JSON.stringify({
        claims: [
          { id: 'no-new-privileges', upheld: false, state: 'unmeasurable', runtime: 'runsc' },
          { id: 'caps-dropped', upheld: false, state: 'refuted', runtime: 'runc' },
          { id: 'non-root', upheld: false, state: 'upheld' },
          { id: 'network-none', upheld: false, state: 'lost' },
        ],
      }),
      'r.json',
    );
    expect(parsed.claims.map((c) => [c.id, c.state, c.runtime])).toEqual([
      ['no-new-privileges', 'unmeasurable', 'runsc'],
      ['caps-dropped', 'refuted', 'runc'],
    ]);
    expect(parsed.malformed.map((m) => m.index)).toEqual([2, 3]);
  });

  it('refuses a file that is not JSON or has no claims array, naming the file and the key', () => {
    expect(() => parseReportClaims('{', 'r.json')).toThrow(UsageError);
    expect(() => parseReportClaims('{"claims": {}}', 'r.json')).toThrow(
      /r\.json: claims: expected an array of \{ id, upheld \}.*found an object/,
    );
    expect(() => parseReportClaims('[]', 'r.json')).toThrow(/found nothing/);
  });
});

describe('comparing a report with the claims re-run now', () => {
  const registry = new Set(['rootfs-read-only', 'caps-dropped', 'non-root', 'network-none']);
  const audited = [
    auditedClaim('rootfs-read-only', 'sandbox.docker.read_only_rootfs', true),
    auditedClaim('caps-dropped', 'sandbox.docker.cap_add', false),
    auditedClaim('non-root', 'sandbox.docker.user', true),
  ];
  const report = parseReportClaims(
    JSON.stringify({
      claims: [
        { id: 'rootfs-read-only', upheld: true },
        { id: 'caps-dropped', upheld: true },
        { id: 'non-root', upheld: false },
        { id: 'teleport-blocked', upheld: true },
        { id: 'network-none', upheld: true },
      ],
    }),
    'r.json',
  );
  const comparison = compareReport('r.json', report, audited, registry);

  it('names every claim that no longer holds', () => {
    expect(comparison.noLongerHolds).toEqual(['caps-dropped']);
  });

  it('names every claim the report makes that the registry does not know', () => {
    expect(comparison.unknownToRegistry).toEqual(['teleport-blocked']);
  });

  it('tells apart a claim out of scope (known, not re-run) from an unknown one', () => {
    expect(comparison.claims.find((c) => c.id === 'network-none')).toEqual({
      id: 'network-none',
      upheldInReport: true,
      stateInReport: 'upheld',
      upheldNow: null,
      stateNow: null,
      index: 4,
    });
    expect(comparison.unknownToRegistry).not.toContain('network-none');
  });

  it('compares the audit runtime only: a claim unmeasurable or refuted on runsc is not "holds now" on runc', () => {
    const twoRuntimes = parseReportClaims(
      JSON.stringify({
        claims: [
          { id: 'rootfs-read-only', upheld: true, state: 'upheld', runtime: 'runc' },
          { id: 'rootfs-read-only', upheld: false, state: 'refuted', runtime: 'runsc' },
          { id: 'non-root', upheld: false, state: 'unmeasurable', runtime: 'runsc' },
          { id: 'non-root', upheld: true, state: 'upheld', runtime: 'runc' },
        ],
      }),
      'r.json',
    );
    const onRunc = compareReport('r.json', twoRuntimes, audited, registry, 'runc');
    expect(onRunc.claims.map((c) => [c.id, c.stateInReport, c.stateNow])).toEqual([
      ['rootfs-read-only', 'upheld', 'upheld'],
      ['non-root', 'upheld', 'upheld'],
    ]);
    expect(onRunc.holdsNow).toEqual([]);
    expect(onRunc.noLongerHolds).toEqual([]);
  });

  it('an unmeasurable claim now no longer holds: the audit cannot show it', () => {
    const unmeasurableNow = {
      ...auditedClaim('rootfs-read-only', 'sandbox.docker.read_only_rootfs', true),
      state: 'unmeasurable' as const,
      upheld: false,
    };
    unmeasurableNow.control = {
      ...unmeasurableNow.control,
      passed: false,
      unmeasurable: 'the control container did not start',
    };
    const result = compareReport('r.json', report, [unmeasurableNow], registry);
    expect(result.noLongerHolds).toEqual(['rootfs-read-only']);
    expect(claimEvidence(unmeasurableNow)).toBe(
      'unmeasurable: control could not be made: the control container did not start',
    );
  });

  it('notes the claims that hold again and those the report leaves out', () => {
    expect(comparison.holdsNow).toEqual(['non-root']);
    expect(
      compareReport('r.json', parseReportClaims('{"claims":[]}', 'r.json'), audited, registry).notInReport,
    ).toEqual(['caps-dropped', 'network-none', 'non-root', 'rootfs-read-only']);
  });
});

describe('the text report', () => {
  it('prints the claims and checks as tables, the report comparison, the evidence and the verdict', () => {
    const text = formatText(capAddAuditReport());
    expect(text).toMatch(/^ {2}caps-dropped +2 +FAIL +ok +ok +REFUTED$/m);
    expect(text).toMatch(/^ {2}rootfs-read-only +2 +ok +ok +ok +upheld$/m);
    expect(text).toMatch(/^ {2}cis-5\.3-capabilities +CIS Docker Benchmark 5\.3 \(v1\.6\.0: 5\.4\) +FAIL$/m);
    expect(text).toMatch(/^ {2}cis-5\.12-read-only-rootfs +CIS Docker Benchmark 5\.12 \(v1\.6\.0: 5\.13\) +pass$/m);
    expect(text).toContain('  no longer holds: caps-dropped');
    expect(text).toContain('  unknown to the registry: teleport-blocked');
    expect(text).toContain(
      '  cis-5.3-capabilities (sandbox.docker.cap_add): expected HostConfig.CapDrop exactly ["ALL"]',
    );
    expect(text).toContain(
      'audit: FAILED: 1 claim(s) not upheld (1 refuted, 0 unmeasurable), 1 container check(s) failed, 3 report claim(s) no longer hold or cannot be verified',
    );
  });
});
