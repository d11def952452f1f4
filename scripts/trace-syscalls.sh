#!/usr/bin/env bash
# Traces the runner workload and prints the set of syscalls it makes: the input to
# seccomp/sandbox-node.json (see seccomp/README.md). Two passes:
#
#   host  : the same node binary the image copies (process.execPath) runs
#           docker/runner/runner.cjs under `strace -f` for each workload below; jobs are
#           encoded exactly as harness/sandbox/runner-protocol.ts encodeJob does, strategies
#           transformed by harness/sandbox/module-script.ts, as the harness sends them.
#   engine: (--engine) the same workloads in real containers, under the profile and under a
#           copy that LOGs (SCMP_ACT_LOG) instead of denying what it does not allow; outcomes
#           must match. The kernel's audit lines (type=1326), when readable, name what the
#           allowlist would have denied: what runc does after installing the filter, and what
#           only the container path (cgroup files, /proc) makes node do. Needs a running engine.
#
# Usage: scripts/trace-syscalls.sh [--engine] [--keep] [OUTDIR]   (default OUTDIR: .build/trace)
# Output: OUTDIR/<workload>.strace (raw), OUTDIR/syscalls.txt (the union, sorted),
#         OUTDIR/by-workload.txt, OUTDIR/missing.txt (traced, not allowed), and with --engine
#         OUTDIR/engine-logged.txt. Exit 1 when --engine finds a workload the profile breaks.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENGINE=0
KEEP=0
OUT=""
for arg in "$@"; do
  case "$arg" in
    --engine) ENGINE=1 ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) OUT="$arg" ;;
  esac
done
OUT="${OUT:-$ROOT/.build/trace}"
mkdir -p "$OUT/jobs"
cd "$ROOT"

command -v strace >/dev/null || { echo "strace is required (apt-get install strace)" >&2; exit 3; }
NODE="$(node -p process.execPath)"
SES="$ROOT/node_modules/ses/dist/ses.umd.js"

# 1. The jobs, built with the harness's own encoder and module transform.
cat > "$OUT/jobs/make-jobs.mts" <<'TS'
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { moduleToScript } from '../../../harness/sandbox/module-script.ts';
import { encodeJob, newNonce, type RunnerJob } from '../../../harness/sandbox/runner-protocol.ts';

