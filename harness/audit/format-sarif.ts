import type { AuditReport } from './audit-report.ts';
import { checkEvidence, claimEvidence, compactJson, reportNote } from './evidence.ts';
import { findKeyLocation } from './yaml-key-location.ts';

/** The parts of SARIF 2.1.0 the audit writes (https://docs.oasis-open.org/sarif/sarif/v2.1.0/). */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [SarifRun];
}

export interface SarifRun {
  tool: { driver: { name: string; version: string; informationUri?: string; rules: SarifRule[] } };
  originalUriBaseIds?: Record<string, { uri: string }>;
  invocations: Array<{ executionSuccessful: boolean; startTimeUtc: string; endTimeUtc: string; commandLine?: string }>;
  results: SarifResult[];
  properties: { configFile: string; runtime: string; containerId: string; passed: boolean };
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription?: { text: string };
  defaultConfiguration: { level: 'error' };
  properties: Record<string, unknown>;
}

export interface SarifLocation {
  physicalLocation?: {
    artifactLocation: { uri: string; uriBaseId?: string };
    region?: { startLine: number; startColumn: number };
  };
  logicalLocations: Array<{ fullyQualifiedName: string; name: string; kind: string }>;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: 'error';
  kind: 'fail';
  message: { text: string };
  locations: SarifLocation[];
  properties?: Record<string, unknown>;
}

export interface SarifInputs {
  /** The config file's text, to find each key's line. */
  configText: string;
  /** The config file as SARIF names it: relative to `%SRCROOT%` when under it, else a file:// URI. */
  configUri: ArtifactUri;
  /** The results.json text and URI, when a report was compared. */
  resultsText?: string;
  resultsUri?: ArtifactUri;
  toolVersion: string;
  /** Absolute directory `%SRCROOT%` stands for (a file:// URI ending in /). */
  srcRootUri?: string;
}

