import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPORT, findings, rulesIn } from './validation-helpers.ts';

// Ambient rules flag only free references: a name the module binds anywhere in scope is
// the strategy's own variable, whatever it is called.
describe('scope analysis: local bindings are not globals', () => {
  it.each([
    ['a parameter', 'function f(process) { return process; }'],
    ['a destructured parameter with a default', 'const f = ({ process = 1, ...require } = {}) => process + require;'],
    ['an array-destructured const', 'const [process, [globalThis]] = [1, [2]]; const x = process + globalThis;'],
    ['a hoisted var used before its declaration', 'function f() { process = 2; return process; var process; }'],
    ['a function declaration used before it appears', 'const x = fetch(); function fetch() { return 1; }'],
    ['a class name', 'class Buffer {} const b = new Buffer();'],
    [
      'a named function expression',
      'const f = function eval2() { return eval2; }; const g = function setTimeout() { return setTimeout; };',
    ],
    ['a catch parameter', 'try { } catch (process) { const x = process; }'],
    ['a destructured catch parameter', 'try { } catch ({ message: window }) { const x = window; }'],
    ['a for-of binding', 'for (const self of [1]) { const x = self; }'],
    ['a let in a for loop head', 'for (let global = 0; global < 2; global++) { const x = global; }'],
    ['a block-scoped let', '{ let module = 1; module += 1; }'],
    ['a switch-case const', 'switch (1) { case 1: const exports = 1; const y = exports; }'],
    ['a class static block var', 'class A { static { var process = 1; this.x = process; } }'],
    ['a class field initializer using a parameter-like local', 'const require = 1; class A { x = require; }'],
  ])('%s', (_what, snippet) => {
    expect(rulesIn(snippet)).toEqual([]);
  });
});

describe('scope analysis: what is still a global', () => {
  it('a name bound only in an inner block is global outside it', () => {
    expect(findings('{ const process = 1; }\nconst x = process;' + DEFAULT_EXPORT)).toEqual(['ambient/process@2:11']);
  });

  it('a parameter of one function does not bind the name in another', () => {
    expect(findings('const f = (process) => process;\nconst g = () => process.pid;' + DEFAULT_EXPORT)).toEqual([
      'ambient/process@2:17',
    ]);
  });

  it('a free name in a default parameter value is global', () => {
    expect(rulesIn('const f = (x = process.env) => x;')).toEqual(['ambient/process']);
  });

  it('an assignment target that is not declared is global', () => {
    expect(rulesIn('const f = () => { globalThis = 1; };')).toEqual(['ambient/global-object']);
  });

  it('a shorthand property refers to the global when nothing binds it', () => {
    expect(rulesIn('const o = { process };')).toEqual(['ambient/process']);
  });

  it('typeof of a global is still a reference to it', () => {
    expect(rulesIn("const has = typeof require === 'function';")).toEqual(['ambient/require']);
  });

  it('a computed class member key is evaluated in the outer scope', () => {
    expect(rulesIn('class A { [process.title]() {} }')).toEqual(['ambient/process']);
  });
});

describe('scope analysis: names that are not references', () => {
  it.each([
    ['member property', 'const o = {}; const x = o.process + o.eval + o?.require;'],
    ['object literal keys and methods', 'const o = { process: 1, eval() {}, get require() { return 1; } };'],
    ['class members', 'class A { process = 1; eval() {} static require() {} #fetch = 2; }'],
    ['destructuring keys with other local names', 'const { process: p, eval: e } = { process: 1, eval: 2 };'],
    ['labels', 'process: for (;;) { break process; }'],
  ])('%s', (_what, snippet) => {
    expect(rulesIn(snippet)).toEqual([]);
  });
});
