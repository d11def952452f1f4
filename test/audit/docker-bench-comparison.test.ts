import { describe, expect, it } from 'vitest';
import { checkContainer } from '../../harness/audit/container-checks.ts';
import type { ContainerInspect } from '../../harness/audit/container-inspect.ts';
import { dockerBenchEquivalent, type BenchResult } from '../../harness/audit/docker-bench-equivalent.ts';
import { hardenedInspect, mutated, profileJson, seccompContext } from './inspect-fixture.ts';

const bench = (inspect: ContainerInspect, id: string): BenchResult => {
  const check = dockerBenchEquivalent(inspect).find((c) => c.id === id);
  if (!check) throw new Error(`no docker-bench check ${id}`);
  return check.result;
};
const ours = (inspect: ContainerInspect, id: string): boolean => {
  const check = checkContainer(inspect, seccompContext()).find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return check.passed;
};
const host = (change: (h: NonNullable<ContainerInspect['HostConfig']>) => void) =>
  mutated((i) => change(i.HostConfig!));

describe('docker-bench-equivalent restates the shell checks', () => {
  it('on the hardened container: everything passes except 5.11, which reads CpuShares and never NanoCpus', () => {
    const results = Object.fromEntries(dockerBenchEquivalent(hardenedInspect()).map((c) => [c.id, c.result]));
    expect(results).toEqual({
      '4.1': 'PASS',
      '5.3': 'PASS',
      '5.4': 'PASS',
      '5.5': 'PASS',
      '5.9': 'PASS',
      '5.10': 'PASS',
      '5.11': 'WARN',
      '5.12': 'PASS',
      '5.15': 'PASS',
      '5.16': 'PASS',
      '5.17': 'PASS',
      '5.20': 'PASS',
      '5.21': 'PASS',
      '5.25': 'PASS',
      '5.28': 'PASS',
      '5.30': 'PASS',
      '5.31': 'PASS',
    });
    expect(ours(hardenedInspect(), 'cis-5.11-cpu')).toBe(true);
  });

  it('renders fields as docker inspect --format does (Go slices, <nil>)', () => {
    const checks = dockerBenchEquivalent(host((h) => ((h.CapAdd = ['net_raw', 'SYS_ADMIN']), (h.PidsLimit = null))));
    expect(checks.find((c) => c.id === '5.3')!.rendered).toBe('CapAdd=[net_raw SYS_ADMIN] -> CapAdd=[SYS_ADMIN]');
    expect(checks.find((c) => c.id === '5.28')!.rendered).toBe('<nil>');
  });

  it('agrees with our checks where the field is plainly wrong', () => {
    const agreements: Array<[ContainerInspect, string, string]> = [
      [host((h) => (h.CapAdd = ['SYS_ADMIN'])), '5.3', 'cis-5.3-capabilities'],
      [host((h) => (h.Privileged = true)), '5.4', 'cis-5.4-privileged'],
      [host((h) => (h.NetworkMode = 'host')), '5.9', 'cis-5.9-network'],
      [host((h) => ((h.Memory = 0), (h.MemorySwap = 0))), '5.10', 'cis-5.10-memory'],
      [host((h) => (h.ReadonlyRootfs = false)), '5.12', 'cis-5.12-read-only-rootfs'],
      [host((h) => (h.PidMode = 'host')), '5.15', 'cis-5.15-pid-namespace'],
      [host((h) => (h.IpcMode = 'host')), '5.16', 'cis-5.16-ipc-namespace'],
      [host((h) => (h.UTSMode = 'host')), '5.20', 'cis-5.20-uts-namespace'],
      [host((h) => (h.SecurityOpt = ['no-new-privileges:true', 'seccomp=unconfined'])), '5.21', 'cis-5.21-seccomp'],
      [
        host((h) => (h.SecurityOpt = h.SecurityOpt!.filter((o) => !o.startsWith('no-new-privileges')))),
        '5.25',
        'cis-5.25-no-new-privileges',
      ],
      [host((h) => (h.PidsLimit = 0)), '5.28', 'cis-5.28-pids-limit'],
      [host((h) => (h.UsernsMode = 'host')), '5.30', 'cis-5.30-user-namespace'],
      [
        mutated(
          (i) =>
            (i.Mounts = [
              {
                Type: 'bind',
                Source: '/var/run/docker.sock',
                Destination: '/var/run/docker.sock',
                Mode: '',
                RW: true,
                Propagation: 'rprivate',
              },
            ]),
        ),
        '5.31',
        'cis-5.31-docker-socket',
      ],
      [mutated((i) => (i.Config!.User = '0')), '4.1', 'cis-4.1-user'],
    ];
    for (const [inspect, benchId, ourId] of agreements) {
      expect([benchId, bench(inspect, benchId), ourId, ours(inspect, ourId)]).toEqual([benchId, 'WARN', ourId, false]);
    }
  });
});

/**
 * The blind spots: docker-bench-security passes (or only informs) where the sandbox is weaker
 * than it must be, and our check fails. Each row is one inspect document, one field changed.
 */
