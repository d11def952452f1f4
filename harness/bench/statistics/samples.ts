/**
 * Checks benchmark samples before any statistic is computed: at least `minCount` of them,
 * every one a finite number. A NaN that slipped into a sample would otherwise poison every
 * number of the report without a trace.
 *
 * @throws RangeError naming the sample set, the index and the value that is wrong.
 */
export function assertSamples(name: string, samples: readonly number[], minCount: number): void {
  if (samples.length < minCount) {
    throw new RangeError(`${name}: needs at least ${minCount} sample(s), received ${samples.length}`);
  }
  for (let i = 0; i < samples.length; i++) {
    const value = samples[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RangeError(`${name}: sample ${i} must be a finite number, received ${String(value)}`);
    }
  }
}
