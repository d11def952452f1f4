import { describe, expect, it } from 'vitest';
import { RULES, validateStrategy } from '../../harness/sandbox/validator/validate-strategy.ts';
import { DEFAULT_EXPORT, findings, rulesIn } from './validation-helpers.ts';

/** One snippet per rule that must trigger it (a default export is appended). */
const EXAMPLES: Record<string, string> = {
  'syntax/parse-error': 'const = 1;',
  'syntax/with': 'function f(o) { with (o) { return x; } }',
  'syntax/debugger': 'debugger;',
  'syntax/label-non-loop': 'block: { if (1) break block; }',
  'shape/multiple-default-exports': 'export default function a() {}',
  'shape/named-export': 'export const helper = 1;',
  'module/import-declaration': "import fs from 'node:fs';",
  'module/dynamic-import': "import('node:fs');",
  'module/import-meta': 'const u = import.meta.url;',
  'module/re-export': "export * from 'node:fs';",
  'ambient/process': 'process.exit(0);',
  'ambient/require': "require('fs');",
  'ambient/commonjs': 'module.exports = 1;',
  'ambient/global-object': 'globalThis.x = 1;',
  'ambient/buffer': "Buffer.from('aGk=', 'base64');",
  'ambient/eval': "eval('1');",
  'ambient/function-constructor': "Function('return 1')();",
  'ambient/webassembly': 'WebAssembly.validate(new Uint8Array(8));',
  'ambient/shared-memory': 'new SharedArrayBuffer(8);',
  'ambient/timer': 'setTimeout(() => 0, 1);',
  'ambient/network': "fetch('http://127.0.0.1:1/');",
  'ambient/worker': "importScripts('x.js');",
  'ambient/hardening-api': 'new Compartment();',
  'ambient/host-api': 'structuredClone({});',
  'reflection/constructor-access': 'const F = [].constructor;',
  'reflection/proto-access': 'const p = ({}).__proto__;',
  'reflection/caller-callee': 'function f() { return f.caller; }',
  'reflection/arguments': 'function f() { return arguments.length; }',
  'reflection/reflect': 'Reflect.ownKeys({});',
  'reflection/proxy': 'new Proxy({}, {});',
  'reflection/stack-trace-api': 'Error.prepareStackTrace = () => 0;',
  'reflection/legacy-accessor': "({}).__defineGetter__('x', () => 1);",
  'reflection/object-meta': "Object.defineProperty({}, 'x', { value: 1 });",
  'reflection/well-known-symbol': 'class A { static [Symbol.hasInstance]() { return true; } }',
  'reflection/symbol-registry': "Symbol.for('nodejs.util.inspect.custom');",
  'reflection/intrinsic-prototype': 'const p = Array.prototype;',
  'reflection/builtin-alias': 'const J = JSON;',
  'mutation/prototype-write': 'class A {} A.prototype.x = 1;',
  'mutation/builtin-write': 'JSON.stringify = () => "{}";',
  'mutation/coercion-hook': 'const o = { toJSON() { return 1; } };',
  'dynamic/concatenated-key': "const o = {}; const v = o['a' + 'b'];",
  'dynamic/call-key': "const o = {}; const v = o[['a', 'b'].join('')];",
  'dynamic/opaque-key': 'const o = {}; const v = o[(0, 1)];',
  'dynamic/built-forbidden-name': "const k = 'con' + 'structor';",
  'dynamic/forbidden-name-literal': "const names = ['__proto__'];",
  'dynamic/string-decoding': 'String.fromCharCode(99);',
};

/** Examples that are whole modules (no default export appended). */
const STANDALONE_EXAMPLES: Record<string, string> = {
  'shape/missing-default-export': 'const x = 1;\nexport { x as y };',
  'shape/default-not-function': 'export default [1, 2];',
};

const triggered = (rule: string): string[] =>
  rule in STANDALONE_EXAMPLES
    ? validateStrategy(STANDALONE_EXAMPLES[rule]!).violations.map((v) => v.rule)
    : rulesIn(EXAMPLES[rule]!);

