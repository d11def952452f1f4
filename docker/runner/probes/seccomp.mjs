// Probes for the seccomp claims (harness/claims/seccomp-claims.ts). Each reaches a syscall the
// profile denies through an API Node really has, and reports the errno rather than throwing,
// so that a claim can tell the filter's answer (EPERM, ENOSYS) from the kernel's (EROFS, ...).
// Syscalls Node cannot reach without native code (mount, unshare, ptrace, bpf, ...) have no
// probe here: their claims rest on the profile itself plus a live check that the filter is on.
import fs from 'node:fs';
import net from 'node:net';
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';

/** { ok: false, errno, syscall } from a Node system error; anything else is rethrown (a probe bug). */
function failure(error) {
  if (error && typeof error.code === 'string')
    return {
      ok: false,
      errno: error.code,
      syscall: error.syscall ?? null,
      message: String(error.message).slice(0, 300),
    };
  throw error;
}

export const probes = {
  /** symlink(2): EPERM from the filter; without it, EROFS from the read-only rootfs (or success on /tmp). */
  symlink: async (args) => {
    const path = typeof args.path === 'string' ? args.path : '/sandbox-probe-link';
    try {
      fs.symlinkSync('/etc/passwd', path);
    } catch (error) {
      return { ...failure(error), path };
    }
    fs.unlinkSync(path);
    return { ok: true, path };
  },

  /** inotify_init1(2) through fs.watch: EPERM from the filter; a watcher without it. */
  'fs-watch': async (args) => {
    const path = typeof args.path === 'string' ? args.path : '/tmp';
    let watcher;
    try {
      watcher = fs.watch(path);
    } catch (error) {
      return { ...failure(error), path };
    }
    watcher.close();
    return { ok: true, path };
  },

  /** setuid(2) to the current uid: allowed by the kernel without capabilities, so only the filter says no. */
  'setuid-self': async () => {
    const uid = process.getuid();
    try {
      process.setuid(uid);
    } catch (error) {
      return { ...failure(error), uid };
    }
    return { ok: true, uid };
  },

  /** bind(2)/listen(2) on 127.0.0.1: the loopback exists even with network none, so only the filter says no. */
  'listen-loopback': async () =>
    new Promise((resolve) => {
      const server = net.createServer();
      server.once('error', (error) => resolve(failure(error)));
      server.listen({ host: '127.0.0.1', port: 0 }, () => {
        const { port } = server.address();
        server.close(() => resolve({ ok: true, port }));
      });
    }),

  /**
   * io_uring through libuv: a child node with UV_USE_IO_URING=1 (libuv reads it once, at start)
   * does an async file read and counts its io_uring file descriptors. Under the filter
   * io_uring_setup fails, libuv falls back to its threadpool and the read still works.
   */
  'io-uring-child': async () => {
    const script = `
      const fs = require('node:fs');
      fs.promises.readFile('/proc/self/status', 'utf8').then((text) => {
        const rings = fs.readdirSync('/proc/self/fd').filter((fd) => {
          try { return fs.readlinkSync('/proc/self/fd/' + fd) === 'anon_inode:[io_uring]'; } catch { return false; }
        }).length;
        const seccomp = /^Seccomp:\\s*(\\d+)/m.exec(text)?.[1] ?? null;
        process.stdout.write(JSON.stringify({ readOk: text.length > 0, ioUringFds: rings, seccomp }));
      }, (error) => process.stdout.write(JSON.stringify({ readOk: false, errno: error.code })));`;
    const child = spawnSync(process.execPath, ['-e', script], {
      env: { UV_USE_IO_URING: '1' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (child.error) return failure(child.error);
    let report = null;
    try {
      report = JSON.parse(child.stdout);
    } catch {
      // Reported below as ok: false with the raw output.
    }
    return {
      ok: child.status === 0 && report !== null && report.readOk === true,
      status: child.status,
      signal: child.signal,
      ...report,
      stderr: child.stderr.slice(0, 300),
    };
  },

  /** A worker thread started after start-up: pthread_create (clone3, then clone) still works. */
  'worker-thread': async () =>
    new Promise((resolve) => {
      const worker = new Worker('require("node:worker_threads").parentPort.postMessage(6 * 7)', { eval: true });
      worker.once('message', (value) => {
        // Seccomp mode of every thread while the worker is alive: the new thread inherited the filter.
        const seccomp = {};
        for (const tid of fs.readdirSync('/proc/self/task')) {
          const line = /^Seccomp:\s*(\d+)/m.exec(fs.readFileSync(`/proc/self/task/${tid}/status`, 'utf8'));
          seccomp[tid] = line ? line[1] : null;
        }
        const threads = Object.keys(seccomp).length;
        worker
          .terminate()
          .then(() =>
            resolve({ ok: value === 42, value, threads, seccompModes: [...new Set(Object.values(seccomp))].sort() }),
          );
      });
      worker.once('error', (error) => resolve(failure(error)));
    }),
};
