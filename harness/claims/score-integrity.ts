import { readFileSync } from 'node:fs';
import { keyPathOf } from '../config/config-keys.ts';
import { join } from 'node:path';
import type { SandboxConfig } from '../config/sandbox-config.ts';
import { SandboxExecutionWrapper } from '../sandbox/wrapper.ts';
import type { ExecutionResult } from '../sandbox/execution-result.ts';
import { corpusRoot } from '../sandbox/validator/corpus.ts';
import { loadSp500 } from '../workload/market-data.ts';
import { BUY_AND_HOLD, HEAVY_MOMENTUM, SMA_CROSSOVER } from '../workload/reference-strategies.ts';
import type { Claim, ClaimCheck, ClaimContext, ClaimRelaxation } from './claim.ts';
import type { EngineClaimContext } from './claim-context.ts';
import { checkThat, resultSummary } from './check.ts';

/**
 * A Sharpe ratio no causal daily strategy reaches on the S&P 500 2000-2020: buy and hold has
 * 0.27 there, the reference strategies 0.3 to 0.5; tomorrow's close gives 8.56 (issue 16).
 * The control's score must be above it to count as inflated.
 */
export const INFLATED_SHARPE = 3;

const PEEKING = 'lookahead/tomorrow-close';

function peekingStrategy(): string {
  return readFileSync(join(corpusRoot(), `${PEEKING}.js`), 'utf8');
}

/**
 * Backtests `code` on the real S&P 500 series through SandboxExecutionWrapper in Docker, the path
 * users call, on a fresh cold container (no pool: claims never share a container).
 */
async function backtest(
  context: ClaimContext,
  code: string,
  patch: (config: SandboxConfig) => SandboxConfig = (c) => c,
): Promise<ExecutionResult> {
  const config = patch({ ...structuredClone(context.config), pool: { ...context.config.pool, enabled: false } });
  const docker = (context as Partial<EngineClaimContext>).docker;
  await using wrapper = await SandboxExecutionWrapper.create(config, { mode: 'docker', ...(docker ? { docker } : {}) });
  return wrapper.execute({ code, backtest: { data: await loadSp500() } });
}

function summary(result: ExecutionResult): Record<string, unknown> {
  return {
    ...resultSummary(result),
    backtest: result.backtest,
    lookahead: result.lookahead && {
      verdict: result.lookahead.verdict,
      seed: result.lookahead.seed,
      cuts: result.lookahead.cuts,
      extraEvaluations: result.lookahead.extraEvaluations,
      extraEvaluationMs: result.lookahead.extraEvaluationMs,
    },
  };
}

/**
 * Score integrity (issue 16): a strategy whose weights read tomorrow's close gets no score. The
 * control turns the look-ahead check off and shows the same strategy getting an absurd Sharpe,
 * so the probe's flag is the check's doing; the functionality check runs the reference
 * strategies, which must keep their scores.
 */
const RELAXATION: ClaimRelaxation = {
  description: 'sandbox.backtest.lookahead.enabled: false',
  configKey: keyPathOf('backtest.lookahead.enabled'),
  configPatch: (config) => ({
    ...config,
    backtest: { ...config.backtest, lookahead: { ...config.backtest.lookahead, enabled: false } },
  }),
};

export const scoreIntegrityClaim: Claim = {
  id: 'score-integrity',
  layer: 'score',
  statement:
    'A backtest whose weights before a cut day change when only the data after it changes gets status lookahead and no metrics',
  relaxation: RELAXATION,
  async probe(context): Promise<ClaimCheck> {
    const result = await backtest(context, peekingStrategy());
    return checkThat(
      result.status === 'lookahead' && result.backtest === undefined,
      `${PEEKING}: status lookahead, no metrics`,
      summary(result),
    );
  },
  async control(context): Promise<ClaimCheck> {
    const result = await backtest(context, peekingStrategy(), RELAXATION.configPatch);
    return checkThat(
      result.status === 'ok' && (result.backtest?.sharpe ?? 0) > INFLATED_SHARPE,
      `${PEEKING} with the check off: status ok and an inflated Sharpe (> ${INFLATED_SHARPE})`,
      summary(result),
    );
  },
  async functionality(context): Promise<ClaimCheck> {
    const observed: Record<string, unknown> = {};
    let passed = true;
    for (const [name, code] of Object.entries({ BUY_AND_HOLD, SMA_CROSSOVER, HEAVY_MOMENTUM })) {
      const result = await backtest(context, code);
      observed[name] = summary(result);
      passed &&= result.status === 'ok' && result.lookahead?.verdict === 'causal' && result.backtest !== undefined;
    }
    return checkThat(passed, 'every reference strategy: status ok, verdict causal, metrics', observed);
  },
};
