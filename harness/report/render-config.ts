import { isDeepStrictEqual } from 'node:util';
import { isMap, isPair, isScalar, parseDocument, type Document } from 'yaml';
import { ConfigError } from '../errors.ts';
import type { DecisionOutcome } from '../decision/decision-types.ts';
import { DEFAULT_OUTCOME_CONFIG, type OutcomeConfig } from '../decision/policy-types.ts';

/** First and last line of the block this module owns at the top of learning_system.yaml. */
export const BLOCK_BEGIN = '# >>> sandbox-gate decision (generated: re-rendering replaces this block) >>>';
export const BLOCK_END = '# <<< sandbox-gate decision <<<';

/** What the decision does to `sandbox.enabled`. */
export interface EnabledChange {
  /** The value in the file; undefined when the key is absent (the loader's default, true, applies). */
  before: boolean | undefined;
  /** The value the rendered file carries. */
  after: boolean | undefined;
  changed: boolean;
  /** One sentence for the report: what the decision did, from what. */
  note: string;
  /**
   * One sentence for the comment block. It does not mention the value before, so rendering
   * the rendered file again gives the same block (idempotent).
   */
  blockNote: string;
  /** Where strategies run with the rendered value, and which layers that leaves out. */
  consequence: string;
}

/**
 * What the outcome does to `sandbox.enabled`, as the policy's `outcomeConfig` says: `true` or
 * `false` is written, `keep` leaves the user's value (or its absence) as it is.
 */
export function planEnabledChange(
  configText: string,
  outcome: DecisionOutcome,
  file: string,
  outcomeConfig: OutcomeConfig = DEFAULT_OUTCOME_CONFIG,
): EnabledChange {
  const before = readEnabled(parse(stripBlock(configText, file), file), file);
  const shown = before === undefined ? 'absent, so the default true applies' : String(before);
  const setting = outcomeConfig[outcome].sandboxEnabled;
  if (setting === 'keep') {
    const note = `sandbox.enabled left as it was (${shown}): the decision ${outcome} does not change it`;
    return {
      before,
      after: before,
      changed: false,
      note,
      blockNote: note,
      consequence: enabledConsequence(before ?? true),
    };
  }
  const changed = before !== setting;
  return {
    before,
    after: setting,
    changed,
    note: `sandbox.enabled ${changed ? `set to ${setting} (was ${shown})` : `stays ${setting}`}: the decision is ${outcome}`,
    blockNote: `sandbox.enabled: ${setting}, as the decision ${outcome} sets it`,
    consequence: enabledConsequence(setting),
  };
}

/** What `sandbox.enabled` means for where strategies run, in one sentence (see wrapper.ts routing). */
export function enabledConsequence(enabled: boolean): string {
  return enabled
    ? 'every strategy runs in a hardened Docker container: layers 1 and 1b, the container (layer 2) and seccomp or gVisor (layer 3); it falls back to the local mode only on infrastructure errors, counted as fallbacks'
    : "every strategy runs in the local mode: layers 1 and 1b and a child process under Node's permission model, without the container (layer 2) and without seccomp or gVisor (layer 3)";
}

/**
 * The user's configuration with `sandbox.enabled` set to `enabled` and `block` (comment
 * lines) at the top. Every other byte is kept: comments, key order, alignment, quoting. The
 * value is changed in place at the source range the `yaml` Document API gives for it, and a
 * previous sandbox-gate block is replaced, so rendering twice gives the same text.
 * @throws ConfigError when the text is not valid YAML or has no `sandbox:` mapping.
 */
export function renderConfigText(
  configText: string,
  enabled: boolean | undefined,
  block: string,
  file: string,
): string {
  const eol = configText.includes('\r\n') ? '\r\n' : '\n';
  const body = stripBlock(configText, file);
  const document = parse(body, file);
  let updated = body;
  if (enabled !== undefined) updated = setEnabled(body, document, enabled, eol, file);

  const expected = document.toJS() as { sandbox: Record<string, unknown> };
  if (enabled !== undefined) expected.sandbox.enabled = enabled;
  const actual = parseDocument(updated).toJS();
  if (!isDeepStrictEqual(actual, expected)) {
    throw new Error(
      `render-config: the rendered ${file} does not parse back to the same values (a defect of sandbox-gate, please report it)`,
    );
  }
  const lines = block.split(/\r?\n/).filter((line, index, all) => !(index === all.length - 1 && line === ''));
  for (const line of lines) {
    if (!line.startsWith('#'))
      throw new Error(`render-config: the decision block must be comment lines only, found ${JSON.stringify(line)}`);
  }
  return `${lines.join(eol)}${eol}${eol}${updated}`;
}

