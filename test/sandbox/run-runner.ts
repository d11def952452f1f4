import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../harness/sandbox/docker/image.ts';
import { moduleToScript } from '../../harness/sandbox/module-script.ts';
import { encodeJob, newNonce, type RunnerJob } from '../../harness/sandbox/runner-protocol.ts';

const RUNNER = path.join(REPO_ROOT, 'docker/runner/runner.cjs');

/** Runs the runner on the host with its stdin a pipe closed after the job (as the local mode does); returns its frame. */
export function runRunner(nodeFlags: string[], runnerFlags: string[], job: RunnerJob): unknown {
  const child = spawnSync(process.execPath, [...nodeFlags, RUNNER, ...runnerFlags], { input: encodeJob(job), env: {} });
  const marker = `\x1esandbox-gate:result:${job.nonce}\n`;
  const stdout = child.stdout.toString('utf8');
  const at = stdout.indexOf(marker);
  if (at < 0) throw new Error(`no frame (exit ${child.status}): ${stdout} ${child.stderr.toString('utf8')}`);
  return JSON.parse(stdout.slice(at + marker.length).split('\n')[0]!);
}

/** A strategy job from ES module text, as the harness sends it. */
export const strategyJob = (code: string, input: unknown = {}): RunnerJob => ({
  nonce: newNonce(),
  kind: 'strategy',
  script: moduleToScript(code),
  input,
});
