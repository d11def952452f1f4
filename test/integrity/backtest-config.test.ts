import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rejection } from '../config/config-rejection.ts';
import { parseConfig } from '../../harness/config/load-config.ts';

const SHIPPED = readFileSync('config/learning_system.yaml', 'utf8');

describe('sandbox.backtest in learning_system.yaml', () => {
  it('the shipped file has the cap at 1 and the look-ahead check on with 2 random cuts of 3 perturbations and a re-run budget of 3x the full run', () => {
    expect(parseConfig(SHIPPED, 'shipped.yaml').sandbox.backtest).toEqual({
      maxGrossLeverage: 1,
      lookahead: {
        enabled: true,
        cuts: 2,
        seed: 'random',
        perturbations: ['truncate', 'far-below', 'far-above'],
        budgetFactor: 3,
      },
    });
  });

  it('reads a levered cap and a narrower check', () => {
    const text =
      'sandbox:\n  backtest:\n    max_gross_leverage: 2.5\n    lookahead:\n      cuts: 5\n      perturbations: [truncate]\n';
    expect(parseConfig(text, 'x.yaml').sandbox.backtest).toEqual({
      maxGrossLeverage: 2.5,
      lookahead: { enabled: true, cuts: 5, seed: 'random', perturbations: ['truncate'], budgetFactor: 3 },
    });
  });

  it('accepts a fixed seed, to replay a run', () => {
    expect(
      parseConfig(SHIPPED.replace('seed: random ', 'seed: 16000016 '), 'x.yaml').sandbox.backtest.lookahead.seed,
    ).toBe(16_000_016);
  });

  it.each([
    [
      'a cap of 0',
      SHIPPED.replace('max_gross_leverage: 1 ', 'max_gross_leverage: 0 '),
      'sandbox.backtest.max_gross_leverage',
      /expected a number > 0 and <= 1000, found 0/,
    ],
    [
      'a cap written as text',
      SHIPPED.replace('max_gross_leverage: 1 ', 'max_gross_leverage: lots '),
      'sandbox.backtest.max_gross_leverage',
      /found "lots"/,
    ],
    [
      'no cuts',
      SHIPPED.replace('cuts: 2 ', 'cuts: 0 '),
      'sandbox.backtest.lookahead.cuts',
      /expected an integer >= 1 and <= 64, found 0/,
    ],
    [
      'a fractional seed',
      SHIPPED.replace('seed: random ', 'seed: 1.5 '),
      'sandbox.backtest.lookahead.seed',
      /expected an integer >= 0 and <= 4294967295, or random, found 1\.5/,
    ],
    [
      'a seed that is neither a number nor random',
      SHIPPED.replace('seed: random ', 'seed: lucky '),
      'sandbox.backtest.lookahead.seed',
      /or random, found "lucky"/,
    ],
    [
      'an unknown perturbation',
      SHIPPED.replace('[truncate, far-below, far-above]', '[truncate, shuffle]'),
      'sandbox.backtest.lookahead.perturbations',
      /expected a list of perturbation names \(truncate, far-below, far-above\)/,
    ],
    [
      'an empty perturbation list',
      SHIPPED.replace('[truncate, far-below, far-above]', '[]'),
      'sandbox.backtest.lookahead.perturbations',
      /at least one perturbation \(turn the check off with enabled: false instead\)/,
    ],
    [
      'a re-run budget below the full run itself',
      SHIPPED.replace('budget_factor: 3 ', 'budget_factor: 0.5 '),
      'sandbox.backtest.lookahead.budget_factor',
      /expected a number >= 1 and <= 100, found 0\.5/,
    ],
    [
      'an unknown key',
      SHIPPED.replace('    lookahead:', '    look_ahead: true\n    lookahead:'),
      'sandbox.backtest.look_ahead',
      /known keys are max_gross_leverage, lookahead/,
    ],
  ])('%s is a configuration error naming the key', (_name, text, keyPath, message) => {
    const error = rejection(text);
    expect(error.keyPath).toBe(keyPath);
    expect(error.message).toMatch(message);
  });
});
