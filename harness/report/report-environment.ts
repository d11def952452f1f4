import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { quoteNumber } from '../decision/quote-number.ts';
import { packagePath } from '../package-root.ts';
import {
  fixed,
  formatBytes,
  formatMs,
  formatMsValue,
  formatPercent,
  formatRate,
  formatSeconds,
  msDecimals,
} from './format-number.ts';

/** The templates that ship with the package: `templates/` at the package root. */
export const TEMPLATES_DIR = packagePath('templates');

/** A compiled report template set: the main report and the config comment block. */
export interface ReportTemplates {
  report: HandlebarsTemplateDelegate;
  evidence: HandlebarsTemplateDelegate;
  configBlock: HandlebarsTemplateDelegate;
}

const OUTCOME_NAMES: Record<string, string> = {
  'enable-by-default': 'Enable by default',
  optional: 'Optional (available, not on by default)',
  'document-only': 'Document only',
  'do-not-enable': 'Do not enable',
  inconclusive: 'Inconclusive',
};

/**
 * The report's helpers, each small and pure. Markdown and YAML are not HTML: templates are
 * compiled with `noEscape`, and `cell` / `code` do the escaping Markdown tables need.
 */
const HELPERS: Record<string, Handlebars.HelperDelegate> = {
  /** `{{ms 12.345}}` -> `12.35 ms` (precision by magnitude, see format-number.ts). */
  ms: (valueMs: number) => formatMs(valueMs),
  /** `{{msValue 12.345}}` -> `12.35`, for cells under an `(ms)` header. */
  msValue: (valueMs: number) => formatMsValue(valueMs),
  /** `{{s 1880}}` -> `1.88 s`: a duration given in ms, printed in seconds. */
  s: (valueMs: number) => formatSeconds(valueMs),
  /** `{{pct 37.21}}` -> `37.2%`: a value already in percent. */
  pct: (valuePct: number) => formatPercent(valuePct),
  /** `{{rate 0.0012}}` -> `0.12%`: a fraction printed as a percent. */
  rate: (fraction: number) => formatRate(fraction),
  /** `{{bytes 2883584}}` -> `2.75 MiB`. */
  bytes: (bytes: number) => formatBytes(bytes),
  /** `{{num 3.14159 2}}` -> `3.14`. */
  num: (value: number, decimals: unknown) => fixed(value, typeof decimals === 'number' ? decimals : 2),
  /** `{{interval i 'ms'}}` -> `146.6 ms [138.5, 154.7]`; `{{interval i '%'}}` -> `683.7% [635.3, 732.0]`. */
  interval: (interval: { estimate: number; low: number; high: number }, unit: string) => {
    if (unit === '%')
      return `${formatPercent(interval.estimate)} [${fixed(interval.low, 1)}, ${fixed(interval.high, 1)}]`;
    const decimals = msDecimals(interval.estimate);
    return `${fixed(interval.estimate, decimals)} ms [${fixed(interval.low, decimals)}, ${fixed(interval.high, decimals)}]`;
  },
  /** `yes` or `no`. */
  yesno: (value: unknown) => (value ? 'yes' : 'no'),
  /** `{{measure 37.2 '%'}}` -> `37.2%`, `{{measure 12.3 'ms'}}` -> `12.30 ms`; another unit (or none, '') follows 4 significant digits. */
  measure: (value: number, unit: string) => {
    if (unit === '%') return formatPercent(value);
    if (unit === 'ms') return formatMs(value);
    return unit ? `${quoteNumber(value)} ${unit}` : quoteNumber(value);
  },
  /** A decision input: numbers to 6 significant digits, anything else as JSON. */
  inputValue: (value: unknown) => (typeof value === 'number' ? quoteNumber(value, 6) : JSON.stringify(value)),
  /** A requirement's state: `met`, `**not met**`, or `not measured in this run` (null). */
  state: (value: boolean | null) => (value === null ? 'not measured in this run' : value ? 'met' : '**not met**'),
  /** `{{claimRef claim}}` -> ``claim `id` (tests: `t1`, `t2`)``: every security sentence cites both. */
  claimRef: (claim: { id: string; testIds: string[] }) =>
    `claim ${codeSpan(claim.id)} (tests: ${testList(claim.testIds)})`,
  /** `{{testRefs ids}}` -> `` `t1`, `t2` `` or `no test recorded`. */
  testRefs: (ids: string[] | undefined) => testList(ids ?? []),
  /** `{{#if (eq a b)}}`. */
  eq: (a: unknown, b: unknown) => a === b,
  /** Compact JSON in a code span. */
  json: (value: unknown) => codeSpan(JSON.stringify(value) ?? 'undefined'),
  /** A code span that survives backticks in its text. */
  code: (text: unknown) => codeSpan(String(text)),
  /** Escapes a Markdown table cell: `|` and line breaks. */
  cell: (text: unknown) => String(text).replace(/\r?\n/g, ' ').replace(/\|/g, '\\|'),
  /** `{{plural 1 'test'}}` -> `1 test`; `{{plural 2 'test'}}` -> `2 tests`. */
  plural: (count: number, singular: string, pluralForm: unknown) =>
    `${count} ${count === 1 ? singular : typeof pluralForm === 'string' ? pluralForm : `${singular}s`}`,
  /** The outcome in words: `enable-by-default` -> `Enable by default`. */
  outcomeName: (outcome: string) => OUTCOME_NAMES[outcome] ?? outcome,
  /** A fenced code block whose fence is longer than any backtick run in the text. */
  fence: (text: string, language: unknown) => {
    const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
    const bar = '`'.repeat(longest + 1);
    return `${bar}${typeof language === 'string' ? language : ''}\n${text.endsWith('\n') ? text : `${text}\n`}${bar}`;
  },
  /** `{{join list ', '}}`. */
  join: (list: unknown[], separator: unknown) => list.join(typeof separator === 'string' ? separator : ', '),
};

