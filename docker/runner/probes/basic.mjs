// Probes every claim family may use.
import { readFileSync } from 'node:fs';
import { sesCodeCacheState } from '../ses-loader.cjs';

export const probes = {
  /** The runner is alive and answers: the functionality check of last resort. */
  echo: async (args) => ({ echoed: args }),
  /** What the runner did with ses's code cache at start (../ses-loader.cjs): 'accepted', 'rejected', ... */
  'ses-code-cache': async () => ({ state: sesCodeCacheState() }),
  /** /proc/self/status fields of every thread (Seccomp, NoNewPrivs, Cap*), keyed by tid. */
  'thread-status': async () => {
    const { readdirSync } = await import('node:fs');
    const out = {};
    for (const tid of readdirSync('/proc/self/task')) {
      const status = readFileSync(`/proc/self/task/${tid}/status`, 'utf8');
      const fields = {};
      for (const line of status.split('\n')) {
        const [key, ...rest] = line.split(':');
        if (/^(Seccomp|Seccomp_filters|NoNewPrivs|CapInh|CapPrm|CapEff|CapBnd|CapAmb|Uid|Gid)$/.test(key))
          fields[key] = rest.join(':').trim();
      }
      out[tid] = fields;
    }
    return out;
  },
};