const out = process.argv[2]!;
const strategy = (code: string, input: unknown): RunnerJob => ({ nonce: newNonce(), kind: 'strategy', script: moduleToScript(code), input });
const probe = (name: string, args: Record<string, unknown> = {}): RunnerJob => ({ nonce: newNonce(), kind: 'probe', probe: name, args });
const closes = Array.from({ length: 5000 }, (_, i) => 100 + Math.sin(i / 50) * 10 + i * 0.01);
const jobs: Record<string, RunnerJob> = {
  trivial: strategy('export default function f(input) { return { x: input.x + 1 }; }', { x: 1 }),
  backtest: strategy(
    `export default function strategy({ dates, tickers, close }) {
       console.log('days', dates.length);
       return tickers.map((_, t) => close[t].map((p, d) => (d > 20 && p > close[t][d - 20] ? 1 : 0)));
     }`,
    { dates: closes.map((_, i) => new Date(Date.UTC(2000, 0, 3) + i * 86_400_000).toISOString().slice(0, 10)), tickers: ['SPX'], close: [closes] },
  ),
  async: strategy('export default async function f() { await Promise.resolve(); const r = []; for (let i = 0; i < 1e5; i++) r.push(i * 2); return r.length; }', {}),
  throws: strategy('export default function f() { throw new Error("boom"); }', {}),
  'probe-thread-status': probe('thread-status'),
  'probe-echo': probe('echo', { hello: 'world' }),
  'heap-exhaustion': strategy('export default function f() { const a = []; for (;;) a.push(new Array(1e5).fill(1.5)); }', {}),
  // What the container claims' probes (and the audit's layer matrix, which runs strategies
  // with --audit-no-compartment) ask of the kernel beyond the strategy path: files in /tmp,
  // worker threads, a child process, a loopback TCP connect. Run without the compartment.
  // Every trusted probe the claims run (docker/runner/probes/*.mjs), with arguments that keep
  // them on /tmp and the loopback when traced on the host. Some are denied on purpose (symlink,
  // inotify, setuid, listen): the comparison below lists them apart from what is missing.
  'probe-symlink': probe('symlink', { path: '/tmp/trace-probe-link' }),
  'probe-fs-watch': probe('fs-watch'),
  'probe-setuid-self': probe('setuid-self'),
  'probe-listen-loopback': probe('listen-loopback'),
  'probe-io-uring-child': probe('io-uring-child'),
  'probe-worker-thread': probe('worker-thread'),
  'probe-rootfs-write': probe('rootfs-write', { paths: ['/tmp'] }),
  'probe-tmpfs-fill': probe('tmpfs-fill', { bytes: 4 * 1024 ** 2 }),
  'probe-tmpfs-exec': probe('tmpfs-exec'),
  'probe-cpu-share': probe('cpu-share', { wallMs: 200 }),
  'probe-spawn-threads': probe('spawn-threads', { max: 8 }),
  'probe-net-connect': probe('net-connect', { host: '127.0.0.1', port: 9, timeoutMs: 1000 }),
  'audit-tmpfs-write': strategy(
    `export default async function f() {
       const fs = process.getBuiltinModule('node:fs');
       fs.mkdirSync('/tmp/trace-dir', { recursive: true });
       fs.writeFileSync('/tmp/trace-dir/a', Buffer.alloc(1 << 20, 1));
       await fs.promises.appendFile('/tmp/trace-dir/a', 'x');
       const size = fs.statSync('/tmp/trace-dir/a').size;
       fs.renameSync('/tmp/trace-dir/a', '/tmp/trace-dir/b');
       fs.readdirSync('/tmp/trace-dir');
       fs.rmSync('/tmp/trace-dir', { recursive: true, force: true });
       return size;
     }`, {}),
  'audit-worker-threads': strategy(
    `export default async function f() {
       const { Worker } = process.getBuiltinModule('node:worker_threads');
       const run = () => new Promise((resolve, reject) => {
         const w = new Worker('require("node:worker_threads").parentPort.postMessage(6 * 7)', { eval: true });
         w.once('message', resolve); w.once('error', reject);
       });
       return Promise.all([run(), run(), run()]);
     }`, {}),
  'audit-child-process': strategy(
    `export default function f() {
       const { spawnSync } = process.getBuiltinModule('node:child_process');
       const r = spawnSync(process.execPath, ['-e', 'process.stdout.write("child")'], { encoding: 'utf8' });
       return { status: r.status, stdout: r.stdout, error: r.error && r.error.code };
     }`, {}),
  'audit-loopback-connect': strategy(
    `export default function f() {
       const net = process.getBuiltinModule('node:net');
       return new Promise((resolve) => {
         const s = net.connect({ host: '127.0.0.1', port: 9 });
         s.once('error', (e) => resolve(e.code));
         s.once('connect', () => { s.destroy(); resolve('connected'); });
       });
     }`, {}),
};
for (const [name, job] of Object.entries(jobs)) writeFileSync(path.join(out, `${name}.job`), encodeJob(job));
console.log(Object.keys(jobs).join(' '));
TS
WORKLOADS="$(npx tsx "$OUT/jobs/make-jobs.mts" "$OUT/jobs")"

