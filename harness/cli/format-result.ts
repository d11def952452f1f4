import type { ExecutionResult } from '../sandbox/execution-result.ts';

const EXCERPT_CHARS = 2000;

/** A human-readable ExecutionResult for the terminal. */
export function formatResult(result: ExecutionResult): string {
  const lines = [
    `status: ${result.status}`,
    `mode: ${result.mode}${result.runtime ? ` (${result.runtime})` : ''}${result.degraded ? `, DEGRADED (fell back: ${result.fallbackReason})` : ''}`,
  ];
  if (result.message) lines.push(`message: ${result.message}`);
  for (const v of result.violations) lines.push(`  ${v.line}:${v.column}  ${v.rule}  ${v.message}`);
  if (result.backtest) {
    const b = result.backtest;
    const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
    lines.push(
      `backtest: ${b.days} days, total return ${pct(b.totalReturn)}, CAGR ${pct(b.cagr)}, volatility ${pct(b.volatility)}, Sharpe ${b.sharpe.toFixed(3)}, max drawdown ${pct(b.maxDrawdown)}, turnover ${b.turnover.toFixed(4)}/day`,
    );
  } else if (result.status === 'ok') {
    lines.push(`value: ${excerpt(JSON.stringify(result.value))}`);
  }
  lines.push(
    `duration: ${result.durationMs.toFixed(1)} ms, exit code ${result.exitCode ?? '-'}${result.signal ? `, signal ${result.signal}` : ''}, attempts ${result.attempts}`,
  );
  if (result.containerId) lines.push(`container: ${result.containerId.slice(0, 12)} (removed)`);
  if (result.stdoutBytes)
    lines.push(
      `stdout (${result.stdoutBytes} bytes${result.truncated ? ', truncated' : ''}):\n${excerpt(result.stdout)}`,
    );
  if (result.stderrBytes) lines.push(`stderr (${result.stderrBytes} bytes):\n${excerpt(result.stderr)}`);
  return lines.join('\n');
}

function excerpt(text: string): string {
  return text.length > EXCERPT_CHARS
    ? `${text.slice(0, EXCERPT_CHARS)}... (${text.length - EXCERPT_CHARS} more characters)`
    : text;
}
