// Probes of the container layer (harness/claims/container-claims.ts, limit-claims.ts). Each
// tries one thing the container must forbid and reports the errno it met, or what got
// through, so that a claim can say which protection said no. They run in the runner's realm
// after lockdown(), with the full Node API.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  copyFileSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { connect, createServer } from 'node:net';
import { Worker } from 'node:worker_threads';

/** Runs fn; returns { ok: true, ...its value } or { ok: false, errno, message }. */
function attempt(fn) {
  try {
    return { ok: true, ...(fn() ?? {}) };
  } catch (error) {
    return { ok: false, errno: error.code ?? null, message: String(error.message).slice(0, 300) };
  }
}

function listDir(path) {
  return attempt(() => ({ entries: readdirSync(path).sort() }));
}

/** Non-header lines of /proc/net/route and /proc/net/ipv6_route: the routes this netns has. */
function routes() {
  const v4 = attempt(() => ({ lines: readFileSync('/proc/net/route', 'utf8').trim().split('\n').slice(1) }));
  const v6 = attempt(() => ({
    lines: readFileSync('/proc/net/ipv6_route', 'utf8').trim().split('\n').filter(Boolean),
  }));
  return { ipv4: v4, ipv6: v6 };
}

/**
 * The container's CFS bandwidth counters (cgroup v1 cpu.stat, or v2), or null: how often the
 * kernel held the group back for its quota. Without a quota they never move.
 */
function cpuStat() {
  for (const path of ['/sys/fs/cgroup/cpu/cpu.stat', '/sys/fs/cgroup/cpu.stat']) {
    let text;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    const fields = Object.fromEntries(
      text
        .trim()
        .split('\n')
        .map((line) => line.split(' '))
        .map(([key, value]) => [key, Number(value)]),
    );
    if (fields.nr_throttled === undefined) continue;
    const throttledNs =
      fields.throttled_time ?? (fields.throttled_usec !== undefined ? fields.throttled_usec * 1000 : undefined);
    return { nr_periods: fields.nr_periods ?? 0, nr_throttled: fields.nr_throttled, throttledNs };
  }
  return null;
}

/** Connects (TCP or unix, per `options`), reads until the peer ends, and reports the errno if any. */
function readSocket(options, timeoutMs) {
  return new Promise((resolve) => {
    const socket = connect(options);
    let received = '';
    let connected = false;
    const done = (result) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({ connected, received, errno: 'PROBE_TIMEOUT' }), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => (connected = true));
    socket.on('data', (text) => (received += text));
    socket.on('end', () => done({ connected, received, errno: null }));
    socket.on('error', (error) => done({ connected, received, errno: error.code ?? error.message }));
  });
}

