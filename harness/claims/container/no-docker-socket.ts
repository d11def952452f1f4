import type { Claim, ClaimContext, ClaimRunOptions } from '../claim.ts';
import { benignFunctionality } from '../benign-functionality.ts';
import { checkThat, patchDocker, probeValue } from '../check.ts';

interface SocketScan {
  stat: Record<string, { ok: boolean; errno?: string }>;
  mounts: Array<{ mountPoint: string; fsType: string }>;
  socketMounts: unknown[];
  sockets: string[];
}

const PLANTED = '/tmp/docker.sock';

async function scan(context: ClaimContext, args: Record<string, unknown> = {}, options?: ClaimRunOptions) {
  const value = probeValue<SocketScan>(await context.runProbe('docker-socket', args, options), 'docker-socket');
  return {
    value,
    observed: {
      errnos: Object.fromEntries(Object.entries(value.stat).map(([path, outcome]) => [path, outcome.ok ? 'exists' : outcome.errno])),
      socketMounts: value.socketMounts,
      socketsFound: value.sockets,
      mountPoints: value.mounts.map((mount) => mount.mountPoint),
    },
  };
}

/**
 * The control is missing, and says so: it would need a container with something mounted at
 * /var/run/docker.sock, and neither the config nor Relaxations (container-spec.ts) can add a
 * mount. What it can do, and records, is a self-test of the detector (a unix socket planted in
 * /tmp is found), which shows the probe could see a socket but relaxes no protection; so the
 * control does not pass and the claim is not upheld until a `Relaxations` entry bind-mounts a
 * harmless dummy socket at that path.
 */
export const noDockerSocket: Claim = {
  id: 'no-docker-socket',
  layer: '2',
  statement: "The engine's socket is not reachable: it is absent at /var/run/docker.sock and /run/docker.sock, no mount carries it, and no unix socket exists on the container's filesystem.",
  relaxes: 'none available: no setting or relaxation mounts the engine socket (control missing)',
  async probe(context) {
    const { value, observed } = await scan(context);
    const allAbsent = Object.values(value.stat).every((outcome) => !outcome.ok && outcome.errno === 'ENOENT');
    return checkThat(
      allAbsent && value.socketMounts.length === 0 && value.sockets.length === 0,
      'ENOENT at /var/run/docker.sock and /run/docker.sock, no mount of a docker or containerd socket, no unix socket anywhere',
      observed,
    );
  },
  async control(context) {
    // The self-test binds a unix socket, which our seccomp profile denies (EPERM): it runs
    // with seccomp unconfined. It is evidence about the detector, not a control.
    let detectorSelfTest: Record<string, unknown>;
    try {
      const { value } = await scan(context, { paths: [PLANTED], plant: PLANTED }, { configPatch: patchDocker({ seccompProfile: 'unconfined' }) });
      detectorSelfTest = { planted: PLANTED, found: value.sockets.includes(PLANTED), socketsFound: value.sockets, seccomp: 'unconfined' };
    } catch (error) {
      detectorSelfTest = { planted: PLANTED, error: (error as Error).message };
    }
    return checkThat(false, 'a control with the engine socket (a dummy) mounted: missing, no relaxation can mount it', {
      missing: 'Relaxations in harness/sandbox/docker/container-spec.ts has no bind mount; the control cannot be run',
      detectorSelfTest,
    });
  },
  functionality: benignFunctionality,
};
