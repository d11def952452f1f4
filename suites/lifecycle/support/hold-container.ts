// A harness process for the kill -9 test: it starts one hardened container running a strategy
// that never ends, with a timeout far away, and waits. The test SIGKILLs this process while
// the container runs, so nothing of ours gets a chance to clean up.
import { DockerExecutor } from '../../../harness/sandbox/docker/docker-executor.ts';
import { prepareStrategyJob } from '../../../harness/sandbox/prepare-job.ts';
import { shippedConfig } from '../../support/shipped-config.ts';

const config = await shippedConfig({ docker: { timeoutMs: 600_000 } });
const prepared = prepareStrategyJob(
  'export default function strategy() { for (;;) {} }\n',
  {},
  config.input.maxJobBytes,
  'docker',
);
if (!prepared.job) throw new Error(prepared.failure.message);
process.stdout.write(`holding as pid ${process.pid}\n`);
await new DockerExecutor(config).execute(prepared.job);
