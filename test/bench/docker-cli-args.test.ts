import { describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_CONFIG } from '../../harness/config/sandbox-config.ts';
import { dockerRunArgs } from '../../harness/bench/docker-cli-executor.ts';
import { buildContainerSpec } from '../../harness/sandbox/docker/container-spec.ts';
import { LABEL_SETTINGS } from '../../harness/sandbox/docker/labels.ts';

describe('dockerRunArgs', () => {
  const seccomp = { path: '/repo/seccomp/sandbox-node.json', json: '{"defaultAction":"SCMP_ACT_ERRNO"}', sha256: 'x' };
  const spec = buildContainerSpec({ config: DEFAULT_SANDBOX_CONFIG, imageRef: 'sandbox-gate/runner:abc', seccomp });
  const args = dockerRunArgs(spec, seccomp.path, 'sandbox-gate-cli-test');

  it('carries every hardening setting of the spec as a docker run flag', () => {
    expect(args.slice(0, 4)).toEqual(['run', '--rm', '-i', '--name=sandbox-gate-cli-test']);
    for (const flag of [
      '--network=none',
      '--read-only',
      '--cap-drop=ALL',
      '--security-opt=no-new-privileges:true',
      `--security-opt=seccomp=${seccomp.path}`,
      `--memory=${2 * 1024 ** 3}b`,
      `--memory-swap=${2 * 1024 ** 3}b`,
      '--cpus=0.5',
      '--pids-limit=64',
      `--tmpfs=/tmp:noexec,nosuid,nodev,size=${64 * 1024 ** 2},mode=1777`,
      '--ipc=private',
      '--runtime=runc',
      '--log-driver=none',
      '--user=1000:1000',
      '--workdir=/tmp',
      `--label=${LABEL_SETTINGS}=${spec.Labels![LABEL_SETTINGS]}`,
      '--entrypoint=/usr/local/bin/node',
    ]) {
      expect(args, flag).toContain(flag);
    }
  });

  it('never passes the profile JSON itself, and ends with the image and the runner command', () => {
    expect(args.some((arg) => arg.includes('SCMP_ACT_ERRNO'))).toBe(false);
    const image = args.indexOf('sandbox-gate/runner:abc');
    expect(args.slice(image + 1)).toEqual(spec.Cmd);
  });
});
