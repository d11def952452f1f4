import type { RuleFamily } from './rule-family.ts';

const LOOPS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

/**
 * Syntax with no place in a strategy. `with` is a syntax error in a module, so the parser
 * reports it (mapped to `syntax/with` in parse-strategy.ts). Labels are allowed on loops,
 * where `break outer` is an ordinary way to leave nested loops; a label on any other
 * statement only serves to obscure control flow, so it is refused. `new.target`,
 * `String.raw` and getters/setters written in object literals or classes are allowed.
 */
export const forbiddenSyntaxRules: RuleFamily = {
  rules: [
    { id: 'syntax/parse-error', description: 'the source is not a valid ES module' },
    { id: 'syntax/with', description: '`with` statements (a syntax error in modules, reported with its own id)' },
    { id: 'syntax/debugger', description: '`debugger` statements' },
    { id: 'syntax/label-non-loop', description: 'labels on anything other than a loop' },
  ],
  visitors: {
    DebuggerStatement(node, _parent, _key, context) {
      context.report(
        'syntax/debugger',
        node,
        '`debugger` pauses the engine under an attached inspector; a strategy must not interact with the debugger',
      );
    },
    LabeledStatement(node, _parent, _key, context) {
      if (node.type !== 'LabeledStatement' || LOOPS.has(node.body.type)) return;
      context.report(
        'syntax/label-non-loop',
        node,
        `label \`${node.label.name}\` is on a ${node.body.type}, not a loop; labels are only allowed on loops (for \`break\`/\`continue\` out of nested loops)`,
      );
    },
  },
};
