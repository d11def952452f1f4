import type { Claim } from './claim.ts';
import { capsDropped } from './container/caps-dropped.ts';
import { networkNone } from './container/network-none.ts';
import { noDockerSocket } from './container/no-docker-socket.ts';
import { noNewPrivileges } from './container/no-new-privileges.ts';
import { nonRoot } from './container/non-root.ts';
import { rootfsReadOnly } from './container/rootfs-read-only.ts';
import { sesNoAmbientAuthority } from './ses/ses-no-ambient-authority.ts';

/** The container's own settings (layer 2) and the compartment inside it (layer 1b). */
export const containerClaims: Claim[] = [
  networkNone,
  rootfsReadOnly,
  capsDropped,
  nonRoot,
  noNewPrivileges,
  noDockerSocket,
  sesNoAmbientAuthority,
];
