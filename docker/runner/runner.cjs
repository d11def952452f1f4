// The trusted runner: the only program that runs inside a sandbox (container or local child).
//
// Protocol (the harness side is harness/sandbox/runner-protocol.ts):
//   stdin : "<byte length>\n<JSON job>"; the runner reads exactly that many bytes, so it never
//           depends on stdin being closed (pooled containers keep it open).
//   stdout: whatever the strategy prints through its console, as is, then one result frame:
//           "\n\x1esandbox-gate:result:<nonce>\n<JSON>\n". The nonce comes with the job and never
//           enters the strategy's compartment, so a strategy cannot print a frame of its own.
//           The JSON is one line (the final newline ends it) and carries `stderrBytes`, the bytes
//           the runner wrote to stderr before it: the harness returns on the frame once it has
//           seen that much stderr, without waiting for the exit (stdout and stderr travel
//           separately, so stderr written before the frame may arrive after it).
//   exit  : 0 when the strategy returned a value, 1 for a strategy failure, 2 for a bad job.
//
// Job: { nonce, kind: 'strategy', script, input }     script: see harness/sandbox/module-script.ts
//      { ..., lookahead: { cuts: [{ day, perturbation }] } }  a look-ahead check job (./lookahead.mjs):
//                                            the re-runs only; value is { checks }
//      { nonce, kind: 'probe', probe, args }          a trusted probe from ./probes.mjs (audits)
//
// Flags: --ses=<path of ses's dist/ses.umd.js>  (required)
//        --ses-cache=<path of its V8 code cache>  optional; see ./ses-loader.cjs. A cache V8
//                                            refuses (other node, other flags) or a missing file
//                                            only costs the compile: ses is the same code.
//        --audit-no-compartment              layer 1b off: no lockdown, no Compartment. Only the
//                                            audit's layer matrix passes it; neither the config
//                                            file nor `exec` can.
//
// CommonJS, not an ES module: node starts a CommonJS main without its ES module loader, 7.9 ms
// less CPU from container start to waiting for the job (62.6 against 70.5 ms, median of 24
// interleaved containers, cgroup CPU). The look-ahead check (./lookahead.mjs, which the harness
// imports too) and the probes stay ES modules, imported once their job has arrived.
'use strict';
/* global require, Compartment, harden -- CommonJS's require; the others installed by ses (./ses-loader.cjs) */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, see above */
const { writeSync } = require('node:fs');
const { types } = require('node:util');
const { loadSes } = require('./ses-loader.cjs');

const RESULT_MARK = '\x1esandbox-gate:result:';
const flags = parseFlags(process.argv.slice(2));
const useCompartment = !flags['audit-no-compartment'];
let sealed = false; // set once the frame is written: the strategy's console goes quiet
const { isPromise } = types;
const promiseThen = Promise.prototype.then;

// quiet: the look-ahead check's re-runs (./lookahead.mjs) print nothing, so a checked run
// writes what an unchecked one does.
async function runStrategy({ script, input }, quiet = false) {
  const console = makeConsole(quiet);
  let exported;
  try {
    if (useCompartment) {
      // ses 2 leaves Float32Array/Float64Array out of compartments: their NaN bit patterns
      // are a side channel between compartments (endojs/endo#3153). Here one strategy runs
      // alone in its own process, with no other compartment to signal to, and LLM-written
      // strategies use these arrays; the realm's own constructors are already hardened.
      const { Float32Array, Float64Array } = globalThis;
      const compartment = new Compartment({ __options__: true, globals: { console, Float32Array, Float64Array } });
      exported = await compartment.evaluate(script);
    } else {
      // Container-alone audit: the strategy gets the realm's full authority on purpose.
      globalThis.console = console;
      exported = await (0, eval)(script);
    }
  } catch (error) {
    return { ok: false, kind: 'load-failed', message: `the strategy module failed to load: ${describe(error)}` };
  }
  if (typeof exported !== 'function') {
    return { ok: false, kind: 'not-a-function', message: `the default export is ${typeof exported}, not a function` };
  }
  // The input is not hardened: it is this strategy's own copy (parsed from the job, read by no
  // one after the call), and its prototypes are the intrinsics lockdown() already froze, so
  // freezing it protects nothing. harden() walks all of it on the critical path: 30 to 110 ms
  // of a ~1 s universe-1s backtest (1.75 MB of arrays) on 2 cores (issue 12, layer 1b's cost).
  return settle(() => exported(input));
}

/**
 * Runs fn and turns its outcome into a frame body. Two things here hand strategy code a way
 * to act after it has returned, and both are closed:
 * - awaiting: only a genuine promise (checked by its internal slot, no property read) is
 *   awaited, through the intrinsic `then`; any other thenable is data, never called;
 * - serializing: the value is copied with structuredClone first, which calls no `toJSON`,
 *   refuses Proxies and functions, and leaves plain data for JSON.stringify.
 */
async function settle(fn) {
  let value;
  try {
    value = fn();
    if (isPromise(value)) value = await new Promise((resolve, reject) => promiseThen.call(value, resolve, reject));
  } catch (error) {
    return { ok: false, kind: 'threw', message: `the strategy threw: ${describe(error)}` };
  }
  let json;
  try {
    json = JSON.stringify(structuredClone(value));
  } catch (error) {
    return {
      ok: false,
      kind: 'not-serializable',
      message: `the return value is not JSON-serializable: ${describe(error)}`,
    };
  }
  if (json === undefined) {
    return {
      ok: false,
      kind: 'not-serializable',
      message: `the return value is not JSON-serializable: it is ${typeof value}`,
    };
  }
  return { ok: true, json };
}

