/**
 * Strategies that use memory on purpose. Typed arrays live outside the V8 heap, so the first
 * meets the container's cgroup limit; the second fills the V8 heap with small objects and meets
 * the heap cap (--max-old-space-size, 3/4 of the limit). Both touch everything they allocate.
 */
export const EXTERNAL_MEMORY_STRATEGY = `export default function strategy({ totalMiB, chunkMiB }) {
  const kept = [];
  for (let i = 0; i < totalMiB / chunkMiB; i++) {
    const chunk = new Uint8Array(chunkMiB * 1048576);
    chunk.fill(1);
    kept.push(chunk);
  }
  return { allocatedMiB: kept.length * chunkMiB };
}
`;

/** Each step keeps 16 384 small objects, a little over 1 MiB of heap. */
export const HEAP_MEMORY_STRATEGY = `export default function strategy({ steps }) {
  const kept = [];
  for (let i = 0; i < steps; i++) {
    const block = [];
    for (let j = 0; j < 16384; j++) block.push({ i, j, s: 'x' + j });
    kept.push(block);
  }
  return { steps: kept.length };
}
`;
