import { SandboxGateError } from '../errors.ts';

/**
 * A strategy's weights cannot be scored: wrong shape, a weight that is not a finite number, or
 * a day whose gross exposure is over `sandbox.backtest.max_gross_leverage`. Names the first
 * offending position (ticker index and day) where there is one; the wrapper turns it into
 * status `error`, never into metrics.
 */
export class WeightsError extends SandboxGateError {
  override name = 'WeightsError';
  /** Index of the ticker at fault, when one is. */
  readonly tickerIndex: number | undefined;
  /** Index of the day at fault, when one is. */
  readonly dayIndex: number | undefined;

  constructor(message: string, position: { tickerIndex?: number; dayIndex?: number } = {}) {
    super('SANDBOX_GATE_WEIGHTS_INVALID', message);
    this.tickerIndex = position.tickerIndex;
    this.dayIndex = position.dayIndex;
  }
}
