import type { RuleFamily, RuleInfo } from './rule-family.ts';

interface AmbientRule extends RuleInfo {
  readonly names: readonly string[];
  /** Why reaching the name is forbidden, completing "`x` is ...". */
  readonly why: string;
}

/**
 * Globals that carry authority (the host process, module loading, code generation, I/O,
 * scheduling) or that only exist to escape or defeat the sandbox. A strategy receives its
 * input and returns weights: it needs none of them. Only free references are flagged: a
 * local variable, parameter or property that happens to be called `process` is fine.
 *
 * Decisions: every timer is flagged, with or without a string argument (a strategy is a pure
 * computation and has nothing to wait for); `queueMicrotask` is a timer too. `structuredClone`
 * and `performance` are host APIs outside the language that the hardened compartment does
 * not provide; `JSON.parse(JSON.stringify(x))` or spread copies data, and a strategy has no
 * use for a clock. `console` is allowed: the runner passes a captured one.
 */
const AMBIENT_RULES: readonly AmbientRule[] = [
  {
    id: 'ambient/process',
    description: 'the host `process` object',
    names: ['process'],
    why: "the host's process object (environment, bindings, exit, stdout)",
  },
  {
    id: 'ambient/require',
    description: 'CommonJS `require`',
    names: ['require'],
    why: 'the CommonJS module loader, which reaches every Node module (fs, child_process, net)',
  },
  {
    id: 'ambient/commonjs',
    description: '`module`, `exports`, `__dirname`, `__filename`',
    names: ['module', 'exports', '__dirname', '__filename'],
    why: 'a CommonJS module variable that leaks the host module system or its paths',
  },
  {
    id: 'ambient/global-object',
    description: '`globalThis`, `global`, `window`, `self`, `frames`',
    names: ['globalThis', 'global', 'window', 'self', 'frames'],
    why: 'the global object, through which every other forbidden global can be reached by name',
  },
  {
    id: 'ambient/buffer',
    description: 'Node `Buffer`',
    names: ['Buffer'],
    why: "Node's Buffer, which exposes uninitialized memory and base64 decoding of hidden names",
  },
  {
    id: 'ambient/eval',
    description: '`eval`, direct or indirect',
    names: ['eval'],
    why: 'code evaluation from a string, which hides anything from this validator',
  },
  {
    id: 'ambient/function-constructor',
    description: '`Function`, `AsyncFunction`, `GeneratorFunction`, `AsyncGeneratorFunction`',
    names: ['Function', 'AsyncFunction', 'GeneratorFunction', 'AsyncGeneratorFunction'],
    why: 'a function constructor, which compiles a string into code outside this validator',
  },
  {
    id: 'ambient/webassembly',
    description: '`WebAssembly`',
    names: ['WebAssembly'],
    why: 'a compiler for native-speed code that this validator cannot read',
  },
  {
    id: 'ambient/shared-memory',
    description: '`Atomics`, `SharedArrayBuffer`',
    names: ['Atomics', 'SharedArrayBuffer'],
    why: 'shared memory and blocking waits, used for timing side channels and hangs',
  },
  {
    id: 'ambient/timer',
    description: 'timers and `queueMicrotask`',
    names: [
      'setTimeout',
      'setInterval',
      'setImmediate',
      'clearTimeout',
      'clearInterval',
      'clearImmediate',
      'queueMicrotask',
    ],
    why: 'a scheduler: a strategy is a pure computation with nothing to wait for, and timers given strings evaluate code',
  },
  {
    id: 'ambient/network',
    description: '`fetch`, `XMLHttpRequest`, `WebSocket`, `EventSource`, `navigator`',
    names: ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'navigator'],
    why: 'network access; a strategy gets all its data as input',
  },
  {
    id: 'ambient/worker',
    description: '`importScripts`, `Worker`, `SharedWorker`, `postMessage`, `MessageChannel`, `BroadcastChannel`',
    names: ['importScripts', 'Worker', 'SharedWorker', 'postMessage', 'MessageChannel', 'BroadcastChannel'],
    why: 'a way to load code or talk to another thread or context',
  },
  {
    id: 'ambient/hardening-api',
    description: 'the SES API: `Compartment`, `lockdown`, `harden`, `ModuleSource`, `StaticModuleRecord`',
    names: ['Compartment', 'lockdown', 'harden', 'ModuleSource', 'StaticModuleRecord', 'HandledPromise'],
    why: "part of the sandbox's own hardening API, which a strategy must not drive",
  },
  {
    id: 'ambient/host-api',
    description: 'host APIs outside the language: `structuredClone`, `performance`, `crypto`, `document`, `location`',
    names: ['structuredClone', 'performance', 'crypto', 'document', 'location'],
    why: 'a host API outside the language that the hardened runtime does not provide (copy data with spread or JSON; a strategy needs no clock or randomness)',
  },
];

const RULE_BY_NAME = new Map<string, AmbientRule>(
  AMBIENT_RULES.flatMap((rule) => rule.names.map((name) => [name, rule] as const)),
);

/** Every global name this family forbids. */
export const AMBIENT_NAMES: ReadonlySet<string> = new Set(RULE_BY_NAME.keys());

export const ambientAuthorityRules: RuleFamily = {
  rules: AMBIENT_RULES.map(({ id, description }) => ({ id, description })),
  visitors: {
    Identifier(node, _parent, _key, context) {
      if (node.type !== 'Identifier') return;
      const rule = RULE_BY_NAME.get(node.name);
      if (rule && context.isFree(node)) {
        context.report(rule.id, node, `global \`${node.name}\` is ${rule.why}; a strategy may not reach it`);
      }
    },
  },
};
