import { describe, expect, it } from 'vitest';
import type { BreachJudgement } from '../../harness/layers/breach-oracle.ts';
import {
  allLayersOutcome,
  containerDenial,
  containerOutcome,
  layer1bOutcome,
  layer1Outcome,
  limitStop,
  notRunOutcome,
  type ColumnObservation,
} from '../../harness/layers/classify-outcome.ts';
import { emptyResult, type ExecutionResult, type ExecutionStatus } from '../../harness/sandbox/execution-result.ts';

/** A result as an executor returns it; fields not given keep their empty values. */
function result(status: ExecutionStatus, fields: Partial<ExecutionResult> = {}): ExecutionResult {
  return { ...emptyResult('local'), status, ...fields };
}

const breach: BreachJudgement = { verdict: 'breach', evidence: 'printed a process id: "1"' };
const unknown: BreachJudgement = { verdict: 'unknown', evidence: 'completed; stdout ""' };
const failedInRunner: BreachJudgement = { verdict: 'failed', evidence: 'the hook never ran', cause: 'runner' };
const failedInEnvironment: BreachJudgement = {
  verdict: 'failed',
  evidence: 'the connection failed with ENOENT',
  cause: 'environment',
};

const escape = (fields: Omit<ColumnObservation, 'group'>): ColumnObservation => ({ group: 'syscall-reach', ...fields });
const abuse = (fields: Omit<ColumnObservation, 'group'>): ColumnObservation => ({ group: 'resource-abuse', ...fields });

const threw = (message: string) => result('error', { message: `the strategy threw: ${message}` });
const shape = result('error', { message: 'line 7: a strategy cannot import or re-export modules' });

describe('layer 1 alone', () => {
  it('is blocked by any violation, with the distinct rule ids (at most three) as the detail', () => {
    const violation = (rule: string) => ({ rule, message: '', line: 1, column: 1 });
    expect(layer1Outcome({ ok: true, violations: [] })).toEqual({ blocked: false, status: 'clean' });
    expect(
      layer1Outcome({
        ok: false,
        violations: [violation('ambient/process'), violation('ambient/process'), violation('module/dynamic-import')],
      }),
    ).toEqual({
      blocked: true,
      status: 'rejected',
      detail: 'ambient/process, module/dynamic-import',
    });
    const four = ['a/1', 'a/2', 'a/3', 'a/4'].map(violation);
    expect(layer1Outcome({ ok: false, violations: four }).detail).toBe('a/1, a/2, a/3 (+1 more)');
  });
});

describe('layer 1b alone', () => {
  it('blocks every end that is not ok, with the message as the detail', () => {
    const outcome = layer1bOutcome(
      escape({
        ran: true,
        result: threw("TypeError: Cannot read properties of undefined (reading 'getBuiltinModule')"),
      }),
    );
    expect(outcome).toMatchObject({ blocked: true, status: 'error' });
    expect(outcome.detail).toContain('getBuiltinModule');
    expect(layer1bOutcome(escape({ ran: true, result: result('timeout', { message: 'killed' }) }))).toMatchObject({
      blocked: true,
      status: 'timeout',
    });
  });

  it('counts a job refused before running, and says it was the shape', () => {
    const outcome = layer1bOutcome(escape({ ran: false, result: shape }));
    expect(outcome.blocked).toBe(true);
    expect(outcome.detail).toMatch(/^shape: refused before running/);
  });

  it('judges an ok by the oracle: only a failed technique is blocked; a breach and an unknown are not', () => {
    expect(layer1bOutcome(escape({ ran: true, result: result('ok'), judgement: failedInRunner }))).toMatchObject({
      blocked: true,
      status: 'ok',
    });
    expect(layer1bOutcome(escape({ ran: true, result: result('ok'), judgement: failedInEnvironment })).blocked).toBe(
      true,
    );
    expect(layer1bOutcome(escape({ ran: true, result: result('ok'), judgement: breach }))).toMatchObject({
      blocked: false,
      status: 'ok',
      detail: 'breach: printed a process id: "1"',
    });
    const ambiguous = layer1bOutcome(escape({ ran: true, result: result('ok'), judgement: unknown }));
    expect(ambiguous.blocked).toBe(false);
    expect(ambiguous.detail).toContain('ambiguous');
  });

  it('never counts an infrastructure error as blocked (it is what a lying file wants)', () => {
    expect(layer1bOutcome(escape({ ran: true, result: result('infra-error', { message: 'daemon' }) })).blocked).toBe(
      false,
    );
  });

  it('refuses to judge an ok without the oracle', () => {
    expect(() => layer1bOutcome(escape({ ran: true, result: result('ok') }))).toThrow(/oracle/);
  });
});

