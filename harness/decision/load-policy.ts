import { createHash } from 'node:crypto';
import { parseYamlMapping, readYamlText } from '../config/yaml-file.ts';
import { ConfigError } from '../errors.ts';
import { DEFAULT_POLICY_PATH } from '../config/default-paths.ts';
import { checkValue, type FieldSpec } from '../config/schema-check.ts';
import { PHASES, isPhaseName, type PhaseName } from '../phases/phase-names.ts';
import { checkBands } from './check-bands.ts';
import {
  BAND_OUTCOMES,
  DEFAULT_OUTCOME_CONFIG,
  FINDING_IDS,
  GATE_OUTCOMES,
  OVERHEAD_COMPARISONS,
  OVERHEAD_STATISTICS,
  type AcceptedUnmeasurable,
  type DecisionPolicy,
  type GateCondition,
  type LoadedPolicy,
  type OutcomeConfig,
} from './policy-types.ts';

export { DEFAULT_POLICY_PATH };

const NAME = {
  kind: 'string',
  pattern: /^[a-z0-9][a-z0-9-]*$/,
  description: 'a lower-case name such as sp500 or docker-pool',
} as const;
const FRACTION = { kind: 'number', min: 0, max: 1 } as const;

/** Leaves and records checked by `checkValue`; lists are checked below, element by element. */
const POLICY_SPEC: FieldSpec = {
  kind: 'record',
  fields: {
    version: { kind: 'any' },
    requirements: {
      kind: 'record',
      fields: {
        allFunctionalTestsPass: { kind: 'boolean' },
        functionalPhases: { kind: 'any' },
        allClaimsUpheld: { kind: 'boolean' },
        acceptedUnmeasurable: { kind: 'any' },
        rateConfidence: { kind: 'number', min: 0, exclusiveMin: true, max: 0.9999 },
        maxFallbackRate: FRACTION,
        minSuccessRate: FRACTION,
        maxFailedBenchmarkExecutions: { kind: 'number', integer: true, min: 0 },
        maxLeakedContainers: { kind: 'number', integer: true, min: 0 },
        maxSoakHeapSlopeBytesPerExecution: { kind: 'number', min: 0 },
        maxSoakRssSlopeBytesPerExecution: { kind: 'number', min: 0 },
        maxSoakHandleGrowth: { kind: 'number', integer: true, min: 0 },
        onUnmet: { kind: 'enum', values: BAND_OUTCOMES },
      },
    },
    evidence: { kind: 'record', fields: { requiredPhases: { kind: 'any' }, claimRuntimes: { kind: 'any' } } },
    overhead: {
      kind: 'record',
      fields: {
        workload: NAME,
        mode: NAME,
        baseline: NAME,
        comparison: { kind: 'enum', values: OVERHEAD_COMPARISONS },
        maxCalibrationDrift: { kind: 'number', min: 0, exclusiveMin: true },
        statistic: { kind: 'enum', values: OVERHEAD_STATISTICS },
        onStraddle: { kind: 'enum', values: ['inconclusive', 'use-statistic'] },
        bands: { kind: 'any' },
      },
    },
    gate: { kind: 'record', fields: { failOn: { kind: 'any' } } },
    monitoring: {
      kind: 'record',
      fields: { alertFallbackRate: FRACTION, latencyAlertFactor: { kind: 'number', min: 0, exclusiveMin: true } },
    },
    risks: { kind: 'record', fields: { maxCoefficientOfVariation: { kind: 'number', min: 0, exclusiveMin: true } } },
    outcomeConfig: { kind: 'any' },
  },
};

