// Trusted probes for the claims registry (harness/claims/). Each probe tries one thing a
// sandbox must forbid and reports what happened, with the errno, so that a claim can say
// exactly which protection said no. Probes run in the runner's own realm, not in a compartment.
const PROBES = {};

export async function runProbe(name, args) {
  const probe = PROBES[name];
  if (!probe) throw new Error(`unknown probe ${JSON.stringify(name)}; known: ${Object.keys(PROBES).join(', ')}`);
  return probe(args);
}
