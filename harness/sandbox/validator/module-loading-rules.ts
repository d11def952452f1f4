import type { RuleFamily } from './rule-family.ts';

/**
 * A strategy is one self-contained module: loading anything else (Node built-ins such as
 * `fs` or `child_process`, files, data: URLs) would hand it authority or code this
 * validator never saw.
 */
export const moduleLoadingRules: RuleFamily = {
  rules: [
    { id: 'module/import-declaration', description: 'static `import` declarations' },
    { id: 'module/dynamic-import', description: 'dynamic `import()`' },
    { id: 'module/import-meta', description: '`import.meta` (module URL, resolve)' },
    { id: 'module/re-export', description: '`export ... from` and `export * from`' },
  ],
  visitors: {
    ImportDeclaration(node, _parent, _key, context) {
      if (node.type !== 'ImportDeclaration') return;
      context.report(
        'module/import-declaration',
        node,
        `import of "${node.source.value}": a strategy is one self-contained module and may not load other modules`,
      );
    },
    ImportExpression(node, _parent, _key, context) {
      context.report(
        'module/dynamic-import',
        node,
        'dynamic import(): a strategy may not load modules (Node built-ins, files or data: URLs) at run time',
      );
    },
    CallExpression(node, _parent, _key, context) {
      if (node.type === 'CallExpression' && node.callee.type === 'Import') {
        context.report(
          'module/dynamic-import',
          node,
          'dynamic import(): a strategy may not load modules (Node built-ins, files or data: URLs) at run time',
        );
      }
    },
    MetaProperty(node, _parent, _key, context) {
      if (node.type === 'MetaProperty' && node.meta.name === 'import') {
        context.report(
          'module/import-meta',
          node,
          'import.meta exposes the module URL and a resolver for other modules; a strategy has no use for either',
        );
      }
    },
    ExportAllDeclaration(node, _parent, _key, context) {
      if (node.type !== 'ExportAllDeclaration') return;
      context.report(
        'module/re-export',
        node,
        `export * from "${node.source.value}" loads another module; a strategy may not`,
      );
    },
    ExportNamedDeclaration(node, _parent, _key, context) {
      if (node.type === 'ExportNamedDeclaration' && node.source) {
        context.report(
          'module/re-export',
          node,
          `export ... from "${node.source.value}" loads another module; a strategy may not`,
        );
      }
    },
  },
};
