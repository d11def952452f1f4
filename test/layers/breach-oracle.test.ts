import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  authorityEvidence,
  breachOracle,
  FILE_SPECIFIC_ORACLES,
  hostMarkerPath,
  type Observation,
} from '../../harness/layers/breach-oracle.ts';
import { LISTENER_ENDPOINTS } from '../../harness/layers/loopback-listeners.ts';
import { NOT_RUN_IN_LAYER1B } from '../../harness/layers/layer-matrix.ts';
import { listCorpus } from '../../harness/sandbox/validator/corpus.ts';

const malicious = listCorpus('malicious');
const byId = new Map(malicious.map((entry) => [entry.id, entry]));

function judge(id: string, observation: Partial<Omit<Observation, 'result'>> & { stdout?: string; value?: unknown }) {
  const entry = byId.get(`malicious/${id}`);
  if (!entry) throw new Error(`no corpus file ${id}`);
  const { stdout = '', value = [[1, 1]], ...rest } = observation;
  return breachOracle(entry).judge({ result: { status: 'ok', stdout, stderr: '', value }, ...rest });
}

describe('the breach oracle', () => {
  it('names only files that exist (a renamed file cannot silently fall back to the default)', () => {
    for (const id of [...FILE_SPECIFIC_ORACLES, ...Object.keys(NOT_RUN_IN_LAYER1B)])
      expect(byId.has(id), id).toBe(true);
  });

  it('the default never says failed: an ok without a file-specific oracle is never blocked', () => {
    const plain = malicious.filter((entry) => !FILE_SPECIFIC_ORACLES.includes(entry.id) && !hostMarkerPath(entry));
    expect(plain.length).toBeGreaterThan(0);
    for (const entry of plain) {
      for (const stdout of ['', 'null', 'error ENOENT', '1', 'undefined']) {
        expect(
          breachOracle(entry).judge({ result: { status: 'ok', stdout, stderr: '', value: [[0]] } }).verdict,
          entry.id,
        ).not.toBe('failed');
      }
    }
  });

  it('sees authority in what a strategy printed', () => {
    const seen = (stdout: string) => authorityEvidence({ status: 'ok', stdout, stderr: '', value: null });
    expect(seen('uid=1000 gid=1000\n')).toMatch(/^output of `id`/);
    expect(seen('{"PATH":"/usr/bin"}\n')).toMatch(/^environment variables/);
    expect(seen('path /usr/local/bin:/usr/bin\n')).toMatch(/^environment variables/);
    expect(seen('pid 1\n')).toMatch(/^a process id/);
    expect(seen('20.20.2\n')).toMatch(/^a Node version/);
    expect(seen('/tmp\n')).toMatch(/^an absolute path/);
    expect(seen('null\n')).toBeUndefined();
    expect(seen('')).toBeUndefined();
  });

  it('network attacks: the loopback listener decides; without one, the breach is unknown', () => {
    expect(judge('syscall-reach/udp-ipv6-loopback', { listenerHits: 1 }).verdict).toBe('breach');
    expect(judge('syscall-reach/udp-ipv6-loopback', { listenerHits: 0 })).toMatchObject({
      verdict: 'failed',
      cause: 'environment',
    });
    expect(judge('syscall-reach/udp-ipv6-loopback', {}).verdict).toBe('unknown');
    expect(judge('syscall-reach/fetch-loopback', { listenerHits: 2, stdout: 'fetch failed x' }).verdict).toBe('breach');
    expect(
      judge('syscall-reach/fetch-loopback', { listenerHits: 0, stdout: 'fetch failed fetch failed\n' }),
    ).toMatchObject({ verdict: 'failed', cause: 'environment' });
    expect(
      judge('syscall-reach/fetch-loopback', { listenerHits: 0, stdout: 'fetch failed fetch is not a function\n' }),
    ).toMatchObject({ verdict: 'failed', cause: 'runner' });
    expect(judge('syscall-reach/fetch-loopback', { listenerHits: 0, stdout: '' }).verdict).toBe('unknown');
  });

  it("swallowed errors: failed only with the attack's own evidence of failure", () => {
    expect(judge('syscall-reach/docker-socket', { stdout: 'error ENOENT\n' })).toMatchObject({
      verdict: 'failed',
      cause: 'environment',
    });
    expect(judge('syscall-reach/docker-socket', { stdout: 'HTTP/1.0 200 OK\r\n{"ApiVersion":"1.45"}' }).verdict).toBe(
      'breach',
    );
    expect(judge('syscall-reach/spawn-shell', { stdout: 'null\n' })).toMatchObject({
      verdict: 'failed',
      cause: 'environment',
    });
    expect(judge('syscall-reach/spawn-shell', { stdout: 'uid=1000(u) gid=1000(u)\n' }).verdict).toBe('breach');
    expect(judge('syscall-reach/process-binding-spawn', { stdout: 'null\n' }).verdict).toBe('failed');
    expect(judge('syscall-reach/process-binding-spawn', { stdout: '0\n' }).verdict).toBe('breach');
    expect(judge('engine-hooks-prototypes/prepare-stack-trace-host-frames', { stdout: 'null\n' })).toMatchObject({
      verdict: 'failed',
      cause: 'runner',
    });
    expect(judge('engine-hooks-prototypes/prepare-stack-trace-host-frames', { stdout: '4242\n' }).verdict).toBe(
      'breach',
    );
    expect(judge('engine-hooks-prototypes/proxy-apply-host-arguments', { stdout: 'breach\n' }).verdict).toBe('breach');
    expect(judge('engine-hooks-prototypes/proxy-apply-host-arguments', { stdout: '{}\n' }).verdict).toBe('failed');
  });

  it('hooks that must survive JSON: failed only when the value shows they did not', () => {
    const emptyObjects = [[{}, {}, {}]];
    expect(judge('engine-hooks-prototypes/symbol-to-primitive-weights', { value: emptyObjects })).toMatchObject({
      verdict: 'failed',
      cause: 'runner',
    });
    expect(judge('engine-hooks-prototypes/symbol-to-primitive-weights', { value: [[1, -1, 1]] }).verdict).toBe(
      'unknown',
    );
    expect(judge('lying-to-harness/valueof-shifting-weights', { value: emptyObjects }).verdict).toBe('failed');
    expect(judge('lying-to-harness/tostring-tag-fake-array', { value: { 0: [1], length: 1 } }).verdict).toBe('failed');
    expect(judge('lying-to-harness/tostring-tag-fake-array', { value: [[1]] }).verdict).toBe('unknown');
    expect(judge('engine-hooks-prototypes/array-species-hijack', { stdout: '' }).verdict).toBe('failed');
    expect(
      judge('engine-hooks-prototypes/array-species-hijack', { stdout: 'species constructor called with 1 args\n' })
        .verdict,
    ).toBe('breach');
  });

  it('lies that reach the value are breaches', () => {
    expect(judge('lying-to-harness/tojson-lies', { value: [[1, -1, 1]] }).verdict).toBe('breach');
    expect(judge('lying-to-harness/tojson-lies', { value: [[0.5, 0.5]] }).verdict).toBe('failed');
    expect(judge('lying-to-harness/thenable-result', { stdout: 'host handed us function function\n' }).verdict).toBe(
      'breach',
    );
    expect(judge('lying-to-harness/return-proxy', { value: [[1, 1]] }).verdict).toBe('breach');
    expect(judge('lying-to-harness/object-prototype-tojson', { value: { status: 'ok', sharpe: 9.9 } }).verdict).toBe(
      'breach',
    );
    expect(
      judge('lying-to-harness/override-json-stringify', { value: { 0: [1], status: 'ok', forged: true } }).verdict,
    ).toBe('breach');
    expect(judge('lying-to-harness/forge-result-frame-stdout', { value: [[-1, -1]] }).verdict).toBe('failed');
    expect(judge('lying-to-harness/forge-result-frame-stdout', { value: [[1]] }).verdict).toBe('breach');
  });

  it('breaches that cannot be observed here are unknown, never failed', () => {
    expect(judge('engine-hooks-prototypes/debugger-statement', {}).verdict).toBe('unknown');
    expect(judge('engine-hooks-prototypes/stack-trace-limit-dos', {}).verdict).toBe('unknown');
    expect(judge('syscall-reach/worker-thread-eval', { stdout: '' }).verdict).toBe('unknown');
  });

  it('host markers: a written marker is a breach; an unwritten one, or one not observable, is unknown', () => {
    expect(hostMarkerPath(byId.get('malicious/syscall-reach/write-tmp-marker')!)).toBe('/tmp/sandbox-gate-breach-tmp');
    expect(judge('syscall-reach/write-tmp-marker', { hostMarkerWritten: true }).verdict).toBe('breach');
    expect(judge('syscall-reach/write-tmp-marker', { hostMarkerWritten: false }).verdict).toBe('unknown');
    expect(judge('syscall-reach/write-tmp-marker', {}).verdict).toBe('unknown');
  });

  it('decodes environment smuggled through the weights', () => {
    const secret = '{"PATH":"/bin"}';
    const weights = [[...secret].map((c) => c.charCodeAt(0) / 1000).concat([0, 0])];
    const judgement = judge('syscall-reach/read-process-env', { value: weights });
    expect(judgement.verdict).toBe('breach');
    expect(judgement.evidence).toContain('PATH');
    expect(
      judge('syscall-reach/read-process-env', { value: [['{', '}'].map((c) => c.charCodeAt(0) / 1000)] }).verdict,
    ).toBe('unknown');
  });

  it("the network attacks aim at exactly the listeners' loopback endpoints", () => {
    const aims: Record<string, keyof typeof LISTENER_ENDPOINTS> = {
      'malicious/syscall-reach/net-connect-loopback': 'tcp',
      'malicious/syscall-reach/fetch-loopback': 'http',
      'malicious/syscall-reach/udp-ipv6-loopback': 'udp',
    };
    for (const [id, protocol] of Object.entries(aims)) {
      const entry = byId.get(id)!;
      expect(breachOracle(entry).listener, id).toBe(protocol);
      const { host, port } = LISTENER_ENDPOINTS[protocol];
      const source = readFileSync(entry.file, 'utf8');
      expect(source, id).toContain(String(port));
      expect(source, id).toContain(host);
    }
    for (const { host } of Object.values(LISTENER_ENDPOINTS)) expect(['127.0.0.1', '::1']).toContain(host);
  });
});
