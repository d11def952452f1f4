import type { ClaimContext, ClaimRunOptions } from './claim.ts';

/**
 * Options applied on top of every run of a context, after the check's own: the outermost
 * word. `config` stays what the claim was told, so a claim cannot adapt its probe to a
 * weakened container; it has to notice.
 */
export function withRunOverrides(context: ClaimContext, overrides: ClaimRunOptions): ClaimContext {
  const compose = (own: ClaimRunOptions = {}): ClaimRunOptions => ({
    configPatch: (config) => {
      const patched = own.configPatch ? own.configPatch(config) : config;
      return overrides.configPatch ? overrides.configPatch(patched) : patched;
    },
    relax: { ...own.relax, ...overrides.relax },
    image: overrides.image ?? own.image,
  });
  return {
    ...context,
    runProbe: (probe, args, options) => context.runProbe(probe, args, compose(options)),
    runStrategy: (code, input, options) => context.runStrategy(code, input, compose(options)),
  };
}

/** The context on one OCI runtime: every run, control or not, uses `runtime`. */
export function onRuntime(context: ClaimContext, runtime: string): ClaimContext {
  const pinned = withRunOverrides(context, { configPatch: (config) => ({ ...config, docker: { ...config.docker, runtime } }) });
  return { ...pinned, config: { ...context.config, docker: { ...context.config.docker, runtime } } };
}
