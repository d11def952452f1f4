import { loadConfig } from '../config/load-config.ts';
import { apiTimeoutOf, withDeadline } from '../sandbox/docker/engine-deadline.ts';
import { createEngineClient } from '../sandbox/docker/engine-client.ts';
import { buildImage, imageExists, resolveImageRef } from '../sandbox/docker/image.ts';
import { createProgress } from './progress.ts';

/** `sandbox-gate image build [--force]`: builds the sandbox image through the Engine API. */
export async function imageBuildCommand(options: { config: string; force: boolean; json: boolean }): Promise<number> {
  const config = await loadConfig(options.config);
  const docker = createEngineClient();
  const { ref, files } = await resolveImageRef(config.sandbox.docker.image);
  const progress = createProgress(options);
  const existed = await imageExists(docker, ref);
  if (!existed || options.force) await buildImage(docker, ref, files, progress);
  const image = await withDeadline('image inspect', apiTimeoutOf(docker), () => docker.getImage(ref).inspect());
  const summary = { ref, id: image.Id, sizeBytes: image.Size, built: !existed || options.force, files: files.length };
  process.stdout.write(
    options.json
      ? `${JSON.stringify(summary)}\n`
      : `${summary.built ? 'built' : 'already present'}: ${ref} (${image.Id.slice(7, 19)}, ${(image.Size / 1024 ** 2).toFixed(1)} MiB, ${files.length} files)\n`,
  );
  return 0;
}