function parse(text: string, file: string): Document {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length) {
    throw new ConfigError(file, '', 'valid YAML', `a syntax error: ${document.errors[0]!.message.split('\n')[0]}`);
  }
  if (!isMap(document.get('sandbox', true)))
    throw new ConfigError(file, 'sandbox', 'a sandbox: section', document.get('sandbox'));
  return document;
}

function readEnabled(document: Document, file: string): boolean | undefined {
  const value = document.getIn(['sandbox', 'enabled']);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new ConfigError(file, 'sandbox.enabled', 'true or false', value);
  return value;
}

function setEnabled(text: string, document: Document, enabled: boolean, eol: string, file: string): string {
  readEnabled(document, file);
  const node = document.getIn(['sandbox', 'enabled'], true);
  if (isScalar(node) && node.range) {
    const [start, end] = node.range;
    return `${text.slice(0, start)}${enabled}${realign(text.slice(end), String(enabled).length - (end - start))}`;
  }
  // The key is absent: insert it as the first key of a block mapping, at that key's indentation.
  const section = document.get('sandbox', true);
  const first = isMap(section) && !section.flow ? section.items[0] : undefined;
  const key = isPair(first) && isScalar(first.key) ? first.key : undefined;
  if (key?.range) {
    const offset = key.range[0];
    const column = offset - (text.lastIndexOf('\n', offset - 1) + 1);
    return `${text.slice(0, offset)}enabled: ${enabled}${eol}${' '.repeat(column)}${text.slice(offset)}`;
  }
  // A flow or empty mapping: let the Document API write it (this reformats that file).
  const copy = document.clone();
  copy.setIn(['sandbox', 'enabled'], enabled);
  return copy.toString();
}

/**
 * Keeps an aligned trailing comment in its column when the value before it grew or shrank by
 * `delta` characters (`true` to `false`), as long as one space is left before the `#`.
 */
function realign(rest: string, delta: number): string {
  const match = /^( +)#/.exec(rest);
  if (!match || delta === 0) return rest;
  const spaces = match[1]!.length - delta;
  return spaces >= 1 ? `${' '.repeat(spaces)}${rest.slice(match[1]!.length)}` : rest;
}

/** The text without a previous sandbox-gate block (and the blank line after it). */
export function stripBlock(text: string, file: string): string {
  const lines = text.split('\n');
  const begin = lines.findIndex((line) => line.replace(/\r$/, '') === BLOCK_BEGIN);
  if (begin < 0) return text;
  const end = lines.findIndex((line, index) => index > begin && line.replace(/\r$/, '') === BLOCK_END);
  if (end < 0)
    throw new ConfigError(
      file,
      '',
      `a sandbox-gate block closed by the line ${JSON.stringify(BLOCK_END)}`,
      'a block that is never closed',
    );
  let after = end + 1;
  if (lines[after] !== undefined && lines[after]!.replace(/\r$/, '') === '') after += 1;
  return [...lines.slice(0, begin), ...lines.slice(after)].join('\n');
}

/** The comment the rendered config carries on `cpu_count` once the quota's own effect was measured. */
export const CPU_COUNT_PATH = ['sandbox', 'docker', 'cpu_count'] as const;

/**
 * Sets the trailing comment of one scalar (e.g. `cpu_count: 0.5  # <comment>`), replacing a
 * comment already there, and keeps every other byte; the same comment twice gives the same
 * text. Leaves the text as it is when the key is absent or not a plain scalar on one line.
 */
export function setTrailingComment(text: string, keyPath: readonly string[], comment: string, file: string): string {
  const document = parse(text, file);
  const node = document.getIn([...keyPath], true);
  if (!isScalar(node) || !node.range) return text;
  const end = node.range[1];
  const lineEnd = text.indexOf('\n', end);
  const stop = lineEnd < 0 ? text.length : text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  const rest = text.slice(end, stop);
  if (rest.trim() !== '' && !rest.trimStart().startsWith('#')) return text;
  const column = /^ *#/.exec(rest) ? rest.indexOf('#') : 2;
  return `${text.slice(0, end)}${' '.repeat(Math.max(1, column))}# ${comment.replace(/[\r\n]+/g, ' ')}${text.slice(stop)}`;
}
