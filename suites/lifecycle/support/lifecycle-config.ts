import { loadConfig } from '../../../harness/config/load-config.ts';
import type { SandboxConfig } from '../../../harness/config/sandbox-config.ts';

/** The repository's own config file: the lifecycle suite tests what users run. */
export const CONFIG_FILE = 'config/learning_system.yaml';

/** The shipped hardened config, with some `docker`, `input` or `output` keys replaced (bytes, milliseconds). */
export async function hardenedConfig(
  overrides: { docker?: Partial<SandboxConfig['docker']>; input?: Partial<SandboxConfig['input']>; output?: Partial<SandboxConfig['output']> } = {},
): Promise<SandboxConfig> {
  const { sandbox } = await loadConfig(CONFIG_FILE);
  return {
    ...sandbox,
    docker: { ...sandbox.docker, ...overrides.docker },
    input: { ...sandbox.input, ...overrides.input },
    output: { ...sandbox.output, ...overrides.output },
  };
}
