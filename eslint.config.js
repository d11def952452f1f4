// Lint rules for the whole tree: `npm run lint` runs eslint and prettier's check, and .ci/run
// runs `npm run lint`. Formatting is prettier's alone (.prettierrc.json): no style rules here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The Node.js globals our plain .js/.mjs files use (TypeScript files get them from @types/node). */
const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'URL',
    'Buffer',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'performance',
    'structuredClone',
    'queueMicrotask',
    'TextEncoder',
    'TextDecoder',
  ].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  // Strategy fixtures are deliberately hostile or broken input; dist/ is tsc's output.
  { ignores: ['dist/', 'node_modules/', 'reports/', 'suites/fixtures/strategies/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: nodeGlobals } },
  {
    // The container's runner runs strategies under SES: lockdown() installs these globals.
    files: ['docker/runner/**/*.mjs'],
    languageOptions: { globals: { Compartment: 'readonly', harden: 'readonly', lockdown: 'readonly' } },
  },
  {
    // Tests read recorded evidence (probe observations, JSON documents) by path; `any` there keeps
    // the assertions readable, and a wrong path fails the assertion anyway.
    files: ['test/**/*.ts', 'suites/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    rules: {
      // `_name` marks a parameter a signature requires but the body does not use.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
);