/** Reads a cgroup file, or null when this cgroup version does not have it. */
function readCgroup(path) {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/** The named /proc/meminfo fields in bytes ("MemTotal: 262144 kB" -> memTotalBytes), null when absent. */
function meminfoBytes(keys) {
  const text = readCgroup('/proc/meminfo') ?? '';
  const out = {};
  for (const key of keys) {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(text);
    out[`${key[0].toLowerCase()}${key.slice(1)}Bytes`] = match ? Number(match[1]) * 1024 : null;
  }
  return out;
}

export const probes = {
  /**
   * Connects to a TCP listener the harness opened on the host's loopback and reads what it
   * serves. Only loopback addresses are accepted: this probe never sends traffic elsewhere.
   */
  'net-connect': async ({ host = '127.0.0.1', port, timeoutMs = 3000 }) => {
    if (!/^127\.\d+\.\d+\.\d+$/.test(host) && host !== '::1')
      throw new Error(`net-connect only targets loopback, not ${host}`);
    const outcome = await readSocket({ host, port: Number(port) }, timeoutMs);
    return { ...outcome, interfaces: listDir('/sys/class/net'), routes: routes() };
  },

  /**
   * Connects to a unix socket (the engine's socket path) and reads what it serves: the
   * no-docker-socket control, where the harness mounts a dummy that answers a nonce.
   */
  /**
   * The memory limit the kernel enforces on this container (cgroup v1 or v2), as text, and
   * /proc/meminfo's MemTotal and SwapTotal in bytes: gVisor shows no cgroup memory files but
   * sizes the sandbox to the container's limit (MemTotal 262144 kB under --memory 256m).
   */
  'cgroup-memory': async () => ({
    limit: readCgroup('/sys/fs/cgroup/memory/memory.limit_in_bytes') ?? readCgroup('/sys/fs/cgroup/memory.max'),
    limitWithSwap: readCgroup('/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes'),
    swapMax: readCgroup('/sys/fs/cgroup/memory.swap.max'),
    ...meminfoBytes(['MemTotal', 'SwapTotal']),
  }),

  'unix-connect': async ({ path = '/var/run/docker.sock', timeoutMs = 3000 } = {}) => readSocket({ path }, timeoutMs),

  /**
   * Tries to create a file and a directory on the root filesystem. For a non-root user the
   * kernel reports EROFS before it checks permissions when it creates (open O_CREAT, mkdir) on a
   * read-only mount, and EACCES on a writable one: the errno tells the two protections apart.
   */
  'rootfs-write': async ({ paths = ['/sandbox', '/'] } = {}) => {
    const tag = randomBytes(4).toString('hex');
    const out = {};
    for (const dir of paths) {
      const file = `${dir.replace(/\/$/, '')}/probe-${tag}`;
      out[`create ${file}`] = attempt(() => {
        closeSync(openSync(file, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600));
        unlinkSync(file);
      });
      const sub = `${dir.replace(/\/$/, '')}/probe-dir-${tag}`;
      out[`mkdir ${sub}`] = attempt(() => {
        mkdirSync(sub);
        rmdirSync(sub);
      });
    }
    return out;
  },

  /**
   * Spins for `wallMs` of wall time and reports the CPU time the process got: a ratio the CPU
   * quota explains (0.5 cores -> about 0.5), not a wall-clock figure.
   */
  'cpu-share': async ({ wallMs = 1500 } = {}) => {
    const statBefore = cpuStat();
    const cpuBefore = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const limit = BigInt(Math.round(wallMs * 1e6));
    let spins = 0;
    while (process.hrtime.bigint() - t0 < limit) spins++;
    const elapsedMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpuBefore);
    const statAfter = cpuStat();
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const throttled =
      statBefore && statAfter
        ? {
            periods: statAfter.nr_periods - statBefore.nr_periods,
            throttledPeriods: statAfter.nr_throttled - statBefore.nr_throttled,
            throttledMs:
              statAfter.throttledNs !== undefined ? (statAfter.throttledNs - statBefore.throttledNs) / 1e6 : null,
          }
        : null;
    return { wallMs: elapsedMs, cpuMs, share: cpuMs / elapsedMs, spins, throttled };
  },

  /**
   * Starts worker threads (each one a kernel task) until `max` run or one fails to start, then
   * stops them all. Reports how many started and the error of the first that did not.
   */
  'spawn-threads': async ({ max = 128 } = {}) => {
    const workers = [];
    let failure = null;
    const park = 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)';
    for (let i = 0; i < max && !failure; i++) {
      try {
        const worker = new Worker(park, {
          eval: true,
          resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 },
        });
        workers.push(worker);
        await new Promise((resolve) => {
          worker.once('online', resolve);
          worker.once('error', (error) => {
            failure = { errno: error.code ?? null, message: String(error.message).slice(0, 300), at: i };
            resolve();
          });
        });
      } catch (error) {
        failure = { errno: error.code ?? null, message: String(error.message).slice(0, 300), at: i, thrown: true };
      }
    }
    const created = failure ? workers.length - (failure.thrown ? 0 : 1) : workers.length;
    const tasks = readdirSync('/proc/self/task').length;
    await Promise.all(workers.map((worker) => worker.terminate().catch(() => undefined)));
    return { requested: max, created, tasksAtPeak: tasks, failure };
  },

  /** Writes `bytes` into one file under /tmp, in chunks, and reports how far it got. */
  'tmpfs-fill': async ({ bytes, chunkBytes = 1024 ** 2 }) => {
    const file = `/tmp/fill-${randomBytes(4).toString('hex')}`;
    const chunk = Buffer.alloc(chunkBytes, 0x5a);
    let written = 0;
    let errno = null;
    let message = null;
    const fd = openSync(file, 'w');
    try {
      while (written < bytes) written += writeSync(fd, chunk, 0, Math.min(chunkBytes, bytes - written));
    } catch (error) {
      errno = error.code ?? null;
      message = String(error.message).slice(0, 300);
    } finally {
      closeSync(fd);
      unlinkSync(file);
    }
    return { requestedBytes: bytes, writtenBytes: written, errno, message };
  },

  /**
   * Copies an executable from the image into /tmp and tries to run it. `source` defaults to
   * the dynamic loader, which runs on its own (`--version`) and is a few hundred KiB.
   */
  'tmpfs-exec': async ({ source = '/lib64/ld-linux-x86-64.so.2', args = ['--version'] } = {}) => {
    const target = `/tmp/exec-${randomBytes(4).toString('hex')}`;
    const copied = attempt(() => {
      copyFileSync(source, target);
      return { bytes: lstatSync(target).size };
    });
    if (!copied.ok) return { source, target, copied };
    const { chmodSync } = await import('node:fs');
    chmodSync(target, 0o755);
    const ran = attempt(() => ({
      stdout: execFileSync(target, args, { encoding: 'utf8', timeout: 10_000 }).slice(0, 200),
    }));
    unlinkSync(target);
    return { source, target, copied, ran };
  },

  /**
   * Looks for the engine's socket at its usual paths, for any mount of one, and for any unix
   * socket anywhere on the container's filesystem (outside /proc and /sys). `plant` (a path
   * under /tmp) first creates a unix socket there: the detector's self-test.
   */
  'docker-socket': async ({ paths = ['/var/run/docker.sock', '/run/docker.sock'], plant } = {}) => {
    let planted;
    if (plant) {
      if (!String(plant).startsWith('/tmp/')) throw new Error('docker-socket plants only under /tmp');
      planted = createServer();
      await new Promise((resolve, reject) => planted.once('error', reject).listen(plant, resolve));
    }
    try {
      return scanForSockets(paths);
    } finally {
      if (planted) await new Promise((resolve) => planted.close(resolve));
    }
  },
};

/** The engine socket's usual paths, the mounts, and every unix socket on the filesystem. */
function scanForSockets(paths) {
  const stat = {};
  for (const path of paths) stat[path] = attempt(() => ({ mode: lstatSync(path).mode }));
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const fields = line.split(' ');
      const dash = fields.indexOf('-');
      return { mountPoint: fields[4], fsType: fields[dash + 1], source: fields[dash + 2] };
    });
  const sockets = [];
  const walk = (dir, depth) => {
    if (depth > 12 || sockets.length > 20) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = `${dir === '/' ? '' : dir}/${entry.name}`;
      if (path === '/proc' || path === '/sys') continue;
      if (entry.isSocket()) sockets.push(path);
      else if (entry.isDirectory()) walk(path, depth + 1);
    }
  };
  walk('/', 0);
  return {
    stat,
    mounts,
    socketMounts: mounts.filter((m) => /docker\.sock|containerd\.sock/.test(m.mountPoint)),
    sockets,
  };
}