/** Every key a policy must have: the code has no defaults, so a missing threshold is an error. */
const REQUIRED_KEYS: Record<string, string> = {
  version: '1',
  requirements: 'a mapping of requirements',
  'requirements.allFunctionalTestsPass': 'true or false',
  'requirements.functionalPhases': `a list of phases (${PHASES.join(', ')})`,
  'requirements.allClaimsUpheld': 'true or false',
  'requirements.acceptedUnmeasurable': 'a list of { claim, runtime, reason } (may be empty: [])',
  'requirements.rateConfidence': 'a number > 0 and <= 0.9999, e.g. 0.95',
  'requirements.maxFallbackRate': 'a number >= 0 and <= 1',
  'requirements.minSuccessRate': 'a number >= 0 and <= 1',
  'requirements.maxFailedBenchmarkExecutions': 'an integer >= 0',
  'requirements.maxLeakedContainers': 'an integer >= 0',
  'requirements.onUnmet': `one of ${BAND_OUTCOMES.join(', ')}`,
  evidence: 'a mapping with requiredPhases and claimRuntimes',
  'evidence.requiredPhases': `a list of phases (${PHASES.join(', ')})`,
  'evidence.claimRuntimes': 'a list of OCI runtime names, e.g. [runc, runsc]',
  overhead: 'a mapping describing the overhead to read',
  'overhead.workload': 'a workload name such as sp500',
  'overhead.mode': 'a mode name such as docker-pool',
  'overhead.baseline': 'a mode name such as in-process',
  'overhead.statistic': `one of ${OVERHEAD_STATISTICS.join(', ')}`,
  'overhead.onStraddle': 'one of inconclusive, use-statistic',
  'overhead.bands': 'a list of bands {from?, below?, outcome}',
  gate: 'a mapping with failOn',
  'gate.failOn': 'a list of findings and outcomes that fail the gate',
  monitoring: 'a mapping with alertFallbackRate and latencyAlertFactor',
  'monitoring.alertFallbackRate': 'a number >= 0 and <= 1',
  'monitoring.latencyAlertFactor': 'a number > 0',
  risks: 'a mapping with maxCoefficientOfVariation',
  'risks.maxCoefficientOfVariation': 'a number > 0',
};

/** Reads and validates a decision policy. @throws ConfigError (exit 2) naming the file and key. */
export async function loadPolicy(file: string = DEFAULT_POLICY_PATH): Promise<LoadedPolicy> {
  return parsePolicy(await readYamlText(file), file);
}

/** Validates policy text; `file` names it in messages and in the stored decision. */
export function parsePolicy(text: string, file: string): LoadedPolicy {
  const document = parseYamlMapping(
    text,
    file,
    'a mapping with requirements, evidence, overhead, gate, monitoring and risks',
  );
  // checkValue has held every key to POLICY_SPEC: what is read below has the shape it names.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const checked = checkValue(file, '', POLICY_SPEC, document) as Record<string, any>;
  for (const [keyPath, expected] of Object.entries(REQUIRED_KEYS)) {
    if (lookup(checked, keyPath) === undefined) throw new ConfigError(file, keyPath, expected, undefined);
  }
  if (checked.version !== 1) throw new ConfigError(file, 'version', '1 (the only policy version)', checked.version);
  const policy: DecisionPolicy = {
    version: 1,
    requirements: {
      ...checked.requirements,
      functionalPhases: checkPhaseList(file, 'requirements.functionalPhases', checked.requirements.functionalPhases),
      acceptedUnmeasurable: checkAccepted(
        file,
        'requirements.acceptedUnmeasurable',
        checked.requirements.acceptedUnmeasurable,
      ),
      // Policies stored by runs before the soak rule have neither key: `report --from` re-decides them as they were.
      maxSoakHeapSlopeBytesPerExecution: checked.requirements.maxSoakHeapSlopeBytesPerExecution ?? null,
      maxSoakRssSlopeBytesPerExecution: checked.requirements.maxSoakRssSlopeBytesPerExecution ?? null,
      maxSoakHandleGrowth: checked.requirements.maxSoakHandleGrowth ?? null,
    },
    evidence: {
      requiredPhases: checkPhaseList(file, 'evidence.requiredPhases', checked.evidence.requiredPhases),
      claimRuntimes: checkNameList(file, 'evidence.claimRuntimes', checked.evidence.claimRuntimes),
    },
    overhead: {
      ...checked.overhead,
      // Policies stored by runs before issue 12 have neither key: they gated on the configured
      // quota and checked no calibration, and `report --from` must re-decide them as they were.
      comparison: checked.overhead.comparison ?? 'configured-quota',
      maxCalibrationDrift: checked.overhead.maxCalibrationDrift ?? null,
      bands: checkBands(file, 'overhead.bands', checked.overhead.bands),
    },
    gate: { failOn: checkFailOn(file, 'gate.failOn', checked.gate.failOn) },
    monitoring: checked.monitoring,
    risks: checked.risks,
    outcomeConfig: checkOutcomeConfig(file, 'outcomeConfig', checked.outcomeConfig),
  };
  return { file, text, sha256: createHash('sha256').update(text).digest('hex'), policy };
}

