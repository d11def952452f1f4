import type { ClaimContext, ClaimRelaxation, ClaimRunOptions } from './claim.ts';

/** `own` with `over` applied on top: its config patch after own's, its relaxations and image win. */
function composeRunOptions(own: ClaimRunOptions = {}, over: ClaimRunOptions = {}): ClaimRunOptions {
  return {
    configPatch: (config) => {
      const patched = own.configPatch ? own.configPatch(config) : config;
      return over.configPatch ? over.configPatch(patched) : patched;
    },
    relax: { ...own.relax, ...over.relax },
    image: over.image ?? own.image,
  };
}

/**
 * The run options of a control: the check's own (its probe's smaller limit, the probe image)
 * with the claim's one relaxation on top.
 */
export function relaxed(relaxation: ClaimRelaxation, own?: ClaimRunOptions): ClaimRunOptions {
  return composeRunOptions(own, relaxation);
}

/**
 * Options applied on top of every run of a context, after the check's own: the outermost
 * word. `config` stays what the claim was told, so a claim cannot adapt its probe to a
 * weakened container; it has to notice.
 */
export function withRunOverrides(context: ClaimContext, overrides: ClaimRunOptions): ClaimContext {
  return {
    ...context,
    runProbe: (probe, args, options) => context.runProbe(probe, args, composeRunOptions(options, overrides)),
    runStrategy: (code, input, options) => context.runStrategy(code, input, composeRunOptions(options, overrides)),
  };
}

/** The context on one OCI runtime: every run, control or not, uses `runtime`. */
export function onRuntime(context: ClaimContext, runtime: string): ClaimContext {
  const pinned = withRunOverrides(context, {
    configPatch: (config) => ({ ...config, docker: { ...config.docker, runtime } }),
  });
  return { ...pinned, config: { ...context.config, docker: { ...context.config.docker, runtime } } };
}
