import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, parse, parseDocument, type Node } from 'yaml';
import { ConfigError } from '../../harness/errors.ts';
import { DEFAULT_OUTCOME_CONFIG } from '../../harness/decision/policy-types.ts';
import { BLOCK_BEGIN, BLOCK_END, planEnabledChange, renderConfigText } from '../../harness/report/render-config.ts';
import { renderAll } from '../../harness/report/render-report.ts';
import { defaultPolicy, sampleResults, setPolicyOverhead } from '../decision/support.ts';

const CONFIG_TEXT = readFileSync(fileURLToPath(new URL('../../config/learning_system.yaml', import.meta.url)), 'utf8');
const BLOCK = `${BLOCK_BEGIN}\n# Decision: test\n${BLOCK_END}\n`;

/** Every key path of a YAML text, in document order. */
function keyPaths(text: string): string[] {
  const paths: string[] = [];
  const walk = (node: Node | null | undefined, prefix: string): void => {
    if (!isMap(node)) return;
    for (const item of node.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const path = `${prefix}${String(item.key.value)}`;
      paths.push(path);
      walk(item.value as Node, `${path}.`);
    }
  };
  walk(parseDocument(text).contents as Node, '');
  return paths;
}

function comments(text: string): string[] {
  return text.split('\n').flatMap((line) => (line.includes('#') ? [line.slice(line.indexOf('#'))] : []));
}