export interface ArtifactUri {
  uri: string;
  uriBaseId?: string;
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * SARIF 2.1.0: one run whose driver is `sandbox-gate audit`, one rule per claim id and per
 * container check (and per claim of a report that the registry does not know), one `error`
 * result per failing item, located at the config key that controls it (a logical location
 * with the key path, and the key's line in the file when the key is written there).
 */
export function formatSarif(report: AuditReport, inputs: SarifInputs): SarifLog {
  const rules: SarifRule[] = [];
  const results: SarifResult[] = [];
  const ruleIndex = new Map<string, number>();
  const addRule = (rule: SarifRule) => {
    ruleIndex.set(rule.id, rules.length);
    rules.push(rule);
  };
  const configLocation = (keyPath: string): SarifLocation => {
    const at = findKeyLocation(inputs.configText, keyPath);
    const name = keyPath.split('.').at(-1)!;
    return {
      physicalLocation: {
        artifactLocation: { ...inputs.configUri },
        ...(at ? { region: { startLine: at.line, startColumn: at.column } } : {}),
      },
      logicalLocations: [{ fullyQualifiedName: keyPath, name, kind: 'property' }],
    };
  };

  for (const claim of report.claims) {
    addRule({
      id: claim.id,
      name: pascal(claim.id),
      shortDescription: { text: claim.statement },
      fullDescription: {
        text: `Layer ${claim.layer} claim. Probe in the hardened sandbox must be blocked; the control (${claim.relaxes}) must get through; a benign workload must still work.`,
      },
      defaultConfiguration: { level: 'error' },
      properties: { kind: 'claim', layer: claim.layer, relaxes: claim.relaxes, configKey: claim.configKey },
    });
  }
  for (const check of report.container.checks) {
    addRule({
      id: check.id,
      name: pascal(check.id),
      shortDescription: { text: check.title },
      fullDescription: { text: `${check.cisReference}. Expected: ${check.expected}.` },
      defaultConfiguration: { level: 'error' },
      properties: { kind: 'container-check', cisReference: check.cisReference, configKey: check.configKey },
    });
  }

  for (const claim of report.claims.filter((c) => c.state !== 'upheld')) {
    const saidUpheld = report.report?.claims.find((c) => c.id === claim.id)?.upheldInReport;
    results.push({
      ruleId: claim.id,
      ruleIndex: ruleIndex.get(claim.id)!,
      level: 'error',
      kind: 'fail',
      message: {
        text: `Claim ${claim.id} is not upheld (${claim.runtime}), ${claimEvidence(claim)}.${reportNote(report.report, claim.id)}`,
      },
      locations: [configLocation(claim.configKey)],
      properties: {
        layer: claim.layer,
        probePassed: claim.probe.passed,
        controlPassed: claim.control.passed,
        functionalityPassed: claim.functionality.passed,
        ...(saidUpheld !== undefined ? { reportSaidUpheld: saidUpheld } : {}),
      },
    });
  }
  for (const check of report.container.checks.filter((c) => !c.passed)) {
    results.push({
      ruleId: check.id,
      ruleIndex: ruleIndex.get(check.id)!,
      level: 'error',
      kind: 'fail',
      message: {
        text: `${check.title}: not so on container ${report.container.containerId.slice(0, 12)} (${check.cisReference}): ${checkEvidence(check)}.`,
      },
      locations: [configLocation(check.configKey)],
      properties: { cisReference: check.cisReference, found: check.found },
    });
  }

  const comparison = report.report;
  if (comparison) {
    for (const id of comparison.unknownToRegistry) {
      const entry = comparison.claims.find((c) => c.id === id)!;
      const ruleId = `report-claim/${id}`;
      if (!ruleIndex.has(ruleId)) {
        addRule({
          id: ruleId,
          name: `ReportClaim${pascal(id)}`,
          shortDescription: { text: `A claim of the report (${id}) that the registry does not know` },
          defaultConfiguration: { level: 'error' },
          properties: { kind: 'report-claim-unknown' },
        });
      }
      results.push({
        ruleId,
        ruleIndex: ruleIndex.get(ruleId)!,
        level: 'error',
        kind: 'fail',
        message: {
          text: `${comparison.file} makes claim ${id} (upheld: ${entry.upheldInReport}); the registry has no claim ${id}, so it cannot be re-verified against the sandbox as it is now.`,
        },
        locations: [
          resultsLocation(inputs, `claims[${entry.index}]`, `"id"\\s*:\\s*${escapeRegExp(JSON.stringify(id))}`),
        ],
      });
    }
    if (comparison.malformed.length > 0) {
      addRule({
        id: 'report-claims-malformed',
        name: 'ReportClaimsMalformed',
        shortDescription: { text: "An entry of the report's claims that is not { id: string, upheld: boolean }" },
        defaultConfiguration: { level: 'error' },
        properties: { kind: 'report-claim-malformed' },
      });
      for (const entry of comparison.malformed) {
        results.push({
          ruleId: 'report-claims-malformed',
          ruleIndex: ruleIndex.get('report-claims-malformed')!,
          level: 'error',
          kind: 'fail',
          message: {
            text: `${comparison.file}: claims[${entry.index}] is not { id: string, upheld: boolean }: found ${compactJson(entry.found, 300)}.`,
          },
          locations: [resultsLocation(inputs, `claims[${entry.index}]`)],
        });
      }
    }
  }

  const endMs = Date.parse(report.startedAt) + report.durationMs;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'sandbox-gate audit', version: inputs.toolVersion, rules } },
        ...(inputs.srcRootUri ? { originalUriBaseIds: { '%SRCROOT%': { uri: inputs.srcRootUri } } } : {}),
        invocations: [
          {
            executionSuccessful: true,
            startTimeUtc: report.startedAt,
            endTimeUtc: new Date(Number.isFinite(endMs) ? endMs : Date.now()).toISOString(),
          },
        ],
        results,
        properties: {
          configFile: report.configFile,
          runtime: report.runtime,
          containerId: report.container.containerId,
          passed: report.passed,
        },
      },
    ],
  };
}

function resultsLocation(inputs: SarifInputs, logicalPath: string, linePattern?: string): SarifLocation {
  let region: { startLine: number; startColumn: number } | undefined;
  if (inputs.resultsText && linePattern) {
    // Search from the `claims` key on, so that an equal id elsewhere in the file is not taken.
    const from = Math.max(0, inputs.resultsText.search(/"claims"\s*:/));
    const match = new RegExp(linePattern).exec(inputs.resultsText.slice(from));
    if (match) {
      const before = inputs.resultsText.slice(0, from + match.index);
      const lines = before.split('\n');
      region = { startLine: lines.length, startColumn: lines.at(-1)!.length + 1 };
    }
  }
  return {
    ...(inputs.resultsUri
      ? { physicalLocation: { artifactLocation: { ...inputs.resultsUri }, ...(region ? { region } : {}) } }
      : {}),
    logicalLocations: [{ fullyQualifiedName: logicalPath, name: logicalPath, kind: 'element' }],
  };
}

/** `cis-5.3-capabilities` -> `Cis53Capabilities`: SARIF rule names are identifiers. */
function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
