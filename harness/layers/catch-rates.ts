import type { CatchRates, LayerMatrixRow } from '../results/results-types.ts';
import { LIMIT_STATUSES, RESOURCE_GROUP } from './classify-outcome.ts';

export type MatrixColumn = keyof CatchRates;

/** The columns in the order the matrix shows them. */
export const MATRIX_COLUMNS: readonly MatrixColumn[] = Object.freeze([
  'layer1',
  'layer1b',
  'container',
  'all',
] as const);

/** The independent layers the "at least two" goal counts (`all` is their combination). */
export const INDEPENDENT_LAYERS = Object.freeze(['layer1', 'layer1b', 'container'] as const);
export type IndependentLayer = (typeof INDEPENDENT_LAYERS)[number];

/** Blocked files per column, as counts. */
export type BlockedCounts = Record<MatrixColumn, number>;

function count(rows: readonly LayerMatrixRow[]): BlockedCounts {
  const counts: BlockedCounts = { layer1: 0, layer1b: 0, container: 0, all: 0 };
  for (const row of rows) for (const column of MATRIX_COLUMNS) if (row[column].blocked) counts[column] += 1;
  return counts;
}

function rates(counts: BlockedCounts, files: number): CatchRates {
  const rate = (blocked: number) => (files ? blocked / files : 0);
  return {
    layer1: rate(counts.layer1),
    layer1b: rate(counts.layer1b),
    container: rate(counts.container),
    all: rate(counts.all),
  };
}

/** blocked / files per column, over every row (0 for an empty matrix). */
export function catchRates(rows: readonly LayerMatrixRow[]): CatchRates {
  return rates(count(rows), rows.length);
}

export interface GroupCatchRates {
  group: string;
  files: number;
  blocked: BlockedCounts;
  rates: CatchRates;
}

/** The same, per corpus group, groups in the order they first appear. */
export function perGroupCatchRates(rows: readonly LayerMatrixRow[]): GroupCatchRates[] {
  const groups: string[] = [];
  for (const row of rows) if (!groups.includes(row.group)) groups.push(row.group);
  return groups.map((group) => {
    const members = rows.filter((row) => row.group === group);
    const blocked = count(members);
    return { group, files: members.length, blocked, rates: rates(blocked, members.length) };
  });
}

/** The independent layers that blocked a file. */
export function blockingLayers(row: LayerMatrixRow): IndependentLayer[] {
  return INDEPENDENT_LAYERS.filter((layer) => row[layer].blocked);
}

export interface MatrixFinding {
  id: string;
  group: string;
  /** The independent layers that blocked it. */
  blockedBy: IndependentLayer[];
  /** Each layer's status and detail, for the report. */
  why: Record<MatrixColumn, string>;
}

export interface MatrixFindings {
  /** Malicious files that got through all layers together (`all` not blocked). */
  throughAllLayers: MatrixFinding[];
  /** Escape attempts (every group but resource abuse) blocked by fewer than two independent layers. */
  fewerThanTwoLayers: MatrixFinding[];
  /** Resource abuse that did not end, under all layers, with a limit's own status. */
  resourceWithoutOwnStatus: MatrixFinding[];
}

function finding(row: LayerMatrixRow): MatrixFinding {
  const why = Object.fromEntries(
    MATRIX_COLUMNS.map((column) => [
      column,
      `${row[column].blocked ? 'blocked' : 'NOT blocked'} (${row[column].status})${row[column].detail ? `: ${row[column].detail}` : ''}`,
    ]),
  ) as Record<MatrixColumn, string>;
  return { id: row.id, group: row.group, blockedBy: blockingLayers(row), why };
}

/** The rows that fail the matrix's goals (harness/layers/README.md, "Goals"). */
export function matrixFindings(rows: readonly LayerMatrixRow[]): MatrixFindings {
  return {
    throughAllLayers: rows.filter((row) => !row.all.blocked).map(finding),
    fewerThanTwoLayers: rows
      .filter((row) => row.group !== RESOURCE_GROUP && blockingLayers(row).length < 2)
      .map(finding),
    resourceWithoutOwnStatus: rows
      .filter((row) => row.group === RESOURCE_GROUP && !LIMIT_STATUSES.has(row.all.status))
      .map(finding),
  };
}
