import type { ExecutionResult } from '../sandbox/execution-result.ts';
import type { CorpusEntry } from '../sandbox/validator/corpus.ts';
import type { ListenerProtocol } from './loopback-listeners.ts';

/**
 * What the breach oracle reads about one execution that ended `ok`: the result, and what the
 * host saw while it ran. `undefined` means "not observed" (no listener could start, or the
 * column cannot see the file: a container's /tmp is its own).
 */
export interface Observation {
  result: Pick<ExecutionResult, 'status' | 'stdout' | 'stderr' | 'value' | 'message'>;
  /** Requests, connections or datagrams the loopback listener of this file's protocol received during the run. */
  listenerHits?: number;
  /** Whether the host marker file the header names was created or modified during the run. */
  hostMarkerWritten?: boolean;
}

/**
 * - `breach`: the observable the header's `@breach` names is there (for a container: inside it).
 * - `failed`: mechanical evidence that the technique did not work although the strategy completed
 *   (it swallowed the error, or what it planted never reached anything); `cause` says where it
 *   failed: `environment` (the OS, the network, the image: what a container controls) or
 *   `runner` (the runner's own design: strict script evaluation, JSON across the process
 *   boundary, the nonce-framed result, its console).
 * - `unknown`: the breach is not observable from here; counted as NOT blocked.
 */
export type BreachVerdict = 'breach' | 'failed' | 'unknown';

export interface BreachJudgement {
  verdict: BreachVerdict;
  evidence: string;
  cause?: 'environment' | 'runner';
}

type Judge = (observation: Observation) => BreachJudgement;

/** A file's oracle: how it is judged, and which host-side observation it needs. */
export interface BreachOracle {
  judge: Judge;
  /** The loopback listener whose hits are the file's breach. */
  listener?: ListenerProtocol;
  /** The host marker file whose creation is the file's breach (from the `@breach` line). */
  hostMarker?: string;
}

const MAX_EVIDENCE_CHARS = 160;

const breach = (evidence: string): BreachJudgement => ({ verdict: 'breach', evidence: clip(evidence) });
const failed = (evidence: string, cause: 'environment' | 'runner'): BreachJudgement => ({
  verdict: 'failed',
  evidence: clip(evidence),
  cause,
});
const unknown = (evidence: string): BreachJudgement => ({ verdict: 'unknown', evidence: clip(evidence) });

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_EVIDENCE_CHARS ? `${flat.slice(0, MAX_EVIDENCE_CHARS - 1)}…` : flat;
}

function quoted(text: string): string {
  return JSON.stringify(clip(text));
}

/** Every weight of a `weights[t][d]` value is an object with no own keys: what JSON leaves of a hook. */
function onlyEmptyObjects(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (row) =>
        Array.isArray(row) &&
        row.length > 0 &&
        row.every((w) => w !== null && typeof w === 'object' && !Array.isArray(w) && Object.keys(w).length === 0),
    )
  );
}

function weightsEvery(value: unknown, test: (w: unknown) => boolean): boolean {
  return Array.isArray(value) && value.length > 0 && value.every((row) => Array.isArray(row) && row.every(test));
}

/**
 * Authority seen in what a strategy printed or returned: a process id, environment variables,
 * the output of `id`, a Node version, an absolute path, a hostname-like token. Used only to word
 * the detail of an `ok` that has no file-specific oracle; such a result is not blocked either way.
 */
export function authorityEvidence(result: Observation['result']): string | undefined {
  const out = result.stdout;
  const patterns: Array<[RegExp, string]> = [
    [/uid=\d+\S*/, 'output of `id`'],
    [/"?(PATH|HOME|HOSTNAME)"?[=:]"?[^\s",]+|^path \/\S+/im, 'environment variables'],
    [/^(?:pid )?\d+$/m, 'a process id or count'],
    [/^v?\d+\.\d+\.\d+$/m, 'a Node version'],
    [/^\/[\w./-]*$/m, 'an absolute path'],
    [/^(?!null$|undefined$)[\w.,-]{1,64}$/m, 'a host name or a listing'],
  ];
  for (const [pattern, what] of patterns) {
    const match = pattern.exec(out);
    if (match) return `${what}: ${quoted(match[0])}`;
  }
  const value = JSON.stringify(result.value) ?? '';
  if (/"PATH"|"HOME"|"forged":true|"sharpe":9\.9/.test(value)) return `the value carries ${quoted(value.slice(0, 80))}`;
  return undefined;
}

