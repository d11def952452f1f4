// Trusted probes for the claims registry (harness/claims/). Each probe tries one thing a
// sandbox must forbid and reports what happened, with the errno, so that a claim can say
// exactly which protection said no. Probes run in the runner's own realm, not in a
// compartment; only the harness can ask for one (the job's `kind: 'probe'`).
//
// A probe module in ./probes/ exports `probes`: { name: async (args) => JSON value }.
import { readdir } from 'node:fs/promises';

let registry;

async function loadProbes() {
  const dir = new URL('./probes/', import.meta.url);
  const all = {};
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.mjs')).sort()) {
    const { probes } = await import(new URL(name, dir).href);
    for (const [probeName, probe] of Object.entries(probes)) {
      if (all[probeName]) throw new Error(`probe ${probeName} is defined twice (in ${name})`);
      all[probeName] = probe;
    }
  }
  return all;
}

export async function runProbe(name, args) {
  registry ??= await loadProbes();
  const probe = registry[name];
  if (!probe) throw new Error(`unknown probe ${JSON.stringify(name)}; known: ${Object.keys(registry).join(', ')}`);
  return probe(args);
}