describe('the rule catalogue', () => {
  it('has unique family/name ids with a description each', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z]+\/[a-z-]+$/);
      expect(rule.description.length).toBeGreaterThan(5);
    }
  });

  it('has an example for every rule, and no example for a rule that does not exist', () => {
    expect([...Object.keys(EXAMPLES), ...Object.keys(STANDALONE_EXAMPLES)].sort()).toEqual(
      RULES.map((r) => r.id).sort(),
    );
  });

  it.each(RULES.map((r) => r.id))('%s is triggered by its example', (rule) => {
    expect(triggered(rule)).toContain(rule);
  });

  it('reports only rule ids that are in the catalogue', () => {
    const known = new Set(RULES.map((r) => r.id));
    for (const { id } of RULES) {
      for (const rule of triggered(id)) expect(known.has(rule), rule).toBe(true);
    }
  });
});

describe('exact findings', () => {
  it('sees a unicode-escaped eval as eval, at its line and column', () => {
    expect(findings("export default () => {\n  \\u0065val('1');\n};")).toEqual(['ambient/eval@2:3']);
  });

  it("catches obj['con' + 'structor'] as a concatenated key, a built name and a constructor access", () => {
    expect(findings("const obj = {};\nconst F = obj['con' + 'structor'];" + DEFAULT_EXPORT)).toEqual([
      'dynamic/built-forbidden-name@2:15',
      'dynamic/concatenated-key@2:15',
      'reflection/constructor-access@2:15',
    ]);
  });

  it('catches a forbidden name hidden behind a const binding', () => {
    expect(findings("const key = 'constructor';\nconst F = (() => 0)[key];" + DEFAULT_EXPORT)).toEqual([
      'dynamic/forbidden-name-literal@1:13',
      'reflection/constructor-access@2:21',
    ]);
  });

  it('catches a forbidden name in either branch of a conditional key', () => {
    expect(findings("const o = {};\nconst v = o[o ? 'length' : '__proto__'];" + DEFAULT_EXPORT)).toEqual([
      'reflection/proto-access@2:13',
      'dynamic/forbidden-name-literal@2:28',
    ]);
  });

  it('does not flag a local variable named process', () => {
    expect(findings('const process = 1;\nexport default () => process + 1;')).toEqual([]);
  });

  it('flags the global process, but not a property or key named process', () => {
    expect(findings('const o = { process: 1 };\nexport default () => o.process + process.pid;')).toEqual([
      'ambient/process@2:34',
    ]);
  });

  it('allows numeric, variable and arithmetic indexing', () => {
    const source = `export default function s({ close }) {
  const weights = close.map((row) => row.map(() => 0));
  const m = new Map();
  for (let t = 0; t < close.length; t++) {
    for (let d = 20; d < close[t].length; d++) {
      const prices = close[t];
      weights[t][d] = prices[d] > close[t][d - 20] ? 1 : 0;
      weights[t][d] += prices[prices.length - 1] * 0 + prices[Math.floor(d / 2)] * 0 + (m.get(d) ?? 0) + prices[-1 + d] * 0;
    }
  }
  return weights;
}`;
    expect(findings(source)).toEqual([]);
  });

  it('allows a class constructor method but not member access to .constructor', () => {
    expect(findings('class A { constructor() { this.x = 1; } }\nexport default () => new A();')).toEqual([]);
    expect(findings('class A { constructor() { this.x = 1; } }\nexport default () => new A().constructor;')).toEqual([
      'reflection/constructor-access@2:30',
    ]);
  });

  it('reports two default exports', () => {
    expect(findings('export default function a() {}\nexport default function b() {}')).toEqual([
      'shape/multiple-default-exports@2:1',
    ]);
  });

  it('reports a named export beside the default', () => {
    expect(findings('export const lookback = 20;\nexport default () => 0;')).toEqual(['shape/named-export@1:1']);
  });

  it('reports a default export that is a number, at the number', () => {
    expect(findings('export default 42;')).toEqual(['shape/default-not-function@1:16']);
  });

  it('accepts default exports that are functions or names bound to functions', () => {
    expect(findings('export default async function () {}')).toEqual([]);
    expect(findings('export default async () => 1;')).toEqual([]);
    expect(findings('function s() {}\nexport default s;')).toEqual([]);
    expect(findings('const s = function () {};\nexport default s;')).toEqual([]);
  });

  it('refuses a default-exported name that is reassigned or not a function', () => {
    expect(findings('let s = () => 0;\ns = 1;\nexport default s;')).toEqual(['shape/default-not-function@3:16']);
    expect(findings('class S {}\nexport default S;')).toEqual(['shape/default-not-function@2:16']);
    expect(findings('var s = () => 0;\nvar s = 5;\nexport default s;')).toEqual(['shape/default-not-function@3:16']);
  });

  it('reports a missing default export at the start of the file', () => {
    expect(findings('const x = 1;')).toEqual(['shape/missing-default-export@1:1']);
  });

  it('turns a syntax error into a violation at the parser position', () => {
    const report = validateStrategy('export default () => {\n  const = 1;\n};');
    expect(report.ok).toBe(false);
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0]).toMatchObject({ rule: 'syntax/parse-error', line: 2, column: 9 });
    expect(report.violations[0]?.message).toMatch(/not a valid ES module/);
  });

  it('reports a with statement with its own rule', () => {
    expect(findings('export default (o) => {\n  with (o) { return x; }\n};')).toEqual(['syntax/with@2:3']);
  });

  it('reports every violation, in source order, not only the first', () => {
    const source = "export default () => {\n  require('fs');\n  debugger;\n  return globalThis;\n};";
    expect(findings(source)).toEqual(['ambient/require@2:3', 'syntax/debugger@3:3', 'ambient/global-object@4:10']);
  });

  it('gives a message that names what was found', () => {
    const [violation] = validateStrategy("export default () => require('fs');").violations;
    expect(violation?.message).toContain('`require`');
    expect(violation?.message).toMatch(/may not/);
  });

  it('returns ok with no violations and a parse time for a clean strategy', () => {
    const report = validateStrategy('export default ({ close }) => close.map((row) => row.map(() => 1));');
    expect(report).toMatchObject({ ok: true, violations: [] });
    expect(report.parseMs).toBeGreaterThanOrEqual(0);
  });
});

