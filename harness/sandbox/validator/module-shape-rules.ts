import type { Node, Program } from '@babel/types';
import type { RuleContext, RuleFamily } from './rule-family.ts';
import type { Binding } from './scope-analysis.ts';

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** What a default export is, for the message when it is not a function. */
function describe(node: Node): string {
  switch (node.type) {
    case 'NumericLiteral':
      return 'a number';
    case 'StringLiteral':
    case 'TemplateLiteral':
      return 'a string';
    case 'BooleanLiteral':
      return 'a boolean';
    case 'NullLiteral':
      return 'null';
    case 'ObjectExpression':
      return 'an object';
    case 'ArrayExpression':
      return 'an array';
    case 'ClassDeclaration':
    case 'ClassExpression':
      return 'a class (calling a class throws)';
    case 'CallExpression':
      return 'the result of a call (not provably a function)';
    case 'Identifier':
      return `\`${node.name}\`, which is not bound in this module to a function that is never reassigned`;
    default:
      return `a ${node.type}`;
  }
}

/** True when a module-level name is certainly a function: a declaration, or a never-reassigned binding to one. */
function isFunctionBinding(binding: Binding | undefined): boolean {
  if (!binding) return false;
  const { declaration } = binding;
  if (declaration.type === 'FunctionDeclaration') return binding.writes === 0;
  if (declaration.type === 'VariableDeclarator' && declaration.id.type === 'Identifier' && declaration.init) {
    return FUNCTIONS.has(declaration.init.type) && binding.writes === 0;
  }
  return false;
}

/**
 * The execution contract: a strategy module has exactly one export, the default, and it
 * is a function (sync or async, declaration, expression or arrow, or a name bound to one).
 * The runner calls it and nothing else, so any other export is dead weight at best.
 * (Two default exports are a syntax error reported by the parser as
 * `shape/multiple-default-exports`.)
 */
export const moduleShapeRules: RuleFamily = {
  rules: [
    { id: 'shape/missing-default-export', description: 'the module has no default export' },
    { id: 'shape/multiple-default-exports', description: 'the module has more than one default export' },
    { id: 'shape/default-not-function', description: 'the default export is not a function' },
    { id: 'shape/named-export', description: 'named exports (the runner only calls the default export)' },
  ],
  visitors: {},
  program(program: Program, context: RuleContext) {
    let defaults = 0;
    for (const statement of program.body) {
      if (statement.type === 'ExportDefaultDeclaration') {
        defaults += 1;
        checkDefault(statement.declaration, context);
      } else if (statement.type === 'ExportNamedDeclaration' && !statement.source) {
        for (const specifier of statement.specifiers) {
          const exported = specifier.type === 'ExportSpecifier' ? specifier.exported : null;
          const exportedName = exported?.type === 'Identifier' ? exported.name : exported?.value;
          if (exportedName === 'default') {
            defaults += 1;
            context.report(
              'shape/named-export',
              specifier,
              'export { x as default } is a named-export form; write `export default x` so the runner finds the function',
            );
          } else {
            context.report(
              'shape/named-export',
              specifier,
              `named export \`${exportedName ?? '?'}\`: a strategy exports one default function and nothing else`,
            );
          }
        }
        if (statement.declaration) {
          context.report(
            'shape/named-export',
            statement,
            'named export declaration: a strategy exports one default function and nothing else',
          );
        }
      }
    }
    if (defaults === 0) {
      context.report(
        'shape/missing-default-export',
        program,
        'no default export: a strategy must `export default` the function the runner calls',
      );
    }
  },
};

function checkDefault(declaration: Node, context: RuleContext): void {
  if (FUNCTIONS.has(declaration.type)) return;
  if (declaration.type === 'Identifier' && isFunctionBinding(context.moduleBinding(declaration.name))) return;
  context.report(
    'shape/default-not-function',
    declaration,
    `the default export is ${describe(declaration)}; it must be a function that receives the input and returns the result`,
  );
}
