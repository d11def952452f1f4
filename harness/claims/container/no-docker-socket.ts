import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Claim, ClaimContext, ClaimRelaxation, ClaimRunOptions } from '../claim.ts';
import { LoopbackNonceListener } from '../loopback-listener.ts';
import { benignFunctionality } from '../benign-functionality.ts';
import { checkThat, probeValue } from '../check.ts';

interface SocketScan {
  stat: Record<string, { ok: boolean; errno?: string }>;
  mounts: Array<{ mountPoint: string; fsType: string }>;
  socketMounts: unknown[];
  sockets: string[];
}

async function scan(context: ClaimContext, args: Record<string, unknown> = {}, options?: ClaimRunOptions) {
  const value = probeValue<SocketScan>(await context.runProbe('docker-socket', args, options), 'docker-socket');
  return {
    value,
    observed: {
      errnos: Object.fromEntries(
        Object.entries(value.stat).map(([path, outcome]) => [path, outcome.ok ? 'exists' : outcome.errno]),
      ),
      socketMounts: value.socketMounts,
      socketsFound: value.sockets,
      mountPoints: value.mounts.map((mount) => mount.mountPoint),
    },
  };
}

/**
 * Something bind-mounted at /var/run/docker.sock (Relaxations.engineSocketFrom). Declared with
 * /dev/null, which any run can mount and the probe must notice; the control swaps in a live
 * dummy socket of its own (below) so that it can also show a connect through that path works.
 * No config key mounts anything: `sandbox.docker`.
 */
const RELAXATION: ClaimRelaxation = {
  description: 'a dummy bind-mounted at /var/run/docker.sock (the control: a unix socket the harness serves)',
  configKey: 'sandbox.docker',
  relax: { engineSocketFrom: '/dev/null' },
};

/**
 * The control mounts a dummy at /var/run/docker.sock (Relaxations.engineSocketFrom): a unix
 * socket the harness serves in a fresh temporary folder, answering a nonce. The same scan must
 * then find it, and a connect through that path must read the nonce: the probe could see an
 * engine socket if one were there. The engine's real socket is never mounted.
 */
export const noDockerSocket: Claim = {
  id: 'no-docker-socket',
  layer: '2',
  statement:
    "The engine's socket is not reachable: it is absent at /var/run/docker.sock and /run/docker.sock, no mount carries it, and no unix socket exists on the container's filesystem.",
  relaxation: RELAXATION,
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
    const dir = await mkdtemp(path.join(tmpdir(), 'sandbox-gate-dummy-engine-'));
    const socketPath = path.join(dir, 'docker.sock');
    await using dummy = await LoopbackNonceListener.openUnix(socketPath);
    try {
      const relax = { ...RELAXATION.relax, engineSocketFrom: socketPath };
      if (context.config.docker.runtime === 'runsc') {
        // gVisor refuses to bind-mount a host unix socket into the sandbox; record its answer.
        try {
          await scan(context, {}, { relax });
        } catch (error) {
          const message = (error as Error).message;
          if (/failed to mount/i.test(message)) {
            return {
              passed: false,
              expected: 'a container with a dummy socket mounted at /var/run/docker.sock',
              observed: { error: message.slice(0, 600) },
              unmeasurable:
                'gVisor (runsc) refuses to bind-mount a host unix socket into the sandbox, so the control container does not start',
            };
          }
          throw error;
        }
      }
      const { value, observed } = await scan(context, {}, { relax });
      const connected = probeValue<{ connected: boolean; received: string; errno: string | null }>(
        await context.runProbe('unix-connect', { path: '/var/run/docker.sock' }, { relax }),
        'unix-connect',
      );
      return checkThat(
        value.stat['/var/run/docker.sock']?.ok === true &&
          value.socketMounts.length > 0 &&
          connected.received === dummy.nonce,
        'with a dummy mounted at /var/run/docker.sock: the scan finds it and a connect reads the dummy nonce',
        {
          ...observed,
          connect: {
            connected: connected.connected,
            readNonce: connected.received === dummy.nonce,
            errno: connected.errno,
          },
          dummyAccepted: dummy.accepted,
        },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
  functionality: benignFunctionality,
};
