import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { createReportEnvironment } from '../../harness/report/report-environment.ts';

const environment = createReportEnvironment();
const render = (template: string, context: object = {}): string =>
  environment.compile(template, { noEscape: true, strict: true })(context);

describe('the report helpers', () => {
  it('are registered in an isolated environment, not globally', () => {
    expect(Handlebars.helpers.ms).toBeUndefined();
    expect(environment.helpers.ms).toBeTypeOf('function');
  });

  it('format numbers with their units, independent of the locale', () => {
    expect(render('{{ms a}} {{ms b}} {{ms c}} {{ms d}}', { a: 0.04213, b: 21.449, c: 161.35, d: 12_345.6 })).toBe(
      '0.042 ms 21.45 ms 161.3 ms 12346 ms',
    );
    expect(render('{{s a}} {{s b}}', { a: 687_049.3, b: 60.3 })).toBe('687.05 s 0.060 s');
    expect(render('{{pct a}} {{rate b}} {{rate c}}', { a: 683.65, b: 0.0011547, c: 0.0999 })).toBe(
      '683.6% 0.12% 9.99%',
    );
    expect(render('{{bytes a}} {{bytes b}} {{bytes c}}', { a: 2_883_584, b: 2 * 1024 ** 3, c: 12 })).toBe(
      '2.75 MiB 2.00 GiB 12 B',
    );
    expect(render('{{num a 2}} {{num b 0}}', { a: -0.001, b: 7.5 })).toBe('0.00 8');
  });

  it('print an interval as estimate [low, high]', () => {
    const interval = { estimate: 146.6335, low: 138.5437, high: 154.7233 };
    expect(render("{{interval i 'ms'}}", { i: interval })).toBe('146.6 ms [138.5, 154.7]');
    expect(render("{{interval i '%'}}", { i: { estimate: 23.0886, low: 17.0213, high: 30.1167 } })).toBe(
      '23.1% [17.0, 30.1]',
    );
  });

  it('cite claims with their tests, and escape what Markdown tables and code spans need', () => {
    expect(
      render('{{claimRef c}}', {
        c: { id: 'rootfs-read-only', testIds: ['lifecycle/a.test.ts > x', 'limits/b.test.ts > y'] },
      }),
    ).toBe('claim `rootfs-read-only` (tests: `lifecycle/a.test.ts > x`, `limits/b.test.ts > y`)');
    expect(render('{{claimRef c}}', { c: { id: 'x', testIds: [] } })).toBe('claim `x` (tests: no test recorded)');
    expect(render('{{cell t}}', { t: 'a | b\nc' })).toBe('a \\| b c');
    expect(render('{{code t}}', { t: 'has `ticks`' })).toBe('`` has `ticks` ``');
    expect(render('{{json v}}', { v: { errno: 'EROFS' } })).toBe('`{"errno":"EROFS"}`');
    expect(render("{{fence t 'yaml'}}", { t: 'a: 1\n```\n' })).toBe('````yaml\na: 1\n```\n````');
  });

  it('yesno, state, eq, plural and outcome names', () => {
    expect(render('{{yesno a}} {{yesno b}}', { a: true, b: 0 })).toBe('yes no');
    expect(render('{{state a}}, {{state b}}, {{state c}}', { a: true, b: false, c: null })).toBe(
      'met, **not met**, not measured in this run',
    );
    expect(render("{{#if (eq a 'x')}}same{{else}}different{{/if}}", { a: 'x' })).toBe('same');
    expect(
      render("{{plural a 'test'}}, {{plural b 'test'}}, {{plural c 'container' 'containers'}}", { a: 1, b: 37, c: 0 }),
    ).toBe('1 test, 37 tests, 0 containers');
    expect(render('{{outcomeName a}} / {{outcomeName b}}', { a: 'enable-by-default', b: 'do-not-enable' })).toBe(
      'Enable by default / Do not enable',
    );
  });
});
