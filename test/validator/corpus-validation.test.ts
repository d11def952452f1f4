import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listCorpus, type CorpusEntry } from '../../harness/sandbox/validator/corpus.ts';
import { layer1CatchRates } from '../../harness/sandbox/validator/layer1-catch-rates.ts';
import { validateStrategy } from '../../harness/sandbox/validator/validate-strategy.ts';

const benign = [...listCorpus('benign'), ...listCorpus('benign-calls')];
const malicious = listCorpus('malicious');

/** Groups whose every file must be caught by layer 1; resource abuse is for the runtime layers. */
const ESCAPE_GROUPS = [
  'function-constructor',
  'computed-names',
  'require-import',
  'engine-hooks-prototypes',
  'lying-to-harness',
  'syscall-reach',
];
const ALL_GROUPS = [...ESCAPE_GROUPS, 'resource-abuse'];

function violationsOf(entry: CorpusEntry) {
  return validateStrategy(readFileSync(entry.file, 'utf8')).violations;
}

describe('benign corpora: no false positives', () => {
  it.each(benign.map((e) => [e.id, e] as const))('%s validates clean', (_id, entry) => {
    expect(violationsOf(entry)).toEqual([]);
  });
});

describe('malicious corpus: layer 1', () => {
  const rates = new Map(layer1CatchRates(malicious).map((rate) => [rate.group, rate]));

  it('has every group, at least 62 files, and at least 8 resource-abuse files', () => {
    expect([...rates.keys()].sort()).toEqual([...ALL_GROUPS].sort());
    expect(malicious.length).toBeGreaterThanOrEqual(62);
    expect(rates.get('resource-abuse')!.total).toBeGreaterThanOrEqual(8);
  });

  it.each(ESCAPE_GROUPS)('catches every file of %s', (group) => {
    const rate = rates.get(group)!;
    expect(rate.missed).toEqual([]);
    expect(rate.caught).toBe(rate.total);
  });

  it.each(malicious.filter((e) => e.group !== 'resource-abuse').map((e) => [e.id, e] as const))(
    '%s is caught by a rule, not by a syntax error or a broken module shape',
    (_id, entry) => {
      const rules = violationsOf(entry).map((v) => v.rule);
      expect(rules.length).toBeGreaterThan(0);
      expect(rules).not.toContain('syntax/parse-error');
      expect(rules).not.toContain('shape/missing-default-export');
      expect(rules).not.toContain('shape/default-not-function');
    },
  );

  it('parses every resource-abuse file (they are runtime attacks, valid modules)', () => {
    for (const entry of malicious.filter((e) => e.group === 'resource-abuse')) {
      const rules = violationsOf(entry).map((v) => v.rule);
      expect(rules, entry.id).not.toContain('syntax/parse-error');
    }
  });
});

describe('malicious corpus: headers and safety', () => {
  it.each(malicious.map((e) => [e.id, e] as const))('%s has a complete header', (_id, entry) => {
    expect(entry.attack?.length ?? 0).toBeGreaterThan(10);
    expect(entry.breach?.length ?? 0).toBeGreaterThan(10);
    expect(entry.source.length).toBeGreaterThan(3);
    expect(readFileSync(entry.file, 'utf8')).toMatch(
      /^\/\*\*\n \* @attack .+\n \* @breach .+\n \* @group [a-z-]+\n \* @source .+\n \*\/\n/,
    );
  });

  it('names the published vm2 CVE techniques it rewrites', () => {
    const sources = malicious.map((e) => e.source).join('\n');
    for (const cve of ['CVE-2023-29017', 'CVE-2023-30547', 'CVE-2023-32314', 'CVE-2023-37466', 'CVE-2023-37903']) {
      expect(sources).toContain(cve);
    }
  });

  it('targets only the loopback addresses for any network attempt', () => {
    for (const entry of malicious) {
      const text = readFileSync(entry.file, 'utf8');
      for (const [address] of text.matchAll(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g))
        expect(address, entry.id).toBe('127.0.0.1');
      for (const [, host] of text.matchAll(/\b(?:https?|wss?):\/\/([^/:'"`\s]+|\[[^\]]+\])/g)) {
        expect(['127.0.0.1', '[::1]'], entry.id).toContain(host);
      }
      for (const [, host] of text.matchAll(/\bhost:\s*'([^']+)'/g))
        expect(['127.0.0.1', '::1'], entry.id).toContain(host);
      for (const [, host] of text.matchAll(/\.send\([^)]*,\s*\d+,\s*'([^']+)'/g))
        expect(['127.0.0.1', '::1'], entry.id).toContain(host);
    }
  });
});