# 2. Host pass: strace -f every workload; the heap exhaustion runs with a 32 MiB old space.
: > "$OUT/by-workload.txt"
for name in $WORKLOADS; do
  heap="--max-old-space-size=1536"   # what heapCapMiB gives for the default 2 GiB limit
  [ "$name" = heap-exhaustion ] && heap="--max-old-space-size=32"
  mode="--ses=$SES"
  case "$name" in audit-*) mode="--audit-no-compartment" ;; esac
  # A failing workload (throws, heap exhaustion) is expected: its exit status is not ours.
  strace -f -qq -o "$OUT/$name.strace" "$NODE" "$heap" docker/runner/runner.cjs "$mode" \
    < "$OUT/jobs/$name.job" > "$OUT/$name.stdout" 2> "$OUT/$name.stderr" || true
  # Lines look like "1234 openat(...) = 3" or "1234 <... futex resumed> ..."; keep the names.
  names="$(sed -nE 's/^[0-9]+ +([a-z_][a-z0-9_]*)\(.*/\1/p' "$OUT/$name.strace" | sort -u)"
  echo "$name: $(echo "$names" | wc -l) syscalls: $(echo $names)" >> "$OUT/by-workload.txt"
  echo "$names" >> "$OUT/all.tmp"
done
sort -u "$OUT/all.tmp" | grep . > "$OUT/syscalls.txt"
rm -f "$OUT/all.tmp"
echo "host pass: $(wc -l < "$OUT/syscalls.txt") distinct syscalls -> $OUT/syscalls.txt" >&2
cat "$OUT/by-workload.txt" >&2

# 3. Compare with the profile: what the workloads call that it does not allow.
node -e '
  const fs = require("fs");
  const profile = JSON.parse(fs.readFileSync("seccomp/sandbox-node.json", "utf8"));
  const action = new Map();
  for (const rule of profile.syscalls) for (const name of rule.names) if (!action.has(name) || rule.action === "SCMP_ACT_ALLOW") action.set(name, rule);
  const traced = fs.readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean);
  const denied = [], missing = [];
  for (const name of traced) {
    const rule = action.get(name);
    if (rule && rule.action === "SCMP_ACT_ALLOW") continue;
    if (rule) denied.push(`${name} (${rule.errnoRet === 38 ? "ENOSYS" : "EPERM"}: ${rule.comment.split(":")[0]})`);
    else missing.push(name);
  }
  console.error(`traced but denied on purpose: ${denied.join(", ") || "none"}`);
  console.error(`traced and NOT in the profile (would get EPERM): ${missing.join(" ") || "none"}`);
  fs.writeFileSync(process.argv[2], missing.join("\n"));
' "$OUT/syscalls.txt" "$OUT/missing.txt"

# 4. Engine pass: every workload in real containers, twice: under the profile, and under a
#    copy whose default action is SCMP_ACT_LOG (anything outside the allowlist is allowed and
#    logged). A workload whose outcome differs between the two needs something the profile
#    denies. The kernel's audit lines (type=1326) name it when the kernel log shows them: with
#    no auditd, audit printk is rate-limited and bounded by the audit backlog, so a chdir
#    self-test says whether that part saw anything at all. It also catches what runc calls
#    between installing the filter and execve (comm "runc:[2:INIT]").
if [ "$ENGINE" = 1 ]; then
  node -e '
    const p = JSON.parse(require("fs").readFileSync("seccomp/sandbox-node.json", "utf8"));
    p.defaultAction = "SCMP_ACT_LOG"; delete p.defaultErrnoRet;
    // Explicit denials stay as they are; only the default becomes a log.
    require("fs").writeFileSync(process.argv[1], JSON.stringify(p));' "$OUT/log-profile.json"
  cat > "$OUT/jobs/run-engine.mts" <<'TS'
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../../harness/config/load-config.ts';
import { DockerExecutor } from '../../../harness/sandbox/docker/docker-executor.ts';
import { moduleToScript } from '../../../harness/sandbox/module-script.ts';
import { newNonce } from '../../../harness/sandbox/runner-protocol.ts';

