import { describe, expect, it } from 'vitest';
import {
  CONTAINER_CHECKS,
  checkContainer,
  effectiveMountFlags,
  isNonRootUser,
} from '../../harness/audit/container-checks.ts';
import type { ContainerInspect } from '../../harness/audit/container-inspect.ts';
import { readSeccompOption } from '../../harness/audit/seccomp-option.ts';
import { hardenedInspect, mutated, profileJson, seccompContext } from './inspect-fixture.ts';

const failing = (inspect: ContainerInspect) =>
  checkContainer(inspect, seccompContext())
    .filter((check) => !check.passed)
    .map((check) => check.id);

const hostConfig = (change: (host: NonNullable<ContainerInspect['HostConfig']>) => void) =>
  mutated((inspect) => change(inspect.HostConfig!));

describe('container checks on the hardened inspect', () => {
  it('every check passes on a real sandbox container of the hardened config', () => {
    const checks = checkContainer(hardenedInspect(), seccompContext());
    expect(checks.map((c) => [c.id, c.passed])).toEqual(CONTAINER_CHECKS.map((c) => [c.id, true]));
  });

  it('every check carries an id, a CIS reference, a title, what it expected and what it found', () => {
    for (const check of checkContainer(hardenedInspect(), seccompContext())) {
      expect(check.id).toMatch(/^(cis-\d\.\d+-|sandbox-)[a-z-]+$/);
      expect(check.cisReference).toMatch(
        /^CIS Docker Benchmark \d\.\d+ \(v1\.6\.0: \d\.\d+\)$|^none \(sandbox-gate\)$/,
      );
      expect(check.title.length).toBeGreaterThan(10);
      expect(check.expected.length).toBeGreaterThan(10);
      expect(check.found).toBeTypeOf('object');
      expect(check.configKey).toMatch(/^sandbox\.docker(\.[a-z_]+)?$/);
    }
  });

  it('ids are unique', () => {
    const ids = CONTAINER_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

// One field changed at a time: exactly the matching check fails, and nothing else.
const SINGLE_FIELD_MUTATIONS: Array<[string, ContainerInspect, string]> = [
  [
    'CapDrop [] and CapAdd [] (nothing added, nothing dropped)',
    hostConfig((h) => (h.CapDrop = [])),
    'cis-5.3-capabilities',
  ],
  ['CapDrop null', hostConfig((h) => (h.CapDrop = null)), 'cis-5.3-capabilities'],
  ['CapDrop [NET_RAW] instead of ALL', hostConfig((h) => (h.CapDrop = ['NET_RAW'])), 'cis-5.3-capabilities'],
  ['CapDrop [ALL, NET_RAW]', hostConfig((h) => (h.CapDrop = ['ALL', 'NET_RAW'])), 'cis-5.3-capabilities'],
  [
    'CapAdd [NET_RAW] (a default capability added back)',
    hostConfig((h) => (h.CapAdd = ['NET_RAW'])),
    'cis-5.3-capabilities',
  ],
  ['CapAdd [SYS_ADMIN]', hostConfig((h) => (h.CapAdd = ['SYS_ADMIN'])), 'cis-5.3-capabilities'],
  ['Privileged true', hostConfig((h) => (h.Privileged = true)), 'cis-5.4-privileged'],
  ['Privileged absent', hostConfig((h) => delete h.Privileged), 'cis-5.4-privileged'],
  ['NetworkMode host', hostConfig((h) => (h.NetworkMode = 'host')), 'cis-5.9-network'],
  ['NetworkMode bridge', hostConfig((h) => (h.NetworkMode = 'bridge')), 'cis-5.9-network'],
  ['NetworkMode default', hostConfig((h) => (h.NetworkMode = 'default')), 'cis-5.9-network'],
  ['NetworkMode container:<id>', hostConfig((h) => (h.NetworkMode = 'container:abc')), 'cis-5.9-network'],
  [
    'Memory 0 and MemorySwap 0 (memory_limit: none)',
    hostConfig((h) => ((h.Memory = 0), (h.MemorySwap = 0))),
    'cis-5.10-memory',
  ],
  ['MemorySwap -1 (unlimited swap)', hostConfig((h) => (h.MemorySwap = -1)), 'cis-5.10-memory'],
  ['MemorySwap 0 (engine default: swap twice the memory)', hostConfig((h) => (h.MemorySwap = 0)), 'cis-5.10-memory'],
  ['MemorySwap twice Memory', hostConfig((h) => (h.MemorySwap = 2 * h.Memory!)), 'cis-5.10-memory'],
  [
    'NanoCpus 0 and no quota (shares only)',
    hostConfig((h) => ((h.NanoCpus = 0), (h.CpuShares = 1024))),
    'cis-5.11-cpu',
  ],
  ['ReadonlyRootfs false', hostConfig((h) => (h.ReadonlyRootfs = false)), 'cis-5.12-read-only-rootfs'],
  ['ReadonlyRootfs absent', hostConfig((h) => delete h.ReadonlyRootfs), 'cis-5.12-read-only-rootfs'],
  ['PidMode host', hostConfig((h) => (h.PidMode = 'host')), 'cis-5.15-pid-namespace'],
  ['PidMode container:<id>', hostConfig((h) => (h.PidMode = 'container:abc')), 'cis-5.15-pid-namespace'],
  ['IpcMode host', hostConfig((h) => (h.IpcMode = 'host')), 'cis-5.16-ipc-namespace'],
  ['IpcMode shareable', hostConfig((h) => (h.IpcMode = 'shareable')), 'cis-5.16-ipc-namespace'],
  [
    'Devices [/dev/kmsg]',
    hostConfig(
      (h) => (h.Devices = [{ PathOnHost: '/dev/kmsg', PathInContainer: '/dev/kmsg', CgroupPermissions: 'rwm' }]),
    ),
    'cis-5.17-devices',
  ],
  ['UTSMode host', hostConfig((h) => (h.UTSMode = 'host')), 'cis-5.20-uts-namespace'],
  [
    'seccomp=unconfined',
    hostConfig((h) => (h.SecurityOpt = ['no-new-privileges:true', 'seccomp=unconfined'])),
    'cis-5.21-seccomp',
  ],
  [
    'no seccomp option (the engine default profile)',
    hostConfig((h) => (h.SecurityOpt = ['no-new-privileges:true'])),
    'cis-5.21-seccomp',
  ],
  [
    'a permissive custom profile',
    hostConfig(
      (h) =>
        (h.SecurityOpt = [
          'no-new-privileges:true',
          `seccomp=${JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [] })}`,
        ]),
    ),
    'cis-5.21-seccomp',
  ],
  [
    'our profile with one more syscall allowed',
    hostConfig((h) => {
      const profile = JSON.parse(profileJson()) as { syscalls: unknown[] };
      profile.syscalls.push({ names: ['ptrace'], action: 'SCMP_ACT_ALLOW' });
      h.SecurityOpt = ['no-new-privileges:true', `seccomp=${JSON.stringify(profile)}`];
    }),
    'cis-5.21-seccomp',
  ],
  ['two seccomp options', hostConfig((h) => h.SecurityOpt!.push('seccomp=unconfined')), 'cis-5.21-seccomp'],
  [
    'no-new-privileges:false',
    hostConfig(
      (h) =>
        (h.SecurityOpt = h.SecurityOpt!.map((o) => (o === 'no-new-privileges:true' ? 'no-new-privileges:false' : o))),
    ),
    'cis-5.25-no-new-privileges',
  ],
  [
    'no-new-privileges absent',
    hostConfig((h) => (h.SecurityOpt = h.SecurityOpt!.filter((o) => !o.startsWith('no-new-privileges')))),
    'cis-5.25-no-new-privileges',
  ],
  [
    'no-new-privileges:true overridden by a later :false',
    hostConfig((h) => h.SecurityOpt!.push('no-new-privileges:false')),
    'cis-5.25-no-new-privileges',
  ],
  [
    'only a look-alike entry (label=no-new-privileges:true)',
    hostConfig(
      (h) =>
        (h.SecurityOpt = h.SecurityOpt!.map((o) =>
          o === 'no-new-privileges:true' ? 'label=no-new-privileges:true' : o,
        )),
    ),
    'cis-5.25-no-new-privileges',
  ],
  ['PidsLimit 0', hostConfig((h) => (h.PidsLimit = 0)), 'cis-5.28-pids-limit'],
  ['PidsLimit -1', hostConfig((h) => (h.PidsLimit = -1)), 'cis-5.28-pids-limit'],
  ['PidsLimit null', hostConfig((h) => (h.PidsLimit = null)), 'cis-5.28-pids-limit'],
  ['UsernsMode host', hostConfig((h) => (h.UsernsMode = 'host')), 'cis-5.30-user-namespace'],
  [
    'Binds /var/run/docker.sock',
    hostConfig((h) => (h.Binds = ['/var/run/docker.sock:/var/run/docker.sock'])),
    'cis-5.31-docker-socket',
  ],
  [
    'Binds /var/run (the directory that holds the socket)',
    hostConfig((h) => (h.Binds = ['/var/run:/host-run:ro'])),
    'cis-5.31-docker-socket',
  ],
  ['Binds / (the whole host)', hostConfig((h) => (h.Binds = ['/:/host'])), 'cis-5.31-docker-socket'],
  [
    'Mounts with the socket at another path',
    mutated(
      (i) => (i.Mounts = [{ Type: 'bind', Source: '/run/user/1000/docker.sock', Destination: '/engine', RW: true }]),
    ),
    'cis-5.31-docker-socket',
  ],
  [
    'Tmpfs /tmp exec',
    hostConfig((h) => (h.Tmpfs = { '/tmp': 'exec,nosuid,nodev,size=67108864' })),
    'sandbox-tmpfs-noexec',
  ],
  [
    'Tmpfs /tmp noexec undone by a later exec',
    hostConfig((h) => (h.Tmpfs = { '/tmp': 'noexec,nosuid,nodev,size=67108864,exec' })),
    'sandbox-tmpfs-noexec',
  ],
  [
    'Tmpfs /tmp suid',
    hostConfig((h) => (h.Tmpfs = { '/tmp': 'noexec,suid,nodev,size=67108864' })),
    'sandbox-tmpfs-noexec',
  ],
  [
    'Tmpfs /tmp without a size',
    hostConfig((h) => (h.Tmpfs = { '/tmp': 'noexec,nosuid,nodev' })),
    'sandbox-tmpfs-noexec',
  ],
  ['no tmpfs at all', hostConfig((h) => (h.Tmpfs = null)), 'sandbox-tmpfs-noexec'],
  [
    'the container could not start (State.Error from the engine)',
    mutated(
      (i) =>
        (i.State = {
          Status: 'created',
          Running: false,
          ExitCode: 128,
          Error: 'runc create failed: unable to apply bounding set: operation not permitted',
        }),
    ),
    'sandbox-container-starts',
  ],
  ['User empty (root)', mutated((i) => (i.Config!.User = '')), 'cis-4.1-user'],
  ['User 0', mutated((i) => (i.Config!.User = '0')), 'cis-4.1-user'],
  ['User 0:0', mutated((i) => (i.Config!.User = '0:0')), 'cis-4.1-user'],
  ['User root', mutated((i) => (i.Config!.User = 'root')), 'cis-4.1-user'],
  ['User root:root', mutated((i) => (i.Config!.User = 'root:root')), 'cis-4.1-user'],
  ['User 1000:0 (root group)', mutated((i) => (i.Config!.User = '1000:0')), 'cis-4.1-user'],
  ['User 0:1000 (uid 0)', mutated((i) => (i.Config!.User = '0:1000')), 'cis-4.1-user'],
];

describe('each single-field weakening fails exactly its check', () => {
  it.each(SINGLE_FIELD_MUTATIONS)('%s -> %s', (_name, inspect, id) => {
    expect(failing(inspect)).toEqual([id]);
  });

  it('a failing check says what it found', () => {
    const [check] = checkContainer(
      hostConfig((h) => (h.CapAdd = ['NET_RAW'])),
      seccompContext(),
    ).filter((c) => !c.passed);
    expect(check).toMatchObject({
      id: 'cis-5.3-capabilities',
      cisReference: 'CIS Docker Benchmark 5.3 (v1.6.0: 5.4)',
      found: { CapDrop: ['ALL'], CapAdd: ['NET_RAW'] },
    });
  });
});

describe('what the checks accept', () => {
  it('CapAdd null is as good as []', () => {
    expect(failing(hostConfig((h) => (h.CapAdd = null)))).toEqual([]);
  });

  it('the bare "no-new-privileges" entry means true (the engine reads it so)', () => {
    expect(
      failing(
        hostConfig(
          (h) =>
            (h.SecurityOpt = h.SecurityOpt!.map((o) => (o === 'no-new-privileges:true' ? 'no-new-privileges' : o))),
        ),
      ),
    ).toEqual([]);
  });

  it('the profile is compared by content: a pretty-printed copy of our profile passes', () => {
    const pretty = JSON.stringify(JSON.parse(profileJson()), null, 2);
    expect(failing(hostConfig((h) => (h.SecurityOpt = ['no-new-privileges:true', `seccomp=${pretty}`])))).toEqual([]);
  });

  it('a CPU quota without NanoCpus passes the CPU check', () => {
    expect(failing(hostConfig((h) => ((h.NanoCpus = 0), (h.CpuQuota = 50_000), (h.CpuPeriod = 100_000))))).toEqual([]);
  });

  it('a tmpfs given only a size keeps the engine defaults noexec,nosuid,nodev', () => {
    expect(effectiveMountFlags('size=1m')).toEqual({ noexec: true, nosuid: true, nodev: true, size: '1m' });
    expect(failing(hostConfig((h) => (h.Tmpfs = { '/tmp': 'size=1m' })))).toEqual([]);
  });

  it('isNonRootUser wants numeric, non-zero ids', () => {
    expect(['1000:1000', '1000', '65534:65534'].map(isNonRootUser)).toEqual([true, true, true]);
    expect(['', '0', '0:0', 'root', 'node', '1000:0', ' 0 ', undefined].map(isNonRootUser)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('an inspect with nothing in it fails every check that needs a field present, rather than throwing', () => {
    // No Devices and no mounts are what those two checks want; everything else must be shown.
    const absentIsFine = ['cis-5.17-devices', 'cis-5.31-docker-socket'];
    expect(failing({})).toEqual(CONTAINER_CHECKS.map((c) => c.id).filter((id) => !absentIsFine.includes(id)));
  });
});

describe('readSeccompOption', () => {
  it('reads seccomp=<json> and the legacy seccomp:<json>, hashing the minified JSON', () => {
    const json = profileJson();
    const a = readSeccompOption([`seccomp=${json}`]);
    const b = readSeccompOption([`seccomp:${JSON.stringify(JSON.parse(json), null, 4)}`]);
    expect(a.kind).toBe('profile');
    expect(b).toEqual(a);
    expect(a.kind === 'profile' && a.sha256).toBe(seccompContext().seccomp.sha256);
  });

  it('tells unconfined, the engine default, a path and duplicates apart', () => {
    expect(readSeccompOption(['seccomp=unconfined'])).toEqual({ kind: 'unconfined' });
    expect(readSeccompOption(null)).toEqual({ kind: 'engine-default' });
    expect(readSeccompOption(['seccomp=/etc/profile.json']).kind).toBe('unreadable');
    expect(readSeccompOption(['seccomp=unconfined', 'seccomp={}'])).toEqual({ kind: 'ambiguous', count: 2 });
  });
});
