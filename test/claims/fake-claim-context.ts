import { DEFAULT_SANDBOX_CONFIG, type SandboxConfig } from '../../harness/config/sandbox-config.ts';
import type { ClaimContext, ClaimRunOptions } from '../../harness/claims/claim.ts';
import { emptyResult, type ExecutionResult } from '../../harness/sandbox/execution-result.ts';

export interface RecordedRun {
  kind: 'probe' | 'strategy';
  name: string;
  /** The config the run would have used: the options' patch applied to a copy. */
  effective: SandboxConfig;
  options: ClaimRunOptions | undefined;
}

/** A context that runs nothing: it records what each run would have used and answers `ok`. */
export function fakeClaimContext(config: SandboxConfig = structuredClone(DEFAULT_SANDBOX_CONFIG)): {
  context: ClaimContext;
  runs: RecordedRun[];
} {
  const runs: RecordedRun[] = [];
  const record = (kind: RecordedRun['kind'], name: string, options?: ClaimRunOptions): ExecutionResult => {
    const effective = options?.configPatch ? options.configPatch(structuredClone(config)) : config;
    runs.push({ kind, name, effective, options });
    return { ...emptyResult('docker'), status: 'ok', value: null };
  };
  return {
    runs,
    context: {
      config,
      runProbe: async (probe, _args, options) => record('probe', probe, options),
      runStrategy: async (code, _input, options) => record('strategy', code.slice(0, 40), options),
    },
  };
}