function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const bar = '`'.repeat(longest + 1);
  const pad = longest > 0 || text.startsWith(' ') ? ' ' : '';
  return `${bar}${pad}${text}${pad}${bar}`;
}

function testList(ids: readonly string[]): string {
  return ids.length ? ids.map(codeSpan).join(', ') : 'no test recorded';
}

/**
 * An isolated Handlebars environment (`Handlebars.create()`: nothing registered globally)
 * with the report's helpers and the partials of `templatesDir/partials/`.
 */
export function createReportEnvironment(templatesDir: string = TEMPLATES_DIR): typeof Handlebars {
  const environment = Handlebars.create();
  for (const [name, helper] of Object.entries(HELPERS)) environment.registerHelper(name, helper);
  const partialsDir = join(templatesDir, 'partials');
  for (const entry of readdirSync(partialsDir)
    .filter((name) => name.endsWith('.hbs'))
    .sort()) {
    environment.registerPartial(entry.replace(/\.md\.hbs$|\.hbs$/, ''), readFileSync(join(partialsDir, entry), 'utf8'));
  }
  return environment;
}

const cache = new Map<string, ReportTemplates>();

/** Compiles the templates of `templatesDir` once per directory (on first use, not at import). */
export function loadReportTemplates(templatesDir: string = TEMPLATES_DIR): ReportTemplates {
  let templates = cache.get(templatesDir);
  if (!templates) {
    const environment = createReportEnvironment(templatesDir);
    const compile = (name: string): HandlebarsTemplateDelegate =>
      environment.compile(readFileSync(join(templatesDir, name), 'utf8'), { noEscape: true, strict: true });
    templates = {
      report: compile('decision-report.md.hbs'),
      evidence: compile('evidence.md.hbs'),
      configBlock: compile('learning_system.yaml.hbs'),
    };
    cache.set(templatesDir, templates);
  }
  return templates;
}
