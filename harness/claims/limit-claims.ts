import type { Claim } from './claim.ts';
import { cpuLimit } from './limits/cpu-limit.ts';
import { memoryLimit } from './limits/memory-limit.ts';
import { outputCap } from './limits/output-cap.ts';
import { pidsLimit } from './limits/pids-limit.ts';
import { timeoutKills } from './limits/timeout-kills.ts';
import { tmpfsNoexec } from './limits/tmpfs-noexec.ts';
import { tmpfsSize } from './limits/tmpfs-size.ts';

/** The container's resource limits and the harness's own (output cap, timeout). */
export const limitClaims: Claim[] = [memoryLimit, cpuLimit, pidsLimit, tmpfsSize, tmpfsNoexec, outputCap, timeoutKills];