const BLIND_SPOTS: Array<[string, ContainerInspect, string, BenchResult, string]> = [
  [
    'nothing dropped, nothing added (CapDrop [], CapAdd [])',
    host((h) => ((h.CapDrop = []), (h.CapAdd = []))),
    '5.3',
    'PASS',
    'cis-5.3-capabilities',
  ],
  [
    'NET_RAW added back (5.3 deletes the default capabilities before it compares)',
    host((h) => (h.CapAdd = ['NET_RAW'])),
    '5.3',
    'PASS',
    'cis-5.3-capabilities',
  ],
  [
    'CHOWN and SETUID added back, lower case',
    host((h) => (h.CapAdd = ['chown', 'cap_setuid'])),
    '5.3',
    'PASS',
    'cis-5.3-capabilities',
  ],
  [
    'no-new-privileges:false (5.25 greps the substring)',
    host(
      (h) =>
        (h.SecurityOpt = h.SecurityOpt!.map((o) =>
          o.startsWith('no-new-privileges') ? 'no-new-privileges:false' : o,
        )),
    ),
    '5.25',
    'PASS',
    'cis-5.25-no-new-privileges',
  ],
  [
    'a permissive custom seccomp profile (5.21 only looks for unconfined)',
    host(
      (h) =>
        (h.SecurityOpt = ['no-new-privileges:true', `seccomp=${JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW' })}`]),
    ),
    '5.21',
    'PASS',
    'cis-5.21-seccomp',
  ],
  [
    'no seccomp option: the engine default, not our profile',
    host((h) => (h.SecurityOpt = ['no-new-privileges:true'])),
    '5.21',
    'PASS',
    'cis-5.21-seccomp',
  ],
  [
    'our profile with ptrace allowed',
    host((h) => {
      const profile = JSON.parse(profileJson()) as { syscalls: unknown[] };
      profile.syscalls.push({ names: ['ptrace'], action: 'SCMP_ACT_ALLOW' });
      h.SecurityOpt = ['no-new-privileges:true', `seccomp=${JSON.stringify(profile)}`];
    }),
    '5.21',
    'PASS',
    'cis-5.21-seccomp',
  ],
  [
    'unlimited swap (MemorySwap -1; 5.10 reads Memory only)',
    host((h) => (h.MemorySwap = -1)),
    '5.10',
    'PASS',
    'cis-5.10-memory',
  ],
  [
    'swap twice the memory (MemorySwap 0, the engine default)',
    host((h) => (h.MemorySwap = 0)),
    '5.10',
    'PASS',
    'cis-5.10-memory',
  ],
  [
    'user 0:0 (4.1 compares with "0", "root" and "" only)',
    mutated((i) => (i.Config!.User = '0:0')),
    '4.1',
    'PASS',
    'cis-4.1-user',
  ],
  ['user root:root', mutated((i) => (i.Config!.User = 'root:root')), '4.1', 'PASS', 'cis-4.1-user'],
  [
    'the default bridge network (5.9 only rejects host)',
    host((h) => (h.NetworkMode = 'default')),
    '5.9',
    'PASS',
    'cis-5.9-network',
  ],
  [
    "another container's network namespace",
    host((h) => (h.NetworkMode = 'container:abc')),
    '5.9',
    'PASS',
    'cis-5.9-network',
  ],
  [
    "another container's PID namespace",
    host((h) => (h.PidMode = 'container:abc')),
    '5.15',
    'PASS',
    'cis-5.15-pid-namespace',
  ],
  ['a shareable IPC namespace', host((h) => (h.IpcMode = 'shareable')), '5.16', 'PASS', 'cis-5.16-ipc-namespace'],
  [
    'CPU shares without a quota (5.11 reads CpuShares only)',
    host((h) => ((h.NanoCpus = 0), (h.CpuShares = 1024))),
    '5.11',
    'PASS',
    'cis-5.11-cpu',
  ],
  [
    'a host device (5.17 reports INFO, never a failure)',
    host((h) => (h.Devices = [{ PathOnHost: '/dev/mem', PathInContainer: '/dev/mem', CgroupPermissions: 'rwm' }])),
    '5.17',
    'INFO',
    'cis-5.17-devices',
  ],
  [
    'the directory holding the socket, /var/run, bound read-only (5.31 greps "docker.sock")',
    mutated((i) => {
      i.HostConfig!.Binds = ['/var/run:/host-run:ro'];
      i.Mounts = [
        { Type: 'bind', Source: '/var/run', Destination: '/host-run', Mode: 'ro', RW: false, Propagation: 'rprivate' },
      ];
    }),
    '5.31',
    'PASS',
    'cis-5.31-docker-socket',
  ],
  [
    'the socket bound (only HostConfig.Binds given, 5.31 reads Mounts)',
    host((h) => (h.Binds = ['/var/run/docker.sock:/var/run/docker.sock'])),
    '5.31',
    'PASS',
    'cis-5.31-docker-socket',
  ],
];

describe('blind spots: docker-bench-equivalent passes, ours fails', () => {
  it.each(BLIND_SPOTS)('%s: docker-bench %s %s, ours %s fails', (_name, inspect, benchId, benchResult, ourId) => {
    expect(bench(inspect, benchId)).toBe(benchResult);
    expect(ours(inspect, ourId)).toBe(false);
  });

  it('has no check at all for an exec /tmp, which ours catches', () => {
    const inspect = host((h) => (h.Tmpfs = { '/tmp': 'exec,size=67108864' }));
    expect(
      dockerBenchEquivalent(inspect).every(
        (c) => c.result === dockerBenchEquivalent(hardenedInspect()).find((h) => h.id === c.id)!.result,
      ),
    ).toBe(true);
    expect(ours(inspect, 'sandbox-tmpfs-noexec')).toBe(false);
  });
});
