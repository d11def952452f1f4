// The probe image's one runner probe (harness/sandbox/docker/probe-image.ts copies it into
// /sandbox/runner/probes/ there; it is not in the production image). Node cannot make raw
// syscalls, so it runs the static syscall prober (syscall-prober.c) and returns its report:
// for each named syscall, the return value and the errno name.
import { spawnSync } from 'node:child_process';

const PROBER = '/sandbox/probe/syscall-prober';

export const probes = {
  /** { ok, seccomp (the prober's own Seccomp mode), calls: { name: { ret, errno, why } }, uid }. */
  'raw-syscalls': async ({ names = [] } = {}) => {
    if (!Array.isArray(names) || names.some((name) => typeof name !== 'string' || !/^[a-z0-9_]+$/.test(name))) {
      throw new Error(`raw-syscalls wants syscall names, not ${JSON.stringify(names)}`);
    }
    const child = spawnSync(PROBER, names, { encoding: 'utf8', timeout: 30_000, env: {} });
    if (child.error)
      return { ok: false, errno: child.error.code ?? null, message: String(child.error.message).slice(0, 300) };
    let report = null;
    try {
      report = JSON.parse(child.stdout);
    } catch {
      // Reported below as ok: false with the raw output (a killed prober prints nothing).
    }
    return {
      ok: child.status === 0 && report !== null,
      status: child.status,
      signal: child.signal,
      uid: process.getuid(),
      ...(report ?? { stdout: child.stdout.slice(0, 300) }),
      stderr: child.stderr.slice(0, 300),
    };
  },
};
