import { SandboxGateError } from '../errors.ts';

/** A market data file is malformed: names the file and the 1-based line, and what was wrong. */
export class MarketDataError extends SandboxGateError {
  override name = 'MarketDataError';
  readonly file: string;
  /** 1-based line number in the file (the header is line 1); 0 when the whole file is at fault. */
  readonly line: number;

  constructor(file: string, line: number, problem: string, options?: { cause?: unknown }) {
    super('SANDBOX_GATE_MARKET_DATA_INVALID', `${file}${line > 0 ? `:${line}` : ''}: ${problem}`, options);
    this.file = file;
    this.line = line;
  }
}