const [dir, profile, logProfile, ...names] = process.argv.slice(2);
const loaded = await loadConfig('config/learning_system.yaml');
const run = async (name: string, body: any, seccompProfile: string) => {
  const memoryBytes = name === 'heap-exhaustion' ? 48 * 1024 ** 2 : loaded.sandbox.docker.memoryBytes;
  const config = { ...loaded.sandbox, docker: { ...loaded.sandbox.docker, seccompProfile, memoryBytes } };
  const relax = name.startsWith('audit-') ? { noCompartment: true } : {};
  const result = await new DockerExecutor(config, { relax }).run({ ...body, nonce: newNonce() });
  // Probe values carry ports and ids that change from run to run; keep what says allowed/denied.
  const digest = JSON.stringify(result.value ?? null, (key, value) => (/^(port|message|spins|cpuMs|wallMs|share|threads|tasksAtPeak|target|mode|Uid|Gid|Cap\w+|Seccomp\w*|NoNewPrivs)$/.test(key) ? undefined : value));
  const stable = digest.replace(/-[0-9a-f]{8}\b/g, '-<tag>');
  return { status: result.status, digest: `${result.status} exit ${result.exitCode} ${result.message ?? ''} ${stable.slice(0, 160)}` };
};
let differ = 0;
for (const name of names) {
  const job = readFileSync(path.join(dir!, `${name}.job`), 'latin1');
  const body = JSON.parse(job.slice(job.indexOf('\n') + 1));
  const strict = await run(name, body, profile!);
  const logged = await run(name, body, logProfile!);
  const same = strict.digest === logged.digest || name === 'probe-thread-status';
  if (!same) differ++;
  console.error(`${same ? 'same  ' : 'DIFFER'} ${name}: profile: ${strict.digest}${same ? '' : `\n       log profile: ${logged.digest}`}`);
}
// Self-test of the kernel log: chdir is in no rule of the profile, so it must show up as logged.
const chdir = 'export default function f() { process.chdir("/"); return process.cwd(); }';
await run('audit-log-selftest', { kind: 'strategy', script: moduleToScript(chdir), input: {} }, logProfile!);
console.error(`engine pass: ${differ} workload(s) behave differently under the profile than with everything allowed`);
process.exitCode = differ ? 1 : 0;
TS
  before="$(dmesg 2>/dev/null | wc -l || echo 0)"
  status=0
  npx tsx "$OUT/jobs/run-engine.mts" "$OUT/jobs" seccomp/sandbox-node.json "$OUT/log-profile.json" $WORKLOADS || status=$?
  sleep 1
  # audit: type=1326 ... comm="node" exe="/usr/local/bin/node" sig=0 arch=c000003e syscall=NN ...
  dmesg 2>/dev/null | tail -n +"$((before + 1))" | grep 'type=1326' > "$OUT/engine-audit.txt" || true
  : > "$OUT/engine-logged.txt"
  for n in $(sed -nE 's/.* syscall=([0-9]+) .*/\1/p' "$OUT/engine-audit.txt" | sort -un); do
    name="$(awk -v n="$n" '$1 == "#define" && $3 == n { sub("__NR_", "", $2); print $2; exit }' /usr/include/x86_64-linux-gnu/asm/unistd_64.h 2>/dev/null || true)"
    comm="$(grep " syscall=$n " "$OUT/engine-audit.txt" | sed -nE 's/.* comm="([^"]*)".*/\1/p' | sort -u | tr '\n' ' ')"
    echo "${name:-nr$n} ($n) by: $comm" >> "$OUT/engine-logged.txt"
  done
  if grep -q '^chdir ' "$OUT/engine-logged.txt"; then
    grep -v '^chdir ' "$OUT/engine-logged.txt" > "$OUT/engine-logged.tmp" || true
    mv "$OUT/engine-logged.tmp" "$OUT/engine-logged.txt"
    echo "kernel log (self-test ok: chdir logged): syscalls outside the allowlist: $(wc -l < "$OUT/engine-logged.txt")" >&2
    cat "$OUT/engine-logged.txt" >&2
  else
    echo "kernel log: the self-test's chdir was not logged (no root, or audit printk dropped it): rely on the comparison above" >&2
  fi
  [ "$status" = 0 ] || { echo "engine pass FAILED: see DIFFER lines" >&2; exit 1; }
fi
[ "$KEEP" = 1 ] || rm -f "$OUT"/*.stdout
