// Loads ses into the runner's realm and locks it down (layer 1b), from a V8 code cache when
// one is given and V8 accepts it.
//
// Why a code cache: a pooled or cold sandbox is a fresh node process per execution, and before
// the job arrives it must compile and run ses's 519 KB bundle and call lockdown(). CPU of a
// container from start until the runner waits for its job (cgroup, median of 24 interleaved
// runs, 2 cores): 87.4 ms importing ses.mjs, 72.4 ms from this cache (node alone: 45.9). A
// cache taken after lockdown also holds the functions lockdown ran: 4 ms less than one taken
// before it.
//
// The cache is made by the image build (harness/sandbox/docker/ses-code-cache.ts), by the same
// node binary with the same V8 flags, through this very function, and lives in the read-only
// image. V8 checks it against its version, the source's length and its own flags (the heap
// cap is one): any mismatch and it compiles from source, which is slower but the same code;
// the state is kept for the `ses-code-cache` probe (./probes/basic.mjs), so a test on the real
// image can see whether the cache was accepted.
'use strict';
/* global require, module -- CommonJS, required by ./runner.cjs */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS */
const { readFileSync } = require('node:fs');
const { Script } = require('node:vm');

/** Every sandbox locks down with these. */
const LOCKDOWN_OPTIONS = Object.freeze({
  errorTaming: 'safe',
  consoleTaming: 'safe',
  overrideTaming: 'moderate',
  stackFiltering: 'concise',
});

/**
 * How ses was loaded: 'accepted' (from the cache), 'rejected' (V8 refused the cache: other node
 * or flags; compiled from source), 'missing' (a cache path without a file; compiled from
 * source), 'none' (no cache path given), 'not-loaded' (no ses: --audit-no-compartment).
 */
let cacheState = 'not-loaded';

/**
 * Compiles and runs ses's UMD bundle (dist/ses.umd.js, a script that installs lockdown, harden
 * and Compartment on globalThis) in this realm, then locks the realm down. Returns the Script,
 * so that the image build can serialize its code cache after lockdown.
 */
function loadSes(sesPath, cachePath) {
  const source = readFileSync(sesPath, 'utf8');
  const cachedData = cachePath === undefined ? undefined : readCache(cachePath);
  const script = new Script(source, { filename: sesPath, cachedData });
  script.runInThisContext();
  globalThis.lockdown(LOCKDOWN_OPTIONS);
  if (cachePath === undefined) cacheState = 'none';
  else if (cachedData === undefined) cacheState = 'missing';
  else cacheState = script.cachedDataRejected ? 'rejected' : 'accepted';
  return script;
}

/** What loadSes did with the code cache (see cacheState). */
function sesCodeCacheState() {
  return cacheState;
}

function readCache(cachePath) {
  try {
    return readFileSync(cachePath);
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
}

module.exports = { LOCKDOWN_OPTIONS, loadSes, sesCodeCacheState };
