import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockingLayers, catchRates, matrixFindings, perGroupCatchRates } from '../../harness/layers/catch-rates.ts';
import { markerStamp, markerWritten } from '../../harness/layers/host-marker.ts';
import { DEFAULT_MATRIX_LIMITS, matrixConfig } from '../../harness/layers/matrix-config.ts';
import { DEFAULT_SANDBOX_CONFIG } from '../../harness/config/sandbox-config.ts';
import type { LayerMatrixRow, LayerOutcome } from '../../harness/results/results-types.ts';

const blocked = (status = 'error'): LayerOutcome => ({ blocked: true, status });
const through = (status = 'ok'): LayerOutcome => ({ blocked: false, status, detail: 'completed' });

function row(
  id: string,
  group: string,
  l1: boolean,
  l1b: boolean,
  container: boolean,
  all: LayerOutcome,
): LayerMatrixRow {
  return {
    id: `malicious/${group}/${id}`,
    group,
    layer1: l1 ? blocked('rejected') : through('clean'),
    layer1b: l1b ? blocked() : through(),
    container: container ? blocked() : through(),
    all,
  };
}

const rows: LayerMatrixRow[] = [
  row('a', 'syscall-reach', true, true, true, blocked('rejected')),
  row('b', 'syscall-reach', true, true, false, blocked('rejected')),
  row('c', 'lying-to-harness', true, false, false, blocked('rejected')),
  row('d', 'lying-to-harness', false, false, false, through()),
  row('e', 'resource-abuse', false, true, true, blocked('timeout')),
  row('f', 'resource-abuse', false, false, true, blocked('error')),
];

describe('catch rates', () => {
  it('are blocked / files per column, over every row', () => {
    expect(catchRates(rows)).toEqual({ layer1: 3 / 6, layer1b: 3 / 6, container: 3 / 6, all: 5 / 6 });
    expect(catchRates([])).toEqual({ layer1: 0, layer1b: 0, container: 0, all: 0 });
  });

  it('per group, with counts, groups in order of appearance', () => {
    const groups = perGroupCatchRates(rows);
    expect(groups.map((g) => g.group)).toEqual(['syscall-reach', 'lying-to-harness', 'resource-abuse']);
    expect(groups[0]).toEqual({
      group: 'syscall-reach',
      files: 2,
      blocked: { layer1: 2, layer1b: 2, container: 1, all: 2 },
      rates: { layer1: 1, layer1b: 1, container: 0.5, all: 1 },
    });
    expect(groups[2]!.blocked).toEqual({ layer1: 0, layer1b: 1, container: 2, all: 2 });
  });

  it('the groups add up to the whole', () => {
    const groups = perGroupCatchRates(rows);
    expect(groups.reduce((sum, g) => sum + g.files, 0)).toBe(rows.length);
    expect(groups.reduce((sum, g) => sum + g.blocked.container, 0) / rows.length).toBe(catchRates(rows).container);
  });
});

describe('findings', () => {
  it('lists the files through all layers, the escapes blocked by fewer than two layers, and resource abuse without its own status', () => {
    const findings = matrixFindings(rows);
    expect(findings.throughAllLayers.map((f) => f.id)).toEqual(['malicious/lying-to-harness/d']);
    expect(findings.fewerThanTwoLayers.map((f) => [f.id, f.blockedBy])).toEqual([
      ['malicious/lying-to-harness/c', ['layer1']],
      ['malicious/lying-to-harness/d', []],
    ]);
    // Resource abuse is judged by the limits, not by the two-layer goal.
    expect(findings.fewerThanTwoLayers.some((f) => f.group === 'resource-abuse')).toBe(false);
    expect(findings.resourceWithoutOwnStatus.map((f) => f.id)).toEqual(['malicious/resource-abuse/f']);
    expect(findings.throughAllLayers[0]!.why.all).toBe('NOT blocked (ok): completed');
  });

  it('blockingLayers counts the independent layers only, never `all`', () => {
    expect(blockingLayers(rows[0]!)).toEqual(['layer1', 'layer1b', 'container']);
    expect(blockingLayers(rows[3]!)).toEqual([]);
  });
});

describe('matrix configuration', () => {
  it('shortens the timeout and the memory limit and changes nothing else', () => {
    const config = matrixConfig(DEFAULT_SANDBOX_CONFIG);
    expect(config.docker.timeoutMs).toBe(DEFAULT_MATRIX_LIMITS.timeoutMs);
    expect(config.docker.memoryBytes).toBe(256 * 1024 ** 2);
    expect({ ...config, docker: { ...config.docker, timeoutMs: 0, memoryBytes: 0 } }).toEqual({
      ...DEFAULT_SANDBOX_CONFIG,
      docker: { ...DEFAULT_SANDBOX_CONFIG.docker, timeoutMs: 0, memoryBytes: 0 },
    });
    expect(DEFAULT_SANDBOX_CONFIG.docker.timeoutMs).toBe(300_000);
  });

  it('refuses impossible limits, naming the option', () => {
    expect(() => matrixConfig(DEFAULT_SANDBOX_CONFIG, { timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => matrixConfig(DEFAULT_SANDBOX_CONFIG, { memoryBytes: -1 })).toThrow(/memoryBytes/);
  });
});

describe('host markers', () => {
  it('a marker created or rewritten between two stamps is written; an untouched or absent one is not', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-gate-layers-'));
    try {
      const file = path.join(dir, 'marker');
      const absent = markerStamp(file);
      expect(absent).toBe('absent');
      writeFileSync(file, 'x');
      const first = markerStamp(file);
      expect(markerWritten(absent, first)).toBe(true);
      expect(markerWritten(first, markerStamp(file))).toBe(false);
      writeFileSync(file, 'xy');
      expect(markerWritten(first, markerStamp(file))).toBe(true);
      expect(markerWritten('absent', 'absent')).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
