import { ConfigError } from '../errors.ts';
import { checkValue, type FieldSpec } from '../config/schema-check.ts';
import { BAND_OUTCOMES, type OverheadBand } from './policy-types.ts';

const BAND_SPEC: FieldSpec = {
  kind: 'record',
  fields: { from: { kind: 'number' }, below: { kind: 'number' }, outcome: { kind: 'enum', values: BAND_OUTCOMES } },
};

const CONTIGUOUS = 'bands sorted by from, each starting where the previous one ends';

/**
 * Checks that the bands cover every value exactly once: each is `from <= x < below`, they
 * are sorted, the first is open below, the last open above, and each starts where the
 * previous ends. A policy that contradicts itself is a ConfigError naming the rows, never a
 * silent first-match.
 */
export function checkBands(file: string, keyPath: string, value: unknown): OverheadBand[] {
  if (!Array.isArray(value) || value.length === 0)
    throw new ConfigError(file, keyPath, 'a non-empty list of bands {from?, below?, outcome}', value);
  const bands = value.map((item, index) => {
    const at = `${keyPath}[${index}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      throw new ConfigError(file, at, 'a band {from?, below?, outcome}', item);
    const band = checkValue(file, at, BAND_SPEC, item) as OverheadBand;
    if (band.outcome === undefined)
      throw new ConfigError(file, `${at}.outcome`, `one of ${BAND_OUTCOMES.join(', ')}`, undefined);
    if (band.from !== undefined && band.below !== undefined && !(band.from < band.below)) {
      throw new ConfigError(file, at, 'from < below', `from ${band.from}, below ${band.below}`);
    }
    return band;
  });
  const lower = (band: OverheadBand): number => band.from ?? Number.NEGATIVE_INFINITY;
  for (let i = 1; i < bands.length; i++) {
    if (lower(bands[i]!) < lower(bands[i - 1]!)) {
      throw new ConfigError(
        file,
        keyPath,
        CONTIGUOUS,
        `bands[${i}] (from ${show(lower(bands[i]!))}) is listed after bands[${i - 1}] (from ${show(lower(bands[i - 1]!))}): unsorted`,
      );
    }
  }
  const first = bands[0]!;
  const last = bands[bands.length - 1]!;
  if (first.from !== undefined) {
    throw new ConfigError(
      file,
      `${keyPath}[0].from`,
      'no lower bound: the first band must be open below so that every value has a band',
      first.from,
    );
  }
  if (last.below !== undefined) {
    throw new ConfigError(
      file,
      `${keyPath}[${bands.length - 1}].below`,
      'no upper bound: the last band must be open above so that every value has a band',
      last.below,
    );
  }
  for (let i = 1; i < bands.length; i++) {
    const previous = bands[i - 1]!;
    const band = bands[i]!;
    if (previous.below === undefined) {
      throw new ConfigError(
        file,
        `${keyPath}[${i - 1}].below`,
        `an upper bound (only the last band, bands[${bands.length - 1}], may be open above)`,
        undefined,
      );
    }
    if (band.from === undefined) {
      throw new ConfigError(
        file,
        `${keyPath}[${i}].from`,
        `a lower bound equal to bands[${i - 1}].below (${previous.below})`,
        undefined,
      );
    }
    if (band.from < previous.below) {
      const end = Math.min(previous.below, band.below ?? Number.POSITIVE_INFINITY);
      throw new ConfigError(
        file,
        keyPath,
        CONTIGUOUS,
        `bands[${i - 1}] and bands[${i}] overlap at ${band.from}..${end}`,
      );
    }
    if (band.from > previous.below) {
      throw new ConfigError(
        file,
        keyPath,
        CONTIGUOUS,
        `bands[${i - 1}] and bands[${i}] leave a gap at ${previous.below}..${band.from}`,
      );
    }
  }
  return bands;
}

function show(value: number): string {
  return Number.isFinite(value) ? String(value) : 'unbounded';
}
