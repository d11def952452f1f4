import type { Claim, ClaimRelaxation, ClaimContext, ClaimRunOptions } from '../claim.ts';
import { keyPathOf } from '../../config/config-keys.ts';
import { benignFunctionality } from '../benign-functionality.ts';
import { relaxed } from '../context-overrides.ts';
import { checkThat, patchDocker, probeValue } from '../check.ts';
import { LoopbackNonceListener } from '../loopback-listener.ts';

interface NetConnect {
  connected: boolean;
  received: string;
  errno: string | null;
  interfaces: { ok: boolean; entries?: string[]; errno?: string };
  routes: { ipv4: { ok: boolean; lines?: string[] } };
}

/** Runs net-connect against a fresh listener on the host's loopback; the listener always closes. */
async function connectToHost(context: ClaimContext, options?: ClaimRunOptions) {
  await using listener = await LoopbackNonceListener.open();
  const result = await context.runProbe('net-connect', { host: '127.0.0.1', port: listener.port }, options);
  const value = probeValue<NetConnect>(result, 'net-connect');
  return {
    value,
    readNonce: value.received === listener.nonce,
    observed: {
      errno: value.errno,
      connected: value.connected,
      readNonce: value.received === listener.nonce,
      listenerAccepted: listener.accepted,
      interfaces: value.interfaces.entries ?? value.interfaces.errno,
      ipv4Routes: value.routes.ipv4.lines?.length ?? null,
    },
  };
}

const RELAXATION: ClaimRelaxation = {
  description: 'network_mode: host',
  configKey: keyPathOf('docker.networkMode'),
  configPatch: patchDocker({ networkMode: 'host' }),
};

export const networkNone: Claim = {
  id: 'network-none',
  layer: '2',
  statement:
    'The container has no network: only a loopback interface, no routes, and the host (even on 127.0.0.1) is unreachable.',
  relaxation: RELAXATION,
  async probe(context) {
    const { value, readNonce, observed } = await connectToHost(context);
    const onlyLo = value.interfaces.entries?.join(',') === 'lo';
    const noRoutes = value.routes.ipv4.lines?.length === 0;
    return checkThat(
      value.errno === 'ECONNREFUSED' && !value.connected && !readNonce && onlyLo && noRoutes,
      "ECONNREFUSED connecting to the host's 127.0.0.1 listener, /sys/class/net = [lo], no IPv4 routes",
      { configuredNetworkMode: context.config.docker.networkMode, ...observed },
    );
  },
  async control(context) {
    const { readNonce, observed } = await connectToHost(context, relaxed(RELAXATION));
    const check = checkThat(readNonce, "with network_mode host the probe reads the listener's nonce", {
      configuredNetworkMode: 'host',
      ...observed,
    });
    // scripts/docker-engine.sh registers runsc with --network=none (runsc cannot start in Docker's
    // network "none" otherwise), so under runsc network_mode host gives gVisor's loopback-only
    // stack as well: the control cannot be made there.
    if (!readNonce && context.config.docker.runtime === 'runsc') {
      check.unmeasurable =
        'runsc runs with --network=none (scripts/docker-engine.sh), so network_mode host has no route to the host either: the control cannot be made on gVisor';
    }
    return check;
  },
  functionality: benignFunctionality,
};
