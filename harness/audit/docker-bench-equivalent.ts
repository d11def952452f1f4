import type { ContainerInspect } from './container-inspect.ts';

/**
 * A faithful re-statement, in code, of what docker-bench-security's container checks test
 * (tests/4_container_images.sh check_4_1 and tests/5_container_runtime.sh check_5_*), so that
 * our checks can be compared with them on the same inspect data. docker-bench-security is a
 * shell script fetched from GitHub; nothing may be fetched here, so it cannot run: instead each
 * function below renders the field as `docker inspect --format '{{ ... }}'` prints it (Go's
 * text/template: a slice as `[a b]`, a nil slice as `[]`, a nil pointer as `<nil>`) and applies
 * the script's own string comparison, grep or sed to that text. Blind spots are reproduced
 * on purpose; harness/audit/README.md lists them.
 *
 * Numbering: CIS Docker Benchmark v1.3.1, as in the docker-bench-security versions whose
 * section 5 starts at "5.1 AppArmor" (v1.6.0 inserts "5.1 swarm mode" and shifts by one).
 */
export type BenchResult = 'PASS' | 'WARN' | 'INFO';

export interface BenchCheck {
  /** The CIS item, e.g. `5.3`. */
  id: string;
  title: string;
  result: BenchResult;
  /** The text the shell check looked at, as `docker inspect --format` renders it. */
  rendered: string;
}

/** Go's rendering of a []string (nil prints as `[]`). */
function goSlice(values: readonly unknown[] | null | undefined): string {
  return `[${(values ?? []).map((v) => (typeof v === 'object' && v !== null ? goStruct(Object.values(v)) : String(v))).join(' ')}]`;
}

/** Go's rendering of a struct value: its fields in order, space-separated, in braces. */
function goStruct(fields: readonly unknown[]): string {
  return `{${fields.map((f) => (f === undefined || f === null ? '' : String(f))).join(' ')}}`;
}

/** A mount as Go prints types.MountPoint: {Type Name Source Destination Driver Mode RW Propagation}. */
function goMounts(inspect: ContainerInspect): string {
  const mounts = (inspect.Mounts ?? []).map((m) =>
    goStruct([
      m.Type ?? '',
      m.Name ?? '',
      m.Source ?? '',
      m.Destination ?? '',
      m.Driver ?? '',
      m.Mode ?? '',
      m.RW ?? false,
      m.Propagation ?? '',
    ]),
  );
  return `[${mounts.join(' ')}]`;
}

const DEFAULT_CAPS =
  /CAP_AUDIT_WRITE|CAP_CHOWN|CAP_DAC_OVERRIDE|CAP_FOWNER|CAP_FSETID|CAP_KILL|CAP_MKNOD|CAP_NET_BIND_SERVICE|CAP_NET_RAW|CAP_SETFCAP|CAP_SETGID|CAP_SETPCAP|CAP_SETUID|CAP_SYS_CHROOT|\s/g;
const DEFAULT_CAPS_SHORT =
  /AUDIT_WRITE|CHOWN|DAC_OVERRIDE|FOWNER|FSETID|KILL|MKNOD|NET_BIND_SERVICE|NET_RAW|SETFCAP|SETGID|SETPCAP|SETUID|SYS_CHROOT|\s/g;
const SENSITIVE_DIRS = ['/', '/boot', '/dev', '/etc', '/lib', '/proc', '/sys', '/usr'];

const pass = (ok: boolean): BenchResult => (ok ? 'PASS' : 'WARN');