describe('the rendered learning_system.yaml', () => {
  const policy = defaultPolicy();

  it('keeps every comment and the key order, and parses back to the same values except sandbox.enabled', () => {
    const { config, decision } = renderAll(sampleResults(), policy, CONFIG_TEXT);
    expect(decision.outcome).toBe('document-only');
    for (const comment of comments(CONFIG_TEXT)) expect(config).toContain(comment);
    expect(keyPaths(config)).toEqual(keyPaths(CONFIG_TEXT));
    const before = parse(CONFIG_TEXT);
    const after = parse(config);
    expect(after.sandbox.enabled).toBe(false);
    expect({ ...after, sandbox: { ...after.sandbox, enabled: true } }).toEqual(before);
    // every line of the original that is not one changed is still there, byte for byte
    // (cpu_count gains the quota's measured factor as its comment: cpu-count-comment.test.ts)
    const originalLines = CONFIG_TEXT.split('\n').filter(
      (line) => !line.startsWith('  enabled: true  ') && !line.startsWith('    cpu_count:'),
    );
    for (const line of originalLines) expect(config.split('\n')).toContain(line);
  });

  it('keeps the column of the comment after the changed value', () => {
    const { config } = renderAll(sampleResults(), policy, CONFIG_TEXT);
    const original = CONFIG_TEXT.split('\n').find((line) => line.startsWith('  enabled: '))!;
    const rendered = config.split('\n').find((line) => line.startsWith('  enabled: '))!;
    expect(rendered).toBe('  enabled: false                # route executions to Docker (false: local mode only)');
    expect(rendered.indexOf('#')).toBe(original.indexOf('#'));
  });

  it('starts with the decision block, and re-rendering its own output changes nothing', () => {
    const results = sampleResults();
    const once = renderAll(results, policy, CONFIG_TEXT).config;
    expect(once.split('\n')[0]).toBe(BLOCK_BEGIN);
    expect(once).toContain('# Decision: document-only (gate passed)');
    expect(renderAll(results, policy, once).config).toBe(once);
    expect(once.split(BLOCK_BEGIN)).toHaveLength(2);
  });

  it('a later decision replaces the earlier block instead of adding one', () => {
    const first = renderAll(sampleResults(), policy, CONFIG_TEXT).config;
    const second = renderAll(setPolicyOverhead(sampleResults(), 20, 25, 30), policy, first).config;
    expect(second.split(BLOCK_BEGIN)).toHaveLength(2);
    expect(second).toContain('# Decision: enable-by-default (gate passed)');
    expect(second).not.toContain('document-only');
    expect(parse(second).sandbox.enabled).toBe(true);
    expect(second).toContain('# sandbox.enabled: true, as the decision enable-by-default sets it');
  });

  it.each([
    // outcome, sandbox.enabled before, after
    ['enable-by-default', false, true],
    ['do-not-enable', true, false],
    ['document-only', true, false],
    ['optional', true, true],
    ['optional', false, false],
    ['inconclusive', false, false],
  ] as const)('%s with sandbox.enabled %s gives %s', (outcome, before, after) => {
    const start = before ? CONFIG_TEXT : CONFIG_TEXT.replace('  enabled: true ', '  enabled: false');
    const change = planEnabledChange(start, outcome, 'c.yaml');
    expect(change).toMatchObject({ before, after, changed: before !== after });
    const text = renderConfigText(start, change.after, BLOCK, 'c.yaml');
    expect(parse(text).sandbox.enabled).toBe(after);
    if (outcome === 'optional' || outcome === 'inconclusive')
      expect(change.blockNote).toBe(
        `sandbox.enabled left as it was (${before}): the decision ${outcome} does not change it`,
      );
  });

  it("follows the policy's outcomeConfig, and says what the value means for where strategies run", () => {
    const mapping = {
      ...DEFAULT_OUTCOME_CONFIG,
      optional: { sandboxEnabled: true },
      'document-only': { sandboxEnabled: 'keep' },
    } as const;
    const off = CONFIG_TEXT.replace('  enabled: true ', '  enabled: false');
    expect(planEnabledChange(off, 'optional', 'c.yaml', mapping)).toMatchObject({
      before: false,
      after: true,
      changed: true,
    });
    const kept = planEnabledChange(CONFIG_TEXT, 'document-only', 'c.yaml', mapping);
    expect(kept).toMatchObject({ before: true, after: true, changed: false });
    expect(kept.consequence).toMatch(/^every strategy runs in a hardened Docker container/);
    expect(planEnabledChange(CONFIG_TEXT, 'document-only', 'c.yaml').consequence).toMatch(
      /local mode.*without the container \(layer 2\) and without seccomp or gVisor \(layer 3\)$/,
    );
  });

  it('inserts sandbox.enabled at the indentation of its siblings when the file has none', () => {
    const text = '# mine\nsandbox:\n    docker:\n        image: sandbox-gate/runner   # pinned\nother: 1\n';
    const rendered = renderConfigText(text, false, BLOCK, 'c.yaml');
    expect(rendered).toBe(
      `${BLOCK}\n# mine\nsandbox:\n    enabled: false\n    docker:\n        image: sandbox-gate/runner   # pinned\nother: 1\n`,
    );
    expect(planEnabledChange(text, 'optional', 'c.yaml').note).toBe(
      'sandbox.enabled left as it was (absent, so the default true applies): the decision optional does not change it',
    );
  });

  it('keeps CRLF line endings', () => {
    const text = CONFIG_TEXT.replace(/\n/g, '\r\n');
    const rendered = renderConfigText(text, false, BLOCK, 'c.yaml');
    expect(rendered.replace(/\r\n/g, '')).not.toContain('\n');
    expect(renderConfigText(rendered, false, BLOCK, 'c.yaml')).toBe(rendered);
  });

  it('rejects what it cannot edit safely, naming the file', () => {
    expect(() => renderConfigText('sandbox: [1, 2', true, BLOCK, 'broken.yaml')).toThrow(
      /^broken\.yaml: \(root\): expected valid YAML/,
    );
    expect(() => renderConfigText('other: 1\n', true, BLOCK, 'c.yaml')).toThrow(
      /^c\.yaml: sandbox: expected a sandbox: section/,
    );
    expect(() => renderConfigText(`${BLOCK_BEGIN}\n# half a block\n${CONFIG_TEXT}`, true, BLOCK, 'c.yaml')).toThrow(
      ConfigError,
    );
    expect(() =>
      planEnabledChange(CONFIG_TEXT.replace('enabled: true ', 'enabled: yes '), 'optional', 'c.yaml'),
    ).toThrow(/c\.yaml: sandbox\.enabled: expected true or false, found "yes"/);
    expect(() => renderConfigText(CONFIG_TEXT, true, 'not a comment\n', 'c.yaml')).toThrow(/comment lines only/);
  });
});
