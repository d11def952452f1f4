// Its own file so that the CLI can show it in `run --help` without loading the wrapper and dockerode.
/**
 * The default number of executions: enough that a perfect run can meet the default policy on
 * its 95% Wilson intervals (0 fallbacks: upper bound < 0.10 from 35; all ok: lower bound
 * >= 0.95 from 73). 100 give 0.037 and 0.963.
 */
export const DEFAULT_RELIABILITY_EXECUTIONS = 100;