/** docker-bench-security's checks for one container, in its order. */
export function dockerBenchEquivalent(inspect: ContainerInspect): BenchCheck[] {
  const host = inspect.HostConfig ?? {};
  const securityOpt = `SecurityOpt=${goSlice(host.SecurityOpt)}`;
  const checks: BenchCheck[] = [];
  const add = (id: string, title: string, result: BenchResult, rendered: string) =>
    checks.push({ id, title, result, rendered });

  // 4.1: User={{.Config.User}} compared with 0, root, empty. "0:0" and "root:root" are not in the list.
  const user = `User=${inspect.Config?.User ?? ''}`;
  add(
    '4.1',
    'Ensure that a user for the container has been created',
    pass(!['User=0', 'User=root', 'User=', 'User=[]', 'User=<no value>'].includes(user)),
    user,
  );

  // 5.3: CapAdd with the default capabilities (and whitespace) deleted must be empty. CapDrop is never read.
  const capAdd = `CapAdd=${goSlice(host.CapAdd)}`;
  const stripped = capAdd
    .toUpperCase()
    .replace('CAPADD', 'CapAdd')
    .replace(DEFAULT_CAPS, '')
    .replace(DEFAULT_CAPS_SHORT, '');
  add(
    '5.3',
    'Ensure that Linux kernel capabilities are restricted within containers',
    pass(['CapAdd=', 'CapAdd=[]', 'CapAdd=<no value>', 'CapAdd=<nil>'].includes(stripped)),
    `${capAdd} -> ${stripped}`,
  );

  add(
    '5.4',
    'Ensure that privileged containers are not used',
    pass(String(host.Privileged ?? false) !== 'true'),
    String(host.Privileged ?? false),
  );

  // 5.5: grep "{.*\s$v\s.*true\s.*}" over the rendered Mounts, for each sensitive directory.
  const mounts = goMounts(inspect);
  const sensitive = SENSITIVE_DIRS.filter((dir) =>
    new RegExp(`{.*\\s${escapeRegExp(dir)}\\s.*true\\s.*}`).test(mounts),
  );
  add(
    '5.5',
    'Ensure sensitive host system directories are not mounted on containers',
    pass(sensitive.length === 0),
    mounts,
  );

  const networkMode = `NetworkMode=${host.NetworkMode ?? ''}`;
  add(
    '5.9',
    "Ensure that the host's network namespace is not shared",
    pass(networkMode !== 'NetworkMode=host'),
    networkMode,
  );

  // 5.10: {{ .Config.Memory }} fails on current engines (no such field), so HostConfig.Memory is read; only "0" fails.
  const memory = String(host.Memory ?? 0);
  add('5.10', 'Ensure that the memory usage for containers is limited', pass(memory !== '0'), memory);

  // 5.11: likewise HostConfig.CpuShares; only "0" fails. NanoCpus and CpuQuota are never read.
  const shares = String(host.CpuShares ?? 0);
  add('5.11', 'Ensure that CPU priority is set appropriately on containers', pass(shares !== '0'), shares);

  const readOnly = String(host.ReadonlyRootfs ?? false);
  add(
    '5.12',
    "Ensure that the container's root filesystem is mounted as read only",
    pass(readOnly !== 'false'),
    readOnly,
  );

  const pidMode = `PidMode=${host.PidMode ?? ''}`;
  add('5.15', "Ensure that the host's process namespace is not shared", pass(pidMode !== 'PidMode=host'), pidMode);
  const ipcMode = `IpcMode=${host.IpcMode ?? ''}`;
  add('5.16', "Ensure that the host's IPC namespace is not shared", pass(ipcMode !== 'IpcMode=host'), ipcMode);

  // 5.17 reports INFO, not WARN, when devices are exposed: it never fails the run.
  const devices = `Devices=${goSlice(host.Devices?.map((d) => ({ a: d.PathOnHost, b: d.PathInContainer, c: d.CgroupPermissions })))}`;
  add(
    '5.17',
    'Ensure that host devices are not directly exposed to containers',
    ['Devices=', 'Devices=[]', 'Devices=<no value>'].includes(devices) ? 'PASS' : 'INFO',
    devices,
  );

  const utsMode = `UTSMode=${host.UTSMode ?? ''}`;
  add('5.20', "Ensure that the host's UTS namespace is not shared", pass(utsMode !== 'UTSMode=host'), utsMode);

  // 5.21: grep -E 'seccomp:unconfined|seccomp=unconfined'. Any other value, or none, passes.
  add(
    '5.21',
    'Ensure the default seccomp profile is not Disabled',
    pass(!/seccomp:unconfined|seccomp=unconfined/.test(securityOpt)),
    abbreviate(securityOpt),
  );

  // 5.25: grep 'no-new-privileges' anywhere in the rendered list: "no-new-privileges:false" matches.
  // (Newer versions first pass the check outright when the daemon runs with --no-new-privileges.)
  add(
    '5.25',
    'Ensure that the container is restricted from acquiring additional privileges',
    pass(/no-new-privileges/.test(securityOpt)),
    abbreviate(securityOpt),
  );

  const pids = host.PidsLimit === null || host.PidsLimit === undefined ? '<nil>' : String(host.PidsLimit);
  add('5.28', 'Ensure that the PIDs cgroup limit is used', pass(!['0', '<nil>', '-1'].includes(pids)), pids);

  const userns = host.UsernsMode ?? '';
  add('5.30', "Ensure that the host's user namespaces are not shared", pass(!/host/i.test(userns)), userns);

  // 5.31: grep 'docker.sock' over the rendered Mounts ('.' matches any character).
  add(
    '5.31',
    'Ensure that the Docker socket is not mounted inside any containers',
    pass(!/docker.sock/.test(mounts)),
    mounts,
  );

  return checks;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The seccomp JSON makes the rendered options kilobytes long; evidence keeps the start. */
function abbreviate(text: string, maxChars = 240): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}... (${text.length} chars)`;
}
