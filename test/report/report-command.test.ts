import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { reportCommand } from '../../harness/cli/report-command.ts';
import { attachDecision } from '../../harness/decision/attach-decision.ts';
import { parsePolicy } from '../../harness/decision/load-policy.ts';
import { ConfigError, UsageError } from '../../harness/errors.ts';
import { renderAll } from '../../harness/report/render-report.ts';
import type { Results } from '../../harness/results/results-types.ts';
import { POLICY_TEXT, sampleResults } from '../decision/support.ts';

/** A policy that differs from config/decision-policy.yaml: 732% is below its first threshold. */
const LENIENT = parsePolicy(
  POLICY_TEXT.replace('- below: 50\n', '- below: 1000\n')
    .replace('from: 50\n      below: 100', 'from: 1000\n      below: 2000')
    .replace('from: 100\n', 'from: 2000\n'),
  'lenient-policy.yaml',
);

let stderr: MockInstance;
beforeEach(() => {
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => stderr.mockRestore());

async function runDirectory(results: Results): Promise<{ dir: string; from: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'report-command-'));
  const from = join(dir, 'results.json');
  await writeFile(from, `${JSON.stringify(results, null, 2)}\n`);
  return { dir, from };
}

/** The tests' policy (the shipped one reading the fixture's sp500 row) as a file. */
async function writeTestPolicy(dir: string): Promise<string> {
  const file = join(dir, 'decision-policy.yaml');
  await writeFile(file, POLICY_TEXT);
  return file;
}

const printed = (): string => stderr.mock.calls.map((call) => String(call[0])).join('');

describe('sandbox-gate report --from results.json', () => {
  it("re-renders into --out (here the run's own folder) with the policy stored in the run, byte for byte", async () => {
    const results = attachDecision(sampleResults(), LENIENT);
    expect(results.decision.outcome).toBe('enable-by-default');
    const { dir, from } = await runDirectory(results);

    expect(await reportCommand({ from, out: dir })).toBe(0);
    const report = await readFile(join(dir, 'decision-report.md'), 'utf8');
    const config = await readFile(join(dir, 'learning_system.yaml'), 'utf8');
    expect(report).toContain('**Decision: Enable by default**');
    expect(report).toContain(`| Policy | \`lenient-policy.yaml\`, sha256 \`${LENIENT.sha256}\` |`);
    const expected = renderAll(sampleResults(), LENIENT, sampleResults().configSource!.text);
    expect(report).toBe(expected.report);
    expect(config).toBe(expected.config);
    expect(printed()).toBe(
      `report: wrote ${join(dir, 'decision-report.md')}, ${join(dir, 'evidence.md')}, ${join(dir, 'learning_system.yaml')} and ${join(dir, 'alerts.yml')}\n`,
    );
    expect(await readFile(join(dir, 'evidence.md'), 'utf8')).toBe(expected.evidence);

    expect(await reportCommand({ from, out: dir })).toBe(0);
    expect(await readFile(join(dir, 'decision-report.md'), 'utf8')).toBe(report);
    expect(await readFile(join(dir, 'learning_system.yaml'), 'utf8')).toBe(config);
  });

  it('--policy re-decides under another policy and says that the stored decision differs', async () => {
    const { dir, from } = await runDirectory(attachDecision(sampleResults(), LENIENT));
    const policyFile = await writeTestPolicy(dir);
    const out = join(dir, 'nested', 'out');
    expect(await reportCommand({ from, out, policy: policyFile })).toBe(0);
    expect(await readFile(join(out, 'decision-report.md'), 'utf8')).toContain('**Decision: Document only**');
    expect(printed()).toContain(
      `report: the decision stored in ${from} (enable-by-default, gate passed) differs from applying the policy ${policyFile} now (document-only, gate passed)`,
    );
  });

  it('--config renders another configuration; without one stored or given it is a usage error', async () => {
    const results = sampleResults();
    delete results.configSource;
    const { dir, from } = await runDirectory(results);
    const configFile = join(dir, 'mine.yaml');
    const policyFile = await writeTestPolicy(dir);
    await writeFile(configFile, '# my own\nsandbox:\n  enabled: true   # yes\n');
    expect(await reportCommand({ from, out: dir, config: configFile, policy: policyFile })).toBe(0);
    expect(await readFile(join(dir, 'learning_system.yaml'), 'utf8')).toMatch(
      /\n# my own\nsandbox:\n {2}enabled: false {2}# yes\n$/,
    );
    await expect(reportCommand({ from, config: join(dir, 'absent.yaml'), policy: policyFile })).rejects.toThrow(
      UsageError,
    );
  });

  it('refuses an invalid results.json, naming the pointer', async () => {
    const results = sampleResults();
    results.reliability.fallbackRate = 0;
    const { from } = await runDirectory(results);
    const error = await reportCommand({ from }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(`${from}: /reliability/fallbackRate: expected`);
  });
});

describe('a run, then report --from', () => {
  it("reproduces the run's report and config byte for byte, without reading the policy file again", async () => {
    const { decideAndRender } = await import('../../harness/report/render-run.ts');
    const raw = sampleResults();
    const configSource = raw.configSource!;
    delete raw.configSource;
    const run = decideAndRender(raw, LENIENT, configSource);
    const { dir, from } = await runDirectory(run.results);
    expect(await reportCommand({ from, out: join(dir, 'again') })).toBe(0);
    expect(await readFile(join(dir, 'again', 'decision-report.md'), 'utf8')).toBe(run.report);
    expect(await readFile(join(dir, 'again', 'learning_system.yaml'), 'utf8')).toBe(run.config);
  });
});
