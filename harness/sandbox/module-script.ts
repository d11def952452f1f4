import { parse } from '@babel/parser';
import type { Node } from '@babel/types';

/**
 * A strategy is an ES module, but a SES Compartment evaluates scripts. This turns the module
 * into one expression whose value is a promise of its default export:
 *
 *   (async () => { 'use strict'; const { Math, Array, ... } = globalThis;
 *     return (async () => { <module body, default export turned into a binding>
 *     ;return <binding>; })(); })()
 *
 * The prefix stays on the first line so line numbers in error messages match the file.
 * This is a shape transform, not validation (layer 1 is harness/sandbox/validator/): it runs
 * even with --no-validate, and fails only when the text is not a module with a default export.
 */
export type ModuleShapeProblem = 'not-a-module' | 'no-default-export' | 'imports-not-allowed';

export class ModuleShapeError extends Error {
  override name = 'ModuleShapeError';
  constructor(
    readonly problem: ModuleShapeProblem,
    message: string,
  ) {
    super(message);
  }
}

const DEFAULT_BINDING = '__sandboxGateDefault';

/** Globals a strategy's hot loops reach; each exists in every Compartment the runner makes. */
const BOUND_GLOBALS = [
  'Math',
  'Array',
  'Number',
  'Object',
  'JSON',
  'Map',
  'Set',
  'WeakMap',
  'Float64Array',
  'Float32Array',
  'Int32Array',
  'Uint8Array',
  'isFinite',
  'isNaN',
  'parseFloat',
  'parseInt',
  'String',
  'Boolean',
  'Date',
  'Error',
  'RangeError',
  'TypeError',
  'Symbol',
  'Promise',
  'console',
];

export function moduleToScript(source: string): string {
  let program;
  try {
    program = parse(source, { sourceType: 'module' }).program;
  } catch (error) {
    throw new ModuleShapeError('not-a-module', `not an ES module: ${(error as Error).message}`);
  }
  let binding: string | undefined;
  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const statement of program.body) {
    if (statement.type === 'ImportDeclaration' || statement.type === 'ExportAllDeclaration') {
      throw new ModuleShapeError(
        'imports-not-allowed',
        `line ${statement.loc?.start.line}: a strategy cannot import or re-export modules`,
      );
    }
    if (statement.type === 'ExportNamedDeclaration') {
      throw new ModuleShapeError(
        'imports-not-allowed',
        `line ${statement.loc?.start.line}: a strategy has one default export and no named exports`,
      );
    }
    if (statement.type !== 'ExportDefaultDeclaration') continue;
    const declaration = statement.declaration as Node;
    const text = source.slice(declaration.start!, declaration.end!);
    const named =
      (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id;
    if (named) {
      binding = declaration.id!.name;
      edits.push({ start: statement.start!, end: statement.end!, text });
    } else {
      binding = DEFAULT_BINDING;
      edits.push({ start: statement.start!, end: statement.end!, text: `const ${DEFAULT_BINDING} = (${text});` });
    }
  }
  if (binding === undefined) throw new ModuleShapeError('no-default-export', 'the module has no default export');
  let body = source;
  for (const edit of edits.reverse()) body = body.slice(0, edit.start) + edit.text + body.slice(edit.end);
  // The outer function binds the globals strategies use as locals: in a Compartment every free
  // global lookup otherwise goes through SES's scope proxy, which made a real backtest ~2x
  // slower. The module body runs in an inner function, so it may still declare its own `Math`.
  return `(async () => { 'use strict'; const { ${BOUND_GLOBALS.join(', ')} } = globalThis; return (async () => { ${body}\n;return ${binding};\n})(); })()`;
}