describe('decisions documented in the rules', () => {
  it('allows labels on loops and flags them elsewhere', () => {
    expect(rulesIn('outer: for (;;) { for (;;) { break outer; } }')).toEqual([]);
    expect(rulesIn('done: { }')).toEqual(['syntax/label-non-loop']);
  });

  it('allows Symbol.iterator and Symbol.asyncIterator, flags Symbol.species and Symbol.toPrimitive', () => {
    expect(rulesIn('class A { *[Symbol.iterator]() {} async *[Symbol.asyncIterator]() {} }')).toEqual([]);
    expect(rulesIn('const o = { [Symbol.toPrimitive]() { return 1; } };')).toEqual(['reflection/well-known-symbol']);
    expect(rulesIn('class P extends Promise { static get [Symbol.species]() { return undefined; } }')).toEqual([
      'reflection/well-known-symbol',
    ]);
  });

  it('allows getters and setters in classes and object literals, new.target and String.raw', () => {
    expect(
      rulesIn(
        'class A { get x() { return 1; } set x(v) {} static make() { return new.target; } }\nconst o = { get y() { return String.raw`a\\b`; } };',
      ),
    ).toEqual([]);
  });

  it('flags every timer, with or without a string argument, and queueMicrotask', () => {
    expect(rulesIn("setTimeout('1', 0); setInterval(() => 0, 1); queueMicrotask(() => 0);")).toEqual([
      'ambient/timer',
      'ambient/timer',
      'ambient/timer',
    ]);
  });

  it('allows the built-ins strategies use', () => {
    const snippet = `const a = Float64Array.from([1]); const m = new Map(); const s = new Set(); const w = new WeakMap();
const d = new Date('2000-01-03T00:00:00Z'); const j = JSON.parse(JSON.stringify({ a: 1 }));
const k = Object.keys({}).concat(Object.values({}), Object.entries({}), Object.assign({}, {}), Object.freeze([]), Object.fromEntries([]));
const f = Array.from({ length: 2 }, (_, i) => i).filter((x) => isFinite(x) && !isNaN(x) && parseFloat('1') && parseInt('1', 10));
console.log(Math.max(1, 2), Number.EPSILON, Infinity, NaN, undefined, Promise.resolve(1), new RangeError('r'), new TypeError('t'), new Error('e'));
const c = Object.create(null);`;
    expect(rulesIn(snippet)).toEqual([]);
  });

  it('flags two-argument Object.create but not Object.create(null)', () => {
    expect(rulesIn('const o = Object.create(null);')).toEqual([]);
    expect(rulesIn('const o = Object.create({}, { x: { get() { return 1; } } });')).toEqual(['reflection/object-meta']);
  });

  it('flags structuredClone as a host API', () => {
    expect(rulesIn('const c = structuredClone([1]);')).toEqual(['ambient/host-api']);
  });

  it('flags destructuring of forbidden names', () => {
    expect(rulesIn('const { constructor: F } = () => 0;')).toEqual(['reflection/constructor-access']);
    expect(rulesIn("const { ['__proto__']: p } = {};")).toEqual(['reflection/proto-access']);
  });

  it('flags __proto__ as an object literal key but not as a shorthand or computed key', () => {
    expect(rulesIn('const o = { __proto__: null };')).toEqual(['reflection/proto-access']);
    expect(rulesIn("const __proto__ = 1; const o = { __proto__, ['__proto__']: 2 };")).toEqual([]);
  });

  it('flags pollution through Object.assign onto a prototype or a built-in', () => {
    expect(rulesIn('class A {} Object.assign(A.prototype, { x: 1 });')).toEqual(['mutation/prototype-write']);
    expect(rulesIn('Object.assign(Math, { random: () => 4 });')).toEqual([
      'mutation/builtin-write',
      'reflection/builtin-alias',
    ]);
  });

  it('flags computed keys that come from calls, except numeric Math calls', () => {
    expect(rulesIn('const o = {}; const v = o[String(1)];')).toEqual(['dynamic/call-key']);
    expect(rulesIn('const a = [1]; const v = a[Math.min(0, a.length - 1)] + a[Number(0)];')).toEqual([]);
  });

  it('flags reflective names on any object, so aliases and destructured copies do not hide them', () => {
    expect(rulesIn('const o = {}; const d = o.defineProperty;')).toEqual(['reflection/object-meta']);
    expect(rulesIn('const { getPrototypeOf: up } = Object;')).toEqual(['reflection/object-meta']);
    expect(rulesIn('const { fromCharCode } = String;')).toEqual(['dynamic/string-decoding']);
    expect(rulesIn('const { prototype } = Array;')).toEqual(['reflection/intrinsic-prototype']);
  });

  it('flags built-in namespaces used as values, but not reading, calling, destructuring, testing or extending them', () => {
    expect(rulesIn('const J = JSON; const f = (x) => x; f(Symbol); const a = [Math];')).toEqual([
      'reflection/builtin-alias',
      'reflection/builtin-alias',
      'reflection/builtin-alias',
    ]);
    expect(
      rulesIn(
        "const { max } = Math; const s = Symbol('s'); const ok = {} instanceof Object && typeof JSON === 'object'; class E extends Error {} const p = new Promise((r) => r(Math.abs(-1))); const log = console.log.bind(console);",
      ),
    ).toEqual([]);
  });

  it('allows a computed key assigned in place from a plain variable', () => {
    expect(rulesIn('const a = [1]; let i = 0; let j = 0; const v = a[i = j];')).toEqual([]);
    expect(rulesIn("const a = {}; let k = ''; const v = a[k += 'x'];")).toEqual(['dynamic/opaque-key']);
  });

  it('flags forbidden names held as string data, wherever they would later be used as a key', () => {
    expect(rulesIn("const get = (o, k) => o[k]; const F = get(() => 0, 'constructor');")).toEqual([
      'dynamic/forbidden-name-literal',
    ]);
    expect(rulesIn("let k = 'x'; k = `prototype`; const cfg = { key: 'getPrototypeOf' };")).toEqual([
      'dynamic/forbidden-name-literal',
      'dynamic/forbidden-name-literal',
    ]);
  });

  it('leaves common words that are also forbidden globals alone as string data', () => {
    expect(
      rulesIn(
        "const modes = ['window', 'self', 'global', 'crypto', 'performance', 'then', 'toString', 'module', 'fetch'];",
      ),
    ).toEqual([]);
  });

  it('flags decoders anywhere, not only in keys', () => {
    expect(rulesIn("const s = atob('aGk='); const t = decodeURIComponent('%20');")).toEqual([
      'dynamic/string-decoding',
      'dynamic/string-decoding',
    ]);
  });
});
