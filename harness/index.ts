// `sandbox-gate`: what a trading system imports to run strategies in the sandbox (named exports
// only). The gate itself (phases, decision, report, audit) is `sandbox-gate/gate`, gate-index.ts.
export { loadConfig, parseConfig, DEFAULT_CONFIG_PATH } from './config/load-config.ts';
export type { LoadedConfig, SandboxConfig, LookaheadConfig, LookaheadPerturbation } from './config/sandbox-config.ts';
export { SandboxGateError, ConfigError, UsageError, EnvironmentError, InfrastructureError } from './errors.ts';
export type { InfrastructureReason } from './errors.ts';
export { SandboxExecutionWrapper } from './sandbox/wrapper.ts';
export type { RoutingMode, WrapperOptions, WrapperStats } from './sandbox/wrapper.ts';
export type { ExecutionJob } from './sandbox/execution-job.ts';
export type {
  ExecutionResult,
  ExecutionStatus,
  ExecutionMode,
  Violation,
  BacktestMetrics,
  ContainerTimeline,
} from './sandbox/execution-result.ts';
export { SandboxMetrics } from './sandbox/metrics.ts';
export { validateStrategy } from './sandbox/validator/validate-strategy.ts';
export type { ValidationReport } from './sandbox/validator/validate-strategy.ts';
export { computeBacktest, validateWeights, type WeightLimits } from './workload/backtest.ts';
export { WeightsError } from './workload/weights-error.ts';
export type { LookaheadRecord, LookaheadVerdict, LookaheadChange } from './integrity/lookahead-record.ts';
export type { MarketData } from './workload/market-data.ts';
export { loadSp500 } from './workload/market-data.ts';
