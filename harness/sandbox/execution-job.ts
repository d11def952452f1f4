import type { MarketData } from '../workload/market-data.ts';

/** What callers of the wrapper hand in. */
export interface ExecutionJob {
  /** The strategy: an ES module whose default export is a function. */
  code: string;
  /** For a plain call: the JSON input the function receives. */
  input?: unknown;
  /**
   * For a backtest: the function receives market data and returns target weights; the metrics
   * are computed outside the sandbox. `{}` means the default dataset (S&P 500 daily, 2000-2020).
   */
  backtest?: { data?: MarketData };
  /**
   * Apply layer 1 (AST validation). Only `exec --no-validate`, for auditing the lower layers,
   * turns it off. @default true
   */
  validate?: boolean;
}