/** The default oracle: an `ok` is a breach when it shows authority, otherwise unknown. */
const defaultJudge: Judge = ({ result }) => {
  const evidence = authorityEvidence(result);
  return evidence ? breach(evidence) : unknown(`completed; stdout ${quoted(result.stdout.slice(0, 80))}`);
};

/** A marker file the host can see: the breach is the file, whatever the strategy printed. */
const markerJudge: Judge = (observation) => {
  if (observation.hostMarkerWritten) return breach('the marker file appeared on the host');
  if (observation.hostMarkerWritten === false) {
    const evidence = authorityEvidence(observation.result);
    return unknown(`completed; no marker on the host${evidence ? `; ${evidence}` : ''}`);
  }
  return unknown(
    "completed; where it ran, /tmp is not the host's (a container's own tmpfs), so the marker is not observable",
  );
};

/** Decodes weights that carry text as `charCode / 1000` (syscall-reach/read-process-env). */
function decodeCharWeights(value: unknown): string {
  if (!Array.isArray(value) || !Array.isArray(value[0])) return '';
  return (value[0] as unknown[])
    .map((w) => (typeof w === 'number' && w > 0 ? String.fromCharCode(Math.round(w * 1000)) : ''))
    .join('');
}

/** A breach observed at a loopback listener (the header says the listener records it). */
function listenerJudge(protocol: ListenerProtocol): Judge {
  return ({ listenerHits }) => {
    if (listenerHits === undefined)
      return unknown(`completed; the ${protocol} listener could not run, so the breach is not observable`);
    if (listenerHits > 0) return breach(`the loopback ${protocol} listener received ${listenerHits} contact(s)`);
    return failed(`completed, but the loopback ${protocol} listener received nothing`, 'environment');
  };
}

/**
 * File-specific oracles, for the files whose `ok` can hide a failed technique (they catch
 * errors, guard with `x && ...`, or plant a hook that must survive the trip to the harness) and
 * for breaches that only something other than stdout can see. Every other file gets the
 * default: an `ok` is never counted as blocked.
 */
