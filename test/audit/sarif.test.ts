import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatSarif, SARIF_SCHEMA, type SarifLog } from '../../harness/audit/format-sarif.ts';
import { findKeyLocation } from '../../harness/audit/yaml-key-location.ts';
import { capAddAuditReport, RESULTS_JSON } from './audit-report-fixture.ts';

const CONFIG_TEXT = readFileSync(new URL('../../config/learning_system.yaml', import.meta.url), 'utf8');
/** 1-based line of the first line of `text` that starts (after indentation) with `key:`. */
const lineOf = (text: string, key: string) =>
  text.split('\n').findIndex((line) => line.trimStart().startsWith(`${key}:`)) + 1;

function sarifOf(configText = CONFIG_TEXT): SarifLog {
  return formatSarif(capAddAuditReport(), {
    configText,
    configUri: { uri: 'config/learning_system.yaml', uriBaseId: '%SRCROOT%' },
    resultsText: RESULTS_JSON,
    resultsUri: { uri: 'reports/example/results.json', uriBaseId: '%SRCROOT%' },
    toolVersion: '0.1.0',
    srcRootUri: 'file:///repo/',
  });
}

describe('SARIF 2.1.0 output', () => {
  const sarif = sarifOf();
  const run = sarif.runs[0];

  it('is one SARIF 2.1.0 run of the sandbox-gate audit driver', () => {
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toBe(SARIF_SCHEMA);
    expect(sarif.runs).toHaveLength(1);
    expect(run.tool.driver.name).toBe('sandbox-gate audit');
    expect(run.tool.driver.version).toBe('0.1.0');
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///repo/' } });
    expect(run.invocations).toEqual([
      { executionSuccessful: true, startTimeUtc: '2026-01-02T03:04:05.000Z', endTimeUtc: '2026-01-02T03:04:06.234Z' },
    ]);
    // Serializable as it is: no undefined, no cycles.
    expect(JSON.parse(JSON.stringify(sarif))).toEqual(sarif);
  });

  it('has one rule per claim id and per container check, plus one per report claim the registry does not know', () => {
    const report = capAddAuditReport();
    const ids = run.tool.driver.rules.map((rule) => rule.id);
    expect(ids).toEqual([
      ...report.claims.map((c) => c.id),
      ...report.container.checks.map((c) => c.id),
      'report-claim/teleport-blocked',
      'report-claims-malformed',
    ]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of run.tool.driver.rules) {
      expect(rule.name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.defaultConfiguration).toEqual({ level: 'error' });
    }
    expect(run.tool.driver.rules.find((r) => r.id === 'cis-5.3-capabilities')!.properties).toMatchObject({
      kind: 'container-check',
      cisReference: 'CIS Docker Benchmark 5.3 (v1.6.0: 5.4)',
    });
  });

  it('has one error result per failing item, each pointing at its rule', () => {
    expect(run.results.map((r) => r.ruleId)).toEqual([
      'caps-dropped',
      'cis-5.3-capabilities',
      'report-claim/teleport-blocked',
      'report-claims-malformed',
    ]);
    for (const result of run.results) {
      expect(result.level).toBe('error');
      expect(result.kind).toBe('fail');
      expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
      expect(result.locations).toHaveLength(1);
    }
  });

  it('carries the evidence in the message', () => {
    const [claim, check, unknown, malformed] = run.results;
    expect(claim!.message.text).toContain(
      'Claim caps-dropped is not upheld (runc), refuted: probe failed: expected CapBnd 0000000000000000 on every thread; observed {"CapBnd":["0000000000002000"]}',
    );
    expect(claim!.message.text).toContain('reports/example/results.json says it is upheld: it no longer holds.');
    expect(claim!.properties).toMatchObject({ reportSaidUpheld: true, probePassed: false, controlPassed: true });
    expect(check!.message.text).toContain(
      'expected HostConfig.CapDrop exactly ["ALL"] and HostConfig.CapAdd empty or null; found {"CapDrop":["ALL"],"CapAdd":["NET_RAW"]}',
    );
    expect(check!.message.text).toContain('container abcdef012345');
    expect(unknown!.message.text).toContain('the registry has no claim teleport-blocked');
    expect(malformed!.message.text).toContain('claims[3] is not { id: string, upheld: boolean }: found {"id":7}');
  });

  it('locates a finding at its config key: the key path as a logical location, its line as a region', () => {
    const [claim, check] = run.results;
    for (const result of [claim!, check!]) {
      const [location] = result.locations;
      expect(location!.logicalLocations).toEqual([
        { fullyQualifiedName: 'sandbox.docker.cap_add', name: 'cap_add', kind: 'property' },
      ]);
      expect(location!.physicalLocation!.artifactLocation).toEqual({
        uri: 'config/learning_system.yaml',
        uriBaseId: '%SRCROOT%',
      });
      expect(location!.physicalLocation!.region).toEqual({ startLine: lineOf(CONFIG_TEXT, 'cap_add'), startColumn: 5 });
    }
  });

  it("locates a report's unknown claim at its entry in results.json", () => {
    const location = run.results[2]!.locations[0]!;
    expect(location.logicalLocations).toEqual([
      { fullyQualifiedName: 'claims[2]', name: 'claims[2]', kind: 'element' },
    ]);
    expect(location.physicalLocation).toEqual({
      artifactLocation: { uri: 'reports/example/results.json', uriBaseId: '%SRCROOT%' },
      region: { startLine: 7, startColumn: 7 },
    });
  });

  it('falls back to the nearest key written in the file when the key is left to its default', () => {
    const withoutCapAdd = CONFIG_TEXT.split('\n')
      .filter((line) => !line.trimStart().startsWith('cap_add:'))
      .join('\n');
    const [location] = sarifOf(withoutCapAdd).runs[0].results[0]!.locations;
    expect(location!.logicalLocations[0]!.fullyQualifiedName).toBe('sandbox.docker.cap_add');
    expect(location!.physicalLocation!.region).toEqual({ startLine: lineOf(withoutCapAdd, 'docker'), startColumn: 3 });
  });
});

describe('findKeyLocation', () => {
  it('finds nested keys by their ranges, not by text search', () => {
    const text = 'other:\n  docker:\n    user: x\nsandbox:\n  docker:\n    user: "1000:1000"\n';
    expect(findKeyLocation(text, 'sandbox.docker.user')).toEqual({
      keyPath: 'sandbox.docker.user',
      line: 6,
      column: 5,
    });
    expect(findKeyLocation(text, 'sandbox.docker.cap_add')).toEqual({ keyPath: 'sandbox.docker', line: 5, column: 3 });
    expect(findKeyLocation(text, 'nothing.here')).toBeUndefined();
    expect(findKeyLocation('a: [unclosed', 'a')).toBeUndefined();
  });
});
