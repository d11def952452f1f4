import { describe, expect, it } from 'vitest';
import { ModuleShapeError, moduleToScript } from '../../harness/sandbox/module-script.ts';

/** Evaluates the script as the runner's Compartment would (here: plain indirect eval, trusted test code). */
const exported = (source: string): Promise<unknown> => (0, eval)(moduleToScript(source)) as Promise<unknown>;

describe('moduleToScript', () => {
  it('a named default-exported function keeps its binding and its name', async () => {
    const f = (await exported(
      'export default function strategy(x) { return helper(x); }\nfunction helper(x) { return x * 2; }',
    )) as (x: number) => number;
    expect([f.name, f(21)]).toEqual(['strategy', 42]);
  });

  it('an anonymous or arrow default export works, and so does an async one', async () => {
    expect(((await exported('export default (x) => x + 1;')) as (x: number) => number)(1)).toBe(2);
    expect(await ((await exported('export default async function () { return 7; }')) as () => Promise<number>)()).toBe(
      7,
    );
  });

  it('a strategy may declare its own Math or Array although the wrapper binds the globals', async () => {
    const f = (await exported('const Math = { max: () => 99 };\nexport default () => Math.max(1, 2);')) as () => number;
    expect(f()).toBe(99);
  });

  it('keeps line numbers: the wrapper adds nothing before the first line', () => {
    expect(moduleToScript('export default () => 1;\n// line 2').split('\n')[1]).toBe('// line 2');
  });

  it.each([
    ['not-a-module', 'export default function ('],
    ['no-default-export', 'const x = 1;'],
    ['imports-not-allowed', "import fs from 'node:fs';\nexport default () => fs;"],
    ['imports-not-allowed', 'export const x = 1;\nexport default () => x;'],
  ])('%s: %s', (problem, source) => {
    expect(() => moduleToScript(source)).toThrow(ModuleShapeError);
    try {
      moduleToScript(source);
    } catch (error) {
      expect((error as ModuleShapeError).problem).toBe(problem);
    }
  });
});
