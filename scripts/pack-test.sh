#!/usr/bin/env bash
# The packaging test (issue 15): what someone who installs sandbox-gate gets.
#
#   1. `npm pack` the package (its `prepare` script builds dist/) into a temporary folder;
#   2. `npm install` the tarball into an empty project there (nothing from this checkout
#      reaches it but the tarball);
#   3. from that project: `npx sandbox-gate --version`, `validate` on a strategy fixture,
#      `exec --mode local` on a strategy (its JSON status must be ok), both entry points
#      imported at run time, and a small TypeScript consumer of both entry points checked
#      with `tsc --noEmit` (strict, skipLibCheck off: our .d.ts files are checked too).
#
# Any failure stops the script with the step named. Prints the tarball's size and file count.
# Usage: scripts/pack-test.sh            (CI runs it from .ci/run after the image build)
# Env:   PACK_TEST_KEEP=1                keep the temporary folder and print where it is
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)

step_name='setup'
step() {
  step_name=$1
  printf 'pack-test: %s\n' "$step_name" >&2
}
trap 'status=$?; [ "$status" -eq 0 ] || printf "pack-test: FAILED at step: %s (exit %s)\n" "$step_name" "$status" >&2' EXIT

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sandbox-gate-pack-test-XXXXXX")
if [ "${PACK_TEST_KEEP:-0}" = 1 ]; then
  printf 'pack-test: keeping %s\n' "$WORK" >&2
else
  trap 'status=$?; rm -rf "$WORK"; [ "$status" -eq 0 ] || printf "pack-test: FAILED at step: %s (exit %s)\n" "$step_name" "$status" >&2' EXIT
fi

step 'npm pack (builds dist/ through prepare)'
npm pack --silent --pack-destination "$WORK" --json >"$WORK/pack.json"
TARBALL="$WORK/$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[0].filename)' "$WORK/pack.json")"
node -e '
  const [p] = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const kB = (n) => (n / 1024).toFixed(0);
  console.error(`pack-test: ${p.filename}: ${kB(p.size)} kB packed, ${kB(p.unpackedSize)} kB unpacked, ${p.entryCount} files`);
  // Our own tests and reports must not ship: the installed gate runs dist/suites only.
  const stray = p.files.map((f) => f.path).filter((f) => /^(test|reports|harness|suites\/(?!fixtures\/))\//.test(f) || /\.test\.ts$/.test(f));
  if (stray.length) { console.error(`pack-test: files that must not ship: ${stray.slice(0, 10).join(", ")}`); process.exit(1); }
' "$WORK/pack.json"

step 'npm install the tarball into an empty project'
CONSUMER="$WORK/consumer"
mkdir -p "$CONSUMER"
cd "$CONSUMER"
printf '{ "name": "pack-test-consumer", "private": true, "type": "module" }\n' >package.json
# typescript and @types/node at the versions this repository is checked with, for step 6.
TS_VERSION=$(node -p 'require(process.argv[1]).version' "$REPO/node_modules/typescript/package.json")
NODE_TYPES_VERSION=$(node -p 'require(process.argv[1]).version' "$REPO/node_modules/@types/node/package.json")
npm install --no-audit --no-fund --silent --prefer-offline "$TARBALL" "typescript@$TS_VERSION" "@types/node@$NODE_TYPES_VERSION"
PACKAGE="$CONSUMER/node_modules/sandbox-gate"
BENIGN="$PACKAGE/suites/fixtures/strategies/benign/bollinger-bands.js"

step 'npx sandbox-gate --version'
version=$(npx --no-install sandbox-gate --version)
expected=$(node -p 'require(process.argv[1]).version' "$REPO/package.json")
[ "$version" = "$expected" ] || { echo "pack-test: --version printed '$version', package.json says '$expected'" >&2; exit 1; }

step 'npx sandbox-gate validate <benign fixture> (exit 0)'
npx --no-install sandbox-gate validate "$BENIGN"

step 'npx sandbox-gate validate <malicious fixture> (exit 1, a violation named)'
status=0
out=$(npx --no-install sandbox-gate validate --json "$PACKAGE/suites/fixtures/strategies/malicious/require-import/import-meta-resolve.js") || status=$?
[ "$status" -eq 1 ] || { echo "pack-test: validate of a malicious fixture exited $status, expected 1: $out" >&2; exit 1; }

step 'npx sandbox-gate exec --mode local --backtest <strategy> (JSON status ok)'
npx --no-install sandbox-gate exec --mode local --backtest --json "$BENIGN" >exec.json
node -e '
  const result = JSON.parse(require("fs").readFileSync("exec.json", "utf8"));
  if (result.status !== "ok" || result.mode !== "local") { console.error(`pack-test: exec gave status ${result.status} in mode ${result.mode}, expected ok in local: ${JSON.stringify(result).slice(0, 400)}`); process.exit(1); }
'

step 'import both entry points at run time'
node --input-type=module -e '
  const sandbox = await import("sandbox-gate");
  const gate = await import("sandbox-gate/gate");
  for (const [entry, module, names] of [["sandbox-gate", sandbox, ["loadConfig", "SandboxExecutionWrapper", "validateStrategy", "computeBacktest", "ConfigError"]], ["sandbox-gate/gate", gate, ["runGate", "decide", "loadPolicy", "readResults", "allClaims", "runAudit", "renderAll"]]]) {
    const missing = names.filter((name) => typeof module[name] !== "function");
    if (missing.length) { console.error(`pack-test: ${entry} lacks ${missing.join(", ")}`); process.exit(1); }
  }
  // The default config is found from here (not the package folder): package-root.ts at work.
  const loaded = await sandbox.loadConfig();
  if (!loaded.file.includes("node_modules/sandbox-gate/config/")) { console.error(`pack-test: default config read from ${loaded.file}`); process.exit(1); }
'

step 'a TypeScript consumer of both entry points type-checks (tsc --noEmit)'
cat >tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022",
    "lib": ["ES2023", "ESNext.Disposable"],
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "skipLibCheck": false,
    "noEmit": true,
    "types": ["node"]
  },
  "include": ["consumer.ts"]
}
JSON
cat >consumer.ts <<'TS'
// What a trading system writes, and what a CI job that runs the gate writes.
import { ConfigError, SandboxExecutionWrapper, loadConfig, validateStrategy, type ExecutionResult, type ExecutionStatus, type SandboxConfig } from 'sandbox-gate';
import { allClaims, decide, loadPolicy, readResults, runAudit, type Decision, type Results } from 'sandbox-gate/gate';

export async function runOne(code: string): Promise<ExecutionStatus> {
  const loaded = await loadConfig();
  const config: SandboxConfig = loaded.sandbox;
  await using sandbox = await SandboxExecutionWrapper.create(config, { mode: 'local' });
  const result: ExecutionResult = await sandbox.execute({ code, input: null });
  return result.status;
}

export function lint(code: string): number {
  return validateStrategy(code).violations.length;
}

export async function gateDecision(resultsFile: string): Promise<Decision['outcome']> {
  const results: Results = await readResults(resultsFile);
  const { policy } = await loadPolicy();
  return decide(results, policy).outcome;
}

export const claimCount: number = allClaims().length;
export const audit: typeof runAudit = runAudit;
export const isConfigError = (error: unknown): boolean => error instanceof ConfigError;
TS
npx --no-install tsc --noEmit -p tsconfig.json

step 'done'
printf 'pack-test: ok (%s)\n' "$(basename "$TARBALL")" >&2
