/**
 * The one seeded pseudo-random number generator of sandbox-gate: mulberry32 (Tommy Ettinger,
 * public domain). 32 bits of state, period 2^32, passes gjrand's tests at this size; plenty
 * for bootstrapping market data and benchmark samples, and tiny enough to read in full.
 * It is used wherever a result must be reproducible from a seed: the same seed gives the
 * same sequence on every run, machine and Node version (only 32-bit integer arithmetic
 * via `Math.imul` and `>>>`, no floating-point rounding differences).
 *
 * Never use it for anything security-related.
 */
export interface Prng {
  /** A uniform float in [0, 1), with 32 bits of randomness. */
  next(): number;
  /** A uniform integer in [0, maxExclusive). */
  nextInt(maxExclusive: number): number;
}

/**
 * Creates a mulberry32 generator. `seed` is reduced to an unsigned 32-bit integer, so seeds
 * that differ only above 2^32 (or in their fractional part) give the same sequence.
 */
export function createPrng(seed: number): Prng {
  if (!Number.isFinite(seed)) {
    throw new RangeError(`PRNG seed must be a finite number, received ${String(seed)}`);
  }
  let state = Math.trunc(seed) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    nextInt(maxExclusive: number): number {
      if (!Number.isInteger(maxExclusive) || maxExclusive <= 0) {
        throw new RangeError(`nextInt needs a positive integer bound, received ${String(maxExclusive)}`);
      }
      return Math.floor(next() * maxExclusive);
    },
  };
}
