import type Docker from 'dockerode';
import { loadConfig } from '../config/load-config.ts';
import { createEngineClient, engineCall } from '../sandbox/docker/engine-client.ts';
import { imageExists, resolveImageRef } from '../sandbox/docker/image.ts';
import { loadSeccompProfile } from '../sandbox/docker/seccomp-profile.ts';
import { ENGINE_FIX, PREFLIGHT_TIMEOUT_MS, engineAddress } from './preflight.ts';

interface Check {
  name: string;
  ok: boolean;
  /** Not required: a miss is reported but does not fail the doctor. */
  optional?: boolean;
  detail: string;
  fix?: string;
  /** How long the check took. */
  durationMs: number;
}

/**
 * Each engine call of the doctor gets the preflight's deadline (3 s): three calls at most
 * before the engine check gives up, so a hung engine is answered in under 10 s.
 */
const DOCTOR_CALL_TIMEOUT_MS = PREFLIGHT_TIMEOUT_MS;

/** `sandbox-gate doctor`: what the machine has, what is missing, how to fix each miss. Exit 0 or 3. */
export async function doctorCommand(options: { config: string; json: boolean }): Promise<number> {
  const checks: Check[] = [];
  // Every check is pushed right after it ran: its duration is the time since the previous one.
  let since = performance.now();
  const push = (...added: Omit<Check, 'durationMs'>[]) => {
    const now = performance.now();
    added.forEach((check, index) => checks.push({ ...check, durationMs: index === 0 ? now - since : 0 }));
    since = now;
  };
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  push({ name: 'node', ok: nodeMajor >= 20, detail: `Node ${process.version}`, fix: 'install Node.js 20 or later' });

  const config = await loadConfig(options.config);
  const docker = config.sandbox.docker;
  try {
    const profile = await loadSeccompProfile(docker.seccompProfile, config.file);
    push(
      profile === 'unconfined'
        ? {
            name: 'seccomp profile',
            ok: false,
            detail: 'seccomp_profile is unconfined: layer 3 is off',
            fix: "remove sandbox.docker.seccomp_profile (its default is the package's seccomp/sandbox-node.json)",
          }
        : { name: 'seccomp profile', ok: true, detail: `${profile.path} (sha256 ${profile.sha256.slice(0, 16)}...)` },
    );
  } catch (error) {
    push({
      name: 'seccomp profile',
      ok: false,
      detail: (error as Error).message,
      fix: 'restore seccomp/sandbox-node.json from the repository',
    });
  }

  if (!docker.noNewPrivileges && docker.seccompProfile !== 'unconfined') {
    push({
      name: 'no_new_privileges',
      ok: false,
      detail:
        'no_new_privileges: false with a seccomp profile: runc then installs the profile before dropping privileges, the profile denies those calls, and no container can start (every execution would fail over to the local mode)',
      fix: 'set sandbox.docker.no_new_privileges: true',
    });
  }

  const client = createEngineClient(undefined, DOCTOR_CALL_TIMEOUT_MS);
  const engineFix = ENGINE_FIX;
  try {
    const version = await engineCall(
      'version',
      (abortSignal) => withSignal(client.version, client, abortSignal) as Promise<Docker.DockerVersion>,
      DOCTOR_CALL_TIMEOUT_MS,
    );
    const info = (await engineCall(
      'info',
      (abortSignal) => withSignal(client.info, client, abortSignal),
      DOCTOR_CALL_TIMEOUT_MS,
    )) as {
      Runtimes?: Record<string, unknown>;
      SecurityOptions?: string[];
      MemoryLimit?: boolean;
      SwapLimit?: boolean;
      PidsLimit?: boolean;
      CgroupVersion?: string;
    };
    push({
      name: 'engine',
      ok: true,
      detail: `Docker Engine ${version.Version}, API ${version.ApiVersion}, cgroup v${info.CgroupVersion ?? '?'} (${engineAddress()})`,
    });
    const runtimes = Object.keys(info.Runtimes ?? {});
    push({
      name: 'runtime runc',
      ok: runtimes.includes('runc'),
      detail: `runtimes: ${runtimes.join(', ')}`,
      fix: 'install runc (Debian: apt-get install runc)',
    });
    push({
      name: 'runtime runsc (gVisor)',
      ok: runtimes.includes('runsc'),
      optional: docker.runtime !== 'runsc',
      detail: runtimes.includes('runsc') ? 'registered' : 'not registered with the engine',
      fix: 'apt-get install runsc, then rerun scripts/docker-engine.sh (it registers runsc with --network=none)',
    });
    const seccomp = (info.SecurityOptions ?? []).some((option) => option.includes('name=seccomp'));
    push({
      name: 'seccomp support',
      ok: seccomp,
      detail: `security options: ${(info.SecurityOptions ?? []).join('; ') || 'none'}`,
      fix: 'use a kernel and engine built with seccomp',
    });
    push({
      name: 'memory and pids limits',
      ok: info.MemoryLimit !== false && info.PidsLimit !== false,
      detail: `MemoryLimit ${info.MemoryLimit}, SwapLimit ${info.SwapLimit}, PidsLimit ${info.PidsLimit}`,
      fix: 'enable the memory and pids cgroup controllers',
    });
    const { ref } = await resolveImageRef(docker.image);
    const present = await imageExists(client, ref);
    push({
      name: 'image',
      ok: present,
      optional: true,
      detail: present ? `${ref} present` : `${ref} not built yet (built automatically on first use)`,
      fix: 'npx sandbox-gate image build',
    });
  } catch (error) {
    push({
      name: 'engine',
      ok: false,
      detail: `no Docker Engine answers at ${engineAddress()}: ${(error as Error).message}`,
      fix: engineFix,
    });
  }

  const failed = checks.filter((check) => !check.ok && !check.optional);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ok: failed.length === 0, checks })}\n`);
  } else {
    for (const check of checks) {
      const mark = check.ok ? 'ok  ' : check.optional ? 'note' : 'MISS';
      process.stdout.write(
        `${mark}  ${check.name} (${formatDuration(check.durationMs)}): ${check.detail}${!check.ok && check.fix ? `\n      how to fix: ${check.fix}` : ''}\n`,
      );
    }
    process.stdout.write(
      failed.length === 0
        ? 'doctor: everything the sandbox needs is here\n'
        : `doctor: ${failed.length} required item(s) missing\n`,
    );
  }
  return failed.length === 0 ? 0 : 3;
}

function formatDuration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** dockerode's version() and info() take `abortSignal` in their options, but its types omit it. */
function withSignal(method: (...args: never[]) => unknown, client: Docker, abortSignal: AbortSignal): Promise<unknown> {
  return (method as (options: { abortSignal: AbortSignal }) => Promise<unknown>).call(client, { abortSignal });
}
