import { loadConfig } from '../config/load-config.ts';
import { createEngineClient } from '../sandbox/docker/engine-client.ts';
import { imageExists, resolveImageRef } from '../sandbox/docker/image.ts';
import { loadSeccompProfile } from '../sandbox/docker/seccomp-profile.ts';

interface Check {
  name: string;
  ok: boolean;
  /** Not required: a miss is reported but does not fail the doctor. */
  optional?: boolean;
  detail: string;
  fix?: string;
}

/** `sandbox-gate doctor`: what the machine has, what is missing, how to fix each miss. Exit 0 or 3. */
export async function doctorCommand(options: { config: string; json: boolean }): Promise<number> {
  const checks: Check[] = [];
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  checks.push({ name: 'node', ok: nodeMajor >= 20, detail: `Node ${process.version}`, fix: 'install Node.js 20 or later' });

  const config = await loadConfig(options.config);
  const docker = config.sandbox.docker;
  try {
    const profile = await loadSeccompProfile(docker.seccompProfile, config.file);
    checks.push(
      profile === 'unconfined'
        ? { name: 'seccomp profile', ok: false, detail: 'seccomp_profile is unconfined: layer 3 is off', fix: 'set sandbox.docker.seccomp_profile: seccomp/sandbox-node.json' }
        : { name: 'seccomp profile', ok: true, detail: `${profile.path} (sha256 ${profile.sha256.slice(0, 16)}...)` },
    );
  } catch (error) {
    checks.push({ name: 'seccomp profile', ok: false, detail: (error as Error).message, fix: 'restore seccomp/sandbox-node.json from the repository' });
  }

  if (!docker.noNewPrivileges && docker.seccompProfile !== 'unconfined') {
    checks.push({
      name: 'no_new_privileges',
      ok: false,
      detail: 'no_new_privileges: false with a seccomp profile: runc then installs the profile before dropping privileges, the profile denies those calls, and no container can start (every execution would fail over to the local mode)',
      fix: 'set sandbox.docker.no_new_privileges: true',
    });
  }

  const client = createEngineClient();
  const engineFix = 'start an engine: sudo scripts/docker-engine.sh (or point DOCKER_HOST at one)';
  try {
    const version = await client.version();
    const info = (await client.info()) as { Runtimes?: Record<string, unknown>; SecurityOptions?: string[]; MemoryLimit?: boolean; SwapLimit?: boolean; PidsLimit?: boolean; CgroupVersion?: string };
    checks.push({ name: 'engine', ok: true, detail: `Docker Engine ${version.Version}, API ${version.ApiVersion}, cgroup v${info.CgroupVersion ?? '?'} (${process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock'})` });
    const runtimes = Object.keys(info.Runtimes ?? {});
    checks.push({ name: 'runtime runc', ok: runtimes.includes('runc'), detail: `runtimes: ${runtimes.join(', ')}`, fix: 'install runc (Debian: apt-get install runc)' });
    checks.push({
      name: 'runtime runsc (gVisor)',
      ok: runtimes.includes('runsc'),
      optional: docker.runtime !== 'runsc',
      detail: runtimes.includes('runsc') ? 'registered' : 'not registered with the engine',
      fix: 'apt-get install runsc, then rerun scripts/docker-engine.sh (it registers runsc with --network=none)',
    });
    const seccomp = (info.SecurityOptions ?? []).some((option) => option.includes('name=seccomp'));
    checks.push({ name: 'seccomp support', ok: seccomp, detail: `security options: ${(info.SecurityOptions ?? []).join('; ') || 'none'}`, fix: 'use a kernel and engine built with seccomp' });
    checks.push({ name: 'memory and pids limits', ok: info.MemoryLimit !== false && info.PidsLimit !== false, detail: `MemoryLimit ${info.MemoryLimit}, SwapLimit ${info.SwapLimit}, PidsLimit ${info.PidsLimit}`, fix: 'enable the memory and pids cgroup controllers' });
    const { ref } = await resolveImageRef(docker.image);
    const present = await imageExists(client, ref);
    checks.push({ name: 'image', ok: present, optional: true, detail: present ? `${ref} present` : `${ref} not built yet (built automatically on first use)`, fix: 'npx sandbox-gate image build' });
  } catch (error) {
    checks.push({ name: 'engine', ok: false, detail: `no Docker Engine answers: ${(error as Error).message}`, fix: engineFix });
  }

  const failed = checks.filter((check) => !check.ok && !check.optional);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ok: failed.length === 0, checks })}\n`);
  } else {
    for (const check of checks) {
      const mark = check.ok ? 'ok  ' : check.optional ? 'note' : 'MISS';
      process.stdout.write(`${mark}  ${check.name}: ${check.detail}${!check.ok && check.fix ? `\n      how to fix: ${check.fix}` : ''}\n`);
    }
    process.stdout.write(failed.length === 0 ? 'doctor: everything the sandbox needs is here\n' : `doctor: ${failed.length} required item(s) missing\n`);
  }
  return failed.length === 0 ? 0 : 3;
}