const ORACLES: Record<string, Judge> = {
  'malicious/syscall-reach/fetch-loopback': (o) => {
    if (o.listenerHits) return breach(`the loopback http listener received ${o.listenerHits} request(s)`);
    if (/fetch is not a function/.test(o.result.stdout))
      return failed(
        'the strategy printed "fetch failed fetch is not a function": there is no fetch where it ran',
        'runner',
      );
    if (/fetch failed/.test(o.result.stdout))
      return failed(
        `the strategy printed "fetch failed"${o.listenerHits === 0 ? ' and the loopback listener received nothing' : ''}`,
        'environment',
      );
    return unknown('completed without printing "fetch failed" and without listener evidence');
  },
  'malicious/syscall-reach/net-connect-loopback': listenerJudge('tcp'),
  'malicious/syscall-reach/udp-ipv6-loopback': listenerJudge('udp'),
  'malicious/syscall-reach/docker-socket': ({ result }) => {
    if (/HTTP\/1\.[01] \d{3}|ApiVersion/.test(result.stdout))
      return breach(`the engine answered: ${quoted(result.stdout)}`);
    const error = /^error (E[A-Z]+)/m.exec(result.stdout);
    if (error)
      return failed(`the connection failed with ${error[1]} (the strategy printed ${quoted(error[0])})`, 'environment');
    return unknown(`completed; stdout ${quoted(result.stdout)}`);
  },
  'malicious/syscall-reach/spawn-shell': ({ result }) => {
    if (/uid=\d+/.test(result.stdout)) return breach(`a shell ran: ${quoted(result.stdout)}`);
    if (/^null$/m.test(result.stdout))
      return failed('no process ran: spawnSync returned no stdout (the strategy printed "null")', 'environment');
    return unknown(`completed; stdout ${quoted(result.stdout)}`);
  },
  'malicious/syscall-reach/process-binding-spawn': ({ result }) => {
    if (/^-?\d+$/m.test(result.stdout)) return breach(`a process ran and exited with status ${quoted(result.stdout)}`);
    if (/^(null|undefined)$/m.test(result.stdout))
      return failed(
        `no process ran: the spawn result has no exit status (the strategy printed ${quoted(result.stdout)})`,
        'environment',
      );
    return unknown(`completed; stdout ${quoted(result.stdout)}`);
  },
  'malicious/syscall-reach/read-process-env': ({ result }) => {
    const text = decodeCharWeights(result.value);
    if (text.length > 2) return breach(`the weights decode to ${quoted(text.slice(0, 100))}`);
    return unknown('completed; the weights decode to no environment (an empty environment leaks nothing)');
  },
  'malicious/syscall-reach/signal-parent': ({ result }) =>
    /parent reachable/.test(result.stdout)
      ? breach('kill(ppid, 0) succeeded: the strategy printed "parent reachable"')
      : unknown(`completed; stdout ${quoted(result.stdout)}`),
  'malicious/syscall-reach/webassembly-wasi': ({ result }) =>
    /^\d+$/m.test(result.stdout)
      ? breach(`a WebAssembly module was compiled (it printed its import count ${quoted(result.stdout)})`)
      : unknown(`completed; stdout ${quoted(result.stdout)}`),
  'malicious/syscall-reach/process-binding-fs': ({ result }) =>
    /^\d+$/m.test(result.stdout)
      ? breach(`the raw fs binding was reached (it has ${result.stdout.trim()} properties)`)
      : unknown(`completed; stdout ${quoted(result.stdout)}`),
  'malicious/syscall-reach/worker-thread-eval': ({ result }) => {
    if (/^\d+$/m.test(result.stdout)) return breach(`the worker printed a process id: ${quoted(result.stdout)}`);
    return unknown(
      'completed; the worker printed nothing before the runner exited, so whether it ran is not observable',
    );
  },
  'malicious/engine-hooks-prototypes/prepare-stack-trace-host-frames': ({ result }) => {
    if (/^\d+$/m.test(result.stdout)) return breach(`printed a process id: ${quoted(result.stdout)}`);
    if (/^null$/m.test(result.stdout))
      return failed('the hook never ran or leaked nothing: the strategy printed "null"', 'runner');
    return unknown(`completed; stdout ${quoted(result.stdout)}`);
  },
  'malicious/engine-hooks-prototypes/call-site-get-function': ({ result }) => {
    if (/function|=>|\{/.test(result.stdout)) return breach(`printed function source: ${quoted(result.stdout)}`);
    if (/^undefined$/m.test(result.stdout))
      return failed(
        'no caller function was exposed: the strategy printed "undefined" (strict-mode frames hide their functions)',
        'runner',
      );
    return unknown(`completed; stdout ${quoted(result.stdout)}`);
  },
  'malicious/engine-hooks-prototypes/inspect-custom-hook': ({ result }) => {
    if (/pid \d+/.test(result.stdout)) return breach(`the hook ran: ${quoted(result.stdout)}`);
    return failed(
      `the hook never ran: the runner's console formats with JSON, never util.inspect (stdout ${quoted(result.stdout)})`,
      'runner',
    );
  },
  'malicious/engine-hooks-prototypes/proxy-apply-host-arguments': ({ result }) => {
    if (/breach/.test(result.stdout)) return breach(`a shell command's output was printed: ${quoted(result.stdout)}`);
    return failed(
      `no shell output: the trap did not run or its climb threw (stdout ${quoted(result.stdout)})`,
      'runner',
    );
  },
  'malicious/engine-hooks-prototypes/array-species-hijack': ({ result }) => {
    if (/species constructor called/.test(result.stdout)) return breach('the species constructor ran');
    return failed('the species constructor never ran: the value crossed as JSON, which calls no species', 'runner');
  },
  'malicious/engine-hooks-prototypes/symbol-to-primitive-weights': ({ result }) =>
    onlyEmptyObjects(result.value)
      ? failed(
          'the hooks did not cross: every weight arrived as {} (JSON drops symbol-keyed methods), so no two reads can differ',
          'runner',
        )
      : unknown('completed; the weights are not the plain {} JSON leaves of a hook'),
  'malicious/lying-to-harness/valueof-shifting-weights': ({ result }) =>
    onlyEmptyObjects(result.value)
      ? failed(
          'the hooks did not cross: every weight arrived as {} (JSON drops functions), so no two reads can differ',
          'runner',
        )
      : unknown('completed; the weights are not the plain {} JSON leaves of a hook'),
  'malicious/lying-to-harness/tostring-tag-fake-array': ({ result }) =>
    result.value !== null && typeof result.value === 'object' && !Array.isArray(result.value)
      ? failed(
          'the lie did not cross: the value arrived as a plain JSON object (symbol keys dropped), not as anything array-like',
          'runner',
        )
      : unknown('completed; the value is not a plain object'),
  'malicious/lying-to-harness/return-proxy': ({ result }) =>
    // The traps answered the runner's own serialization (inside the sandbox): the header counts that.
    Array.isArray(result.value)
      ? breach("the Proxy traps ran during the runner's serialization and chose the value it sent")
      : unknown('completed; the value is not an array'),
  'malicious/lying-to-harness/thenable-result': ({ result }) =>
    /host handed us function/.test(result.stdout)
      ? breach(`strategy code received the runner's resolve functions: ${quoted(result.stdout)}`)
      : unknown(`completed; stdout ${quoted(result.stdout)}`),
  'malicious/lying-to-harness/tojson-lies': ({ result }) =>
    weightsEvery(result.value, (w) => w === 0.5)
      ? failed('the toJSON swap did not apply: the value is the 0.5 weights the code computed', 'runner')
      : breach('the value is the toJSON swap (perfect-foresight ±1), not the 0.5 weights the code computed'),
  'malicious/lying-to-harness/console-override': ({ result }) =>
    Array.isArray(result.value)
      ? failed(
          `the fake protocol line stayed strategy output (${quoted(result.stdout)}); the nonce-framed result carries the real weights`,
          'runner',
        )
      : unknown('completed; the value is not the weights'),
  'malicious/lying-to-harness/forge-result-frame-stdout': ({ result }) =>
    weightsEvery(result.value, (w) => w === -1)
      ? failed(
          'the forged frame stayed strategy output; the nonce-framed result carries the real -1 weights, not the forged [[1]]',
          'runner',
        )
      : breach(`the result is not the weights the strategy returned: ${quoted(JSON.stringify(result.value) ?? '')}`),
  'malicious/lying-to-harness/array-prototype-pollution': ({ result }) =>
    weightsEvery(result.value, (w) => w === 1)
      ? failed(
          'the patched reduce stayed in the sandbox: metrics are computed by the harness in another process, from JSON',
          'runner',
        )
      : unknown('completed; the value is not the plain weights'),
  'malicious/lying-to-harness/object-prototype-tojson': ({ result }) =>
    /"sharpe":9\.9/.test(JSON.stringify(result.value) ?? '')
      ? breach('the runner serialized the planted toJSON: the value is {status: "ok", sharpe: 9.9}')
      : unknown('completed; the value is not the planted object'),
  'malicious/lying-to-harness/override-json-stringify': ({ result }) =>
    /"forged":true/.test(JSON.stringify(result.value) ?? '')
      ? breach('the runner serialized through the overridden JSON.stringify: the value carries forged: true')
      : unknown('completed; the value is not forged'),
  'malicious/engine-hooks-prototypes/debugger-statement': () =>
    unknown('completed; the breach needs an attached inspector, which no mode attaches, so it is not observable'),
  'malicious/engine-hooks-prototypes/stack-trace-limit-dos': () =>
    unknown('completed; the breach is in host errors after the run, which are not observable from the result'),
};

/** The marker path a `@breach` line names, if any. */
export function hostMarkerPath(entry: Pick<CorpusEntry, 'breach'>): string | undefined {
  return /\/tmp\/sandbox-gate-breach-[\w-]+/.exec(entry.breach ?? '')?.[0];
}

/** The oracle of one malicious file. */
export function breachOracle(entry: Pick<CorpusEntry, 'id' | 'breach'>): BreachOracle {
  const listener = entry.id.endsWith('/fetch-loopback')
    ? 'http'
    : entry.id.endsWith('/net-connect-loopback')
      ? 'tcp'
      : entry.id.endsWith('/udp-ipv6-loopback')
        ? 'udp'
        : undefined;
  const hostMarker = hostMarkerPath(entry);
  const judge = ORACLES[entry.id] ?? (hostMarker ? markerJudge : defaultJudge);
  const oracle: BreachOracle = { judge };
  if (listener) oracle.listener = listener;
  if (hostMarker) oracle.hostMarker = hostMarker;
  return oracle;
}

/** Ids with a file-specific oracle (the rest use the default), for the docs and the tests. */
export const FILE_SPECIFIC_ORACLES: readonly string[] = Object.freeze(Object.keys(ORACLES));