function lookup(value: Record<string, unknown>, keyPath: string): unknown {
  let node: unknown = value;
  for (const key of keyPath.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function checkPhaseList(file: string, keyPath: string, value: unknown): PhaseName[] {
  if (!Array.isArray(value)) throw new ConfigError(file, keyPath, `a list of phases (${PHASES.join(', ')})`, value);
  value.forEach((item, index) => {
    if (typeof item !== 'string' || !isPhaseName(item)) {
      throw new ConfigError(file, `${keyPath}[${index}]`, `one of ${PHASES.join(', ')}`, item);
    }
  });
  return value as PhaseName[];
}

const RUNTIME_NAME = /^[a-z0-9][a-z0-9._-]*$/;

function checkNameList(file: string, keyPath: string, value: unknown): string[] {
  if (!Array.isArray(value))
    throw new ConfigError(file, keyPath, 'a list of OCI runtime names, e.g. [runc, runsc]', value);
  value.forEach((item, index) => {
    if (typeof item !== 'string' || !RUNTIME_NAME.test(item))
      throw new ConfigError(file, `${keyPath}[${index}]`, 'an OCI runtime name such as runc', item);
  });
  return value as string[];
}

/** Each entry names a claim, a runtime and a written reason: an acceptance without a reason is no policy. */
function checkAccepted(file: string, keyPath: string, value: unknown): AcceptedUnmeasurable[] {
  if (!Array.isArray(value))
    throw new ConfigError(file, keyPath, 'a list of { claim, runtime, reason } (may be empty: [])', value);
  return value.map((item, index) => {
    const at = `${keyPath}[${index}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      throw new ConfigError(file, at, '{ claim, runtime, reason }', item);
    const entry = item as Record<string, unknown>;
    for (const key of Object.keys(entry)) {
      if (!['claim', 'runtime', 'reason'].includes(key))
        throw new ConfigError(file, `${at}.${key}`, 'no such key (claim, runtime and reason only)', entry[key]);
    }
    if (typeof entry.claim !== 'string' || entry.claim === '')
      throw new ConfigError(file, `${at}.claim`, 'a claim id such as no-new-privileges', entry.claim);
    if (typeof entry.runtime !== 'string' || !RUNTIME_NAME.test(entry.runtime))
      throw new ConfigError(file, `${at}.runtime`, 'an OCI runtime name such as runsc', entry.runtime);
    if (typeof entry.reason !== 'string' || entry.reason.trim().length < 10) {
      throw new ConfigError(
        file,
        `${at}.reason`,
        'the reason, in words (at least 10 characters): why this claim cannot be measured there and why that is acceptable',
        entry.reason,
      );
    }
    return { claim: entry.claim, runtime: entry.runtime, reason: entry.reason.trim() };
  });
}

function checkFailOn(file: string, keyPath: string, value: unknown): GateCondition[] {
  const known: readonly string[] = [...FINDING_IDS, ...GATE_OUTCOMES];
  if (!Array.isArray(value))
    throw new ConfigError(file, keyPath, 'a list of findings and outcomes that fail the gate', value);
  value.forEach((item, index) => {
    if (typeof item !== 'string' || !known.includes(item)) {
      throw new ConfigError(file, `${keyPath}[${index}]`, `one of ${known.join(', ')}`, item);
    }
  });
  return value as GateCondition[];
}

/**
 * `outcomeConfig`: one entry per outcome, each `{ sandboxEnabled: true | false | keep }`.
 * Optional as a whole (policies stored in older results.json have none: the former mapping,
 * DEFAULT_OUTCOME_CONFIG, applies); when present, every outcome must be listed.
 */
function checkOutcomeConfig(file: string, keyPath: string, value: unknown): OutcomeConfig {
  if (value === undefined) return DEFAULT_OUTCOME_CONFIG;
  const outcomes = Object.keys(DEFAULT_OUTCOME_CONFIG) as (keyof OutcomeConfig)[];
  const expected = `a mapping of ${outcomes.join(', ')} to { sandboxEnabled: true | false | keep }`;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new ConfigError(file, keyPath, expected, value);
  for (const key of Object.keys(value)) {
    if (!(outcomes as string[]).includes(key))
      throw new ConfigError(file, `${keyPath}.${key}`, `one of ${outcomes.join(', ')}`, key);
  }
  const mapping = {} as OutcomeConfig;
  for (const outcome of outcomes) {
    const entry = (value as Record<string, unknown>)[outcome];
    const setting = entry && typeof entry === 'object' ? (entry as Record<string, unknown>).sandboxEnabled : undefined;
    if (setting !== true && setting !== false && setting !== 'keep') {
      throw new ConfigError(
        file,
        `${keyPath}.${outcome}.sandboxEnabled`,
        'true, false or keep',
        entry && typeof entry === 'object' ? setting : entry,
      );
    }
    mapping[outcome] = { sandboxEnabled: setting };
  }
  return mapping;
}