function finish(nonce, outcome, exitCode = outcome.ok ? 0 : 1) {
  const body = outcome.ok
    ? `{"ok":true,"stderrBytes":${stderrBytesWritten},"value":${outcome.json}}`
    : JSON.stringify({ ok: false, kind: outcome.kind, message: outcome.message, stderrBytes: stderrBytesWritten });
  sealed = true;
  write(STDOUT_FD, `\n${RESULT_MARK}${nonce}\n${body}\n`);
  process.exit(exitCode);
}

/** The strategy's console: text goes to stdout/stderr as is; nothing after the frame is written. */
function makeConsole(quiet = false) {
  const emit =
    (fd) =>
    (...args) => {
      if (!sealed && !quiet) write(fd, `${args.map(format).join(' ')}\n`);
    };
  const out = emit(STDOUT_FD);
  const err = emit(STDERR_FD);
  const console = { log: out, info: out, debug: out, warn: err, error: err };
  return useCompartment ? harden(console) : console;
}

/**
 * Output is written synchronously to the file descriptors, never through process.stdout: a
 * strategy that prints in a tight loop never yields to the event loop, so stream writes would
 * queue in memory without bound. A blocking write makes a flood wait on the harness, which
 * counts the bytes and stops the sandbox at the cap. (process.stdout is never touched, so
 * Node does not switch fd 1 to non-blocking; EAGAIN is still handled in case it was.)
 */
const STDOUT_FD = 1;
const STDERR_FD = 2;
const pause = new Int32Array(new SharedArrayBuffer(4));
let stderrBytesWritten = 0; // announced in the frame (see the protocol above)

function write(fd, text) {
  let buffer = Buffer.from(text, 'utf8');
  while (buffer.length > 0) {
    try {
      const written = writeSync(fd, buffer);
      if (fd === STDERR_FD) stderrBytesWritten += written;
      buffer = buffer.subarray(written);
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

function format(value) {
  if (typeof value === 'string') return value;
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Never lets a hostile thrown value (a getter, a Proxy) break the runner. */
function describe(error) {
  try {
    if (error !== null && typeof error === 'object') {
      const name = typeof error.name === 'string' ? error.name : 'Error';
      const message = typeof error.message === 'string' ? error.message : '';
      return `${name}: ${message}`.slice(0, 2000);
    }
    return String(error).slice(0, 2000);
  } catch {
    return 'an exception whose description itself threw';
  }
}

function readJob(stdin) {
  return new Promise((resolve) => {
    let buffer = Buffer.alloc(0);
    let expected = -1;
    const bad = (message) => {
      stdin.pause();
      finish('unknown', { ok: false, kind: 'bad-job', message }, 2);
    };
    stdin.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (expected < 0) {
        const newline = buffer.indexOf(10);
        if (newline < 0) return buffer.length > 32 ? bad('the job has no length header') : undefined;
        expected = Number(buffer.subarray(0, newline).toString('latin1'));
        if (!Number.isSafeInteger(expected) || expected < 0) return bad('the job length header is not a number');
        buffer = buffer.subarray(newline + 1);
      }
      if (buffer.length >= expected) {
        stdin.pause();
        stdin.removeAllListeners('data');
        // The job is whole: a stdin closed from now on is no bad job. Left on, this listener
        // answered a valid job with a bad-job frame when the job yielded to the event loop
        // (a probe's dynamic import, an audit strategy's timer) with stdin closed behind it.
        stdin.removeAllListeners('end');
        try {
          resolve(JSON.parse(buffer.subarray(0, expected).toString('utf8')));
        } catch (error) {
          bad(`the job is not JSON: ${error.message}`);
        }
      }
    });
    stdin.on('end', () => bad('stdin closed before a whole job arrived'));
  });
}

function parseFlags(argv) {
  const out = {};
  for (const arg of argv) {
    const match = /^--([\w-]+)(?:=(.*))?$/.exec(arg);
    if (match) out[match[1]] = match[2] ?? true;
  }
  if (!out['audit-no-compartment'] && typeof out.ses !== 'string') {
    process.stderr.write('runner: --ses=<path to ses.umd.js> is required\n');
    process.exit(2);
  }
  return out;
}

// Main: everything above is declared by now. (An async function: CommonJS has no top-level
// await; a rejection ends the process with exit code 1, as a top-level await's would.)
(async () => {
  if (useCompartment) {
    // Lockdown before the job arrives, so a warm container pays for it ahead of need.
    loadSes(flags.ses, flags['ses-cache']);
  }

  const job = await readJob(process.stdin);

  // Modules a job needs are imported once it has arrived, before any strategy code runs. The
  // import yields to the event loop, which is safe: readJob dropped its 'end' listener.
  if (job.kind === 'probe') {
    const { runProbe } = await import('./probes.mjs');
    finish(job.nonce, await settle(() => runProbe(job.probe, job.args ?? {})));
  } else if (job.kind === 'strategy' && job.lookahead) {
    const { runLookaheadCuts } = await import('./lookahead.mjs');
    finish(job.nonce, await runLookaheadCuts(job, (input, quiet) => runStrategy({ script: job.script, input }, quiet)));
  } else if (job.kind === 'strategy') {
    finish(job.nonce, await runStrategy(job));
  } else {
    finish(job.nonce, { ok: false, kind: 'bad-job', message: `unknown job kind ${JSON.stringify(job.kind)}` }, 2);
  }
})();