describe('the container alone', () => {
  it('blocks operating-system denials, and says which', () => {
    const passwd = containerOutcome(
      escape({ ran: true, result: threw("Error: EACCES: permission denied, open '/etc/passwd'") }),
    );
    expect(passwd).toMatchObject({ blocked: true, status: 'error' });
    expect(passwd.detail).toMatch(/^denied inside the container: .*EACCES/);
    const bind = containerOutcome(
      escape({
        ran: true,
        result: result('error', {
          message: 'the runner ended (exit code 1) without a result',
          stderr: 'node:events:502\n      throw er;\nError: bind EPERM ::\n',
        }),
      }),
    );
    expect(bind).toMatchObject({ blocked: true });
    expect(bind.detail).toContain('bind EPERM');
    expect(containerOutcome(escape({ ran: true, result: threw('Error: spawnSync /bin/sh ENOENT') })).blocked).toBe(
      true,
    );
  });

  it('does not count failures the container has nothing to do with', () => {
    const require = containerOutcome(escape({ ran: true, result: threw('ReferenceError: require is not defined') }));
    expect(require).toMatchObject({ blocked: false, status: 'error' });
    expect(require.detail).toMatch(/^failed in the runner, not stopped by the container/);
    const forged = result('error', {
      message: 'the return value is not JSON-serializable: Error: connect ECONNREFUSED /var/run/docker.sock',
    });
    expect(containerOutcome(escape({ ran: true, result: forged })).blocked).toBe(false);
  });

  it('does not count a job that never reached a container', () => {
    const outcome = containerOutcome(escape({ ran: false, result: shape }));
    expect(outcome.blocked).toBe(false);
    expect(outcome.detail).toMatch(/^never reached the container/);
  });

  it('an ok is contained, not blocked, unless the technique failed in the environment', () => {
    const contained = containerOutcome(escape({ ran: true, result: result('ok'), judgement: breach }));
    expect(contained).toMatchObject({ blocked: false, status: 'ok' });
    expect(contained.detail).toMatch(/^completed inside the container/);
    expect(containerOutcome(escape({ ran: true, result: result('ok'), judgement: unknown })).blocked).toBe(false);
    expect(containerOutcome(escape({ ran: true, result: result('ok'), judgement: failedInRunner })).blocked).toBe(
      false,
    );
    const swallowed = containerOutcome(escape({ ran: true, result: result('ok'), judgement: failedInEnvironment }));
    expect(swallowed).toMatchObject({ blocked: true, status: 'ok' });
    expect(swallowed.detail).toContain('the container stopped the technique');
  });

  it('blocks an escape stopped by a limit', () => {
    expect(containerOutcome(escape({ ran: true, result: result('oom', { message: 'cgroup' }) }))).toMatchObject({
      blocked: true,
      status: 'oom',
    });
  });
});

describe('all layers', () => {
  it('blocks a rejection, with the rules', () => {
    const outcome = allLayersOutcome({
      ...escape({ ran: true, result: result('rejected', { message: 'layer 1 rejected the strategy' }) }),
      rules: 'ambient/process',
    });
    expect(outcome).toEqual({ blocked: true, status: 'rejected', detail: 'layer 1: ambient/process' });
  });

  it('blocks a non-ok end, judges an ok by the oracle, never blocks an infrastructure error', () => {
    expect(allLayersOutcome(escape({ ran: true, result: threw('TypeError: x') })).blocked).toBe(true);
    expect(allLayersOutcome(escape({ ran: true, result: result('ok'), judgement: failedInRunner })).blocked).toBe(true);
    expect(allLayersOutcome(escape({ ran: true, result: result('ok'), judgement: breach })).blocked).toBe(false);
    expect(allLayersOutcome(escape({ ran: true, result: result('ok'), judgement: unknown })).blocked).toBe(false);
    expect(allLayersOutcome(escape({ ran: true, result: result('infra-error') })).blocked).toBe(false);
  });
});

describe('resource abuse', () => {
  it('is blocked in every runtime column by a limit, and only by a limit', () => {
    for (const classify of [layer1bOutcome, containerOutcome, allLayersOutcome]) {
      for (const status of ['timeout', 'oom', 'output-limit'] as const) {
        expect(classify(abuse({ ran: true, result: result(status, { message: 'stopped' }) }))).toMatchObject({
          blocked: true,
          status,
        });
      }
      expect(classify(abuse({ ran: true, result: result('ok') }))).toMatchObject({
        blocked: false,
        status: 'ok',
        detail: 'completed within the limits',
      });
      // A plain error is not a limit: the strategy failing on its own does not show that anything stopped it.
      expect(classify(abuse({ ran: true, result: threw('TypeError: x') })).blocked).toBe(false);
    }
  });

  it('counts an allocation the engine refused (RangeError) as stopped', () => {
    const refused = threw('RangeError: Array buffer allocation failed');
    expect(limitStop(refused)).toBe('the engine refused the allocation (RangeError: Array buffer allocation failed)');
    expect(layer1bOutcome(abuse({ ran: true, result: refused }))).toMatchObject({ blocked: true, status: 'error' });
    expect(limitStop(threw('RangeError: Maximum call stack size exceeded'))).toBeUndefined();
  });

  it('is blocked under all layers by a rejection too', () => {
    expect(allLayersOutcome(abuse({ ran: true, result: result('rejected') })).blocked).toBe(true);
  });
});

describe('helpers', () => {
  it('containerDenial reads the first line with an errno, from the message then stderr', () => {
    expect(
      containerDenial(
        result('error', {
          message: 'the runner ended',
          stderr: "a\nError: EROFS: read-only file system, open '/x'\nb",
        }),
      ),
    ).toBe("Error: EROFS: read-only file system, open '/x'");
    expect(containerDenial(threw('TypeError: x is not a function'))).toBeUndefined();
  });

  it('a column not run is never blocked', () => {
    expect(notRunOutcome('unsafe on the host')).toEqual({
      blocked: false,
      status: 'not-run',
      detail: 'unsafe on the host',
    });
  });

  it('details are one line and bounded', () => {
    const outcome = layer1bOutcome(escape({ ran: true, result: threw(`Error:\n${'x'.repeat(1000)}`) }));
    expect(outcome.detail).not.toContain('\n');
    expect(outcome.detail!.length).toBeLessThanOrEqual(240);
  });
});
