// Issue 3, part 4: the layer matrix. Every malicious file under layer 1 alone, layer 1b alone,
// the container alone and all layers together; the semantics are in harness/layers/README.md.
// The matrix is computed once, recorded for results.json (task.meta.layerMatrix, collected by
// harness/phases/run-phases.ts), and the goals are asserted on it as they are: a failing goal
// is a finding, listed with each column's detail, never a reason to loosen the goal.
import { describe, expect } from 'vitest';
import { blockingLayers, catchRates, matrixFindings, perGroupCatchRates } from '../../harness/layers/catch-rates.ts';
import { LIMIT_STATUSES, RESOURCE_GROUP } from '../../harness/layers/classify-outcome.ts';
import { computeLayerMatrix, NOT_RUN_IN_LAYER1B } from '../../harness/layers/layer-matrix.ts';
import { DEFAULT_MATRIX_LIMITS } from '../../harness/layers/matrix-config.ts';
import type { LayerMatrix } from '../../harness/results/results-types.ts';
import { currentSessionId } from '../../harness/sandbox/docker/labels.ts';
import { listManagedContainers } from '../../harness/sandbox/docker/sweeper.ts';
import { listCorpus } from '../../harness/sandbox/validator/corpus.ts';
import { dockerTest } from '../support/docker-test.ts';
import { CONFIG_FILE, shippedConfig } from '../support/shipped-config.ts';

/** Generous: about 70 s when the machine is quiet (7 files wait out a 5 s timeout in three columns). */
const MATRIX_TIMEOUT_MS = 900_000;

describe('layer matrix: each layer alone and all together, on the whole malicious corpus', () => {
  const malicious = listCorpus('malicious');
  let matrix: LayerMatrix;
  let durationMs = 0;
  let leftContainers: string[] = [];

  dockerTest.beforeAll(async ({ engine }) => {
    const started = performance.now();
    matrix = await computeLayerMatrix({ config: await shippedConfig(), docker: engine.docker });
    durationMs = performance.now() - started;
    // Executors remove each container after its run; nothing of this session may be left.
    leftContainers = (await listManagedContainers(engine.docker, currentSessionId())).map(
      (c) => `${c.Id.slice(0, 12)} ${c.State}`,
    );
  }, MATRIX_TIMEOUT_MS);

  dockerTest(
    'records the matrix: every malicious file, four columns, catch rates that agree with the rows',
    ({ task }) => {
      // The gate adds testIds: the id it gives this test (harness/phases/run-phases.ts).
      task.meta.layerMatrix = matrix;
      const findings = matrixFindings(matrix.files);
      task.meta.evidence = {
        catchRates: matrix.catchRates,
        perGroup: perGroupCatchRates(matrix.files).map(({ group, files, blocked, rates }) => ({
          group,
          files,
          blocked,
          rates,
        })),
        files: matrix.files.length,
        config: {
          file: CONFIG_FILE,
          ...DEFAULT_MATRIX_LIMITS,
          note: 'the shipped config with a 5 s timeout and a 256 MiB memory limit in every column',
        },
        notRunInLayer1b: Object.keys(NOT_RUN_IN_LAYER1B),
        layer1bShapeRefusals: matrix.files
          .filter((row) => row.layer1b.detail?.startsWith('shape:'))
          .map((row) => row.id),
        throughAllLayers: findings.throughAllLayers.map((f) => f.id),
        fewerThanTwoLayers: findings.fewerThanTwoLayers.map((f) => ({ id: f.id, blockedBy: f.blockedBy })),
        durationMs: Math.round(durationMs),
      };
      expect(matrix.files.map((row) => row.id)).toEqual(malicious.map((entry) => entry.id));
      expect(matrix.files.map((row) => row.group)).toEqual(malicious.map((entry) => entry.group));
      expect(matrix.catchRates).toEqual(catchRates(matrix.files));
      // Layer 1 alone is the validator: it must agree with the corpus's own expectation (every
      // escape caught). Resource abuse may pass it.
      const missed = matrix.files
        .filter((row) => row.group !== RESOURCE_GROUP && !row.layer1.blocked)
        .map((row) => row.id);
      expect(missed, 'escape attempts layer 1 validated clean').toEqual([]);
    },
  );

  dockerTest('no malicious file gets through all layers', () => {
    const through = matrixFindings(matrix.files).throughAllLayers;
    expect(
      through.map((f) => ({ id: f.id, all: f.why.all })),
      'files not blocked by all layers together',
    ).toEqual([]);
  });

  dockerTest(
    'every escape attempt with an observable breach is stopped by at least two of layer 1, layer 1b and the container',
    ({ task }) => {
      const fewer = matrixFindings(matrix.files).fewerThanTwoLayers;
      task.meta.evidence = {
        escapeFiles: matrix.files.filter((row) => row.group !== RESOURCE_GROUP).length,
        byLayerCount: Object.fromEntries(
          [0, 1, 2, 3].map((n) => [
            n,
            matrix.files.filter((row) => row.group !== RESOURCE_GROUP && blockingLayers(row).length === n).length,
          ]),
        ),
        fewerThanTwoLayers: fewer,
      };
      // A breach no configuration can show (an inspector that is never attached, host errors after
      // the run) cannot be scored as blocked or not by a runtime layer; those files are listed by
      // id, so a new one needs a decision, and every other escape must meet the goal.
      const unobservable = (f: (typeof fewer)[number]) => /not observable/.test(`${f.why.layer1b} ${f.why.container}`);
      expect(
        fewer
          .filter(unobservable)
          .map((f) => f.id)
          .sort(),
        'escape attempts whose breach no layer can observe',
      ).toEqual([
        'malicious/engine-hooks-prototypes/debugger-statement',
        'malicious/engine-hooks-prototypes/stack-trace-limit-dos',
      ]);
      expect(
        fewer
          .filter((f) => !unobservable(f))
          .map((f) => ({ id: f.id, blockedBy: f.blockedBy, layer1b: f.why.layer1b, container: f.why.container })),
        'escape attempts blocked by fewer than two independent layers',
      ).toEqual([]);
    },
  );

  dockerTest('resource abuse is stopped by the limits, with its own status, under all layers', ({ task }) => {
    const abuse = matrix.files.filter((row) => row.group === RESOURCE_GROUP);
    task.meta.evidence = {
      statuses: Object.fromEntries(
        abuse.map((row) => [
          row.id,
          { layer1b: row.layer1b.status, container: row.container.status, all: row.all.status },
        ]),
      ),
    };
    expect(abuse.length).toBeGreaterThan(0);
    const notOwn = abuse
      .filter((row) => !LIMIT_STATUSES.has(row.all.status))
      .map((row) => ({ id: row.id, all: row.all }));
    expect(notOwn, 'resource abuse that did not end with timeout, oom or output-limit').toEqual([]);
    // The container's limits alone stop every one of them too.
    expect(
      abuse.filter((row) => !row.container.blocked).map((row) => ({ id: row.id, container: row.container })),
    ).toEqual([]);
  });

  dockerTest('no container is left behind by the matrix', () => {
    expect(leftContainers).toEqual([]);
  });
});
