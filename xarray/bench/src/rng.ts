/**
 * Seeded random streams, so that every run of the benchmark does exactly the
 * same work on every implementation.
 */

/** A generator of uniformly distributed unsigned 32-bit integers. */
export type Random32 = () => number;

/**
 * A xorshift32 generator (Marsaglia, 2003) seeded with `seed`, whose output is
 * scrambled by a multiplication so that low bits are usable on their own.
 */
export function random32(seed: number): Random32 {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return Math.imul(state, 0x2545f491) >>> 0;
  };
}

/** A uniform integer in [0, bound), for bound ≤ 2^32. */
export function below(random: Random32, bound: number): number {
  return Math.floor((random() / 4294967296) * bound);
}

/** A uniform integer in [0, 2^bits) for bits ≤ 52, exact as a double. */
export function uniformBits(random: Random32, bits: number): number {
  if (bits <= 32) {
    return bits === 32 ? random() : random() >>> (32 - bits);
  }
  const high = random() >>> (64 - bits);
  return high * 4294967296 + random();
}

/** A random permutation of 0..n-1 (Fisher–Yates). */
export function permutation(n: number, seed: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  const random = random32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = below(random, i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/** `n` integers drawn uniformly from [0, 2^bits). */
export function uniformKeys(
  n: number,
  bits: number,
  seed: number,
): Float64Array {
  const keys = new Float64Array(n);
  const random = random32(seed);
  for (let i = 0; i < n; i++) keys[i] = uniformBits(random, bits);
  return keys;
}
