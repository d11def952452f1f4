/**
 * Runs a strategy module in this very process, with no sandbox at all: the measurement floor
 * that every sandboxed mode is compared with. Trusted code only (the reference strategies).
 *
 * The source is imported from a `data:text/javascript;base64,...` URL, so it is a real ES
 * module, parsed and linked by Node exactly as a file would be. Node caches modules by URL:
 * running the same source again reuses the module (and any module-level state it keeps).
 * The input is passed by reference, without the JSON copy a sandbox needs.
 */
export async function runInProcess(source: string, input: unknown): Promise<unknown> {
  const url = `data:text/javascript;base64,${Buffer.from(source, 'utf8').toString('base64')}`;
  const module = (await import(/* @vite-ignore */ url)) as { default?: unknown };
  if (typeof module.default !== 'function') {
    throw new TypeError(`runInProcess: the module's default export must be a function, found ${typeof module.default}`);
  }
  return await (module.default as (input: unknown) => unknown)(input);
}
