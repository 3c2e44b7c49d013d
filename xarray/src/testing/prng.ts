/**
 * A small seeded pseudo-random generator (xoshiro128**, seeded through
 * SplitMix32) for the randomised tests and the fuzz CLI. The same seed always
 * gives the same sequence, so every failure can be replayed from its seed.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Seeds the generator; any integer (or integer-valued number) works. */
  constructor(seed: number) {
    let s = seed >>> 0;
    const mix = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    // Fold the high part of large seeds in too, so 2^32 and 0 differ.
    s = (s ^ Math.floor(seed / 0x100000000)) >>> 0;
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix() | 1;
  }

  /** The next 32-bit unsigned integer. */
  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** A uniform integer in [0, n) for 1 ≤ n ≤ 2^53. */
  int(n: number): number {
    if (n <= 0x100000000) return Math.floor((this.u32() / 0x100000000) * n);
    const hi = this.u32() % Math.ceil(n / 0x100000000);
    return (hi * 0x100000000 + this.u32()) % n;
  }

  /** A uniform integer in [lo, hi] (inclusive). */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.u32() / 0x100000000 < p;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<V>(items: readonly V[]): V {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('Prng.pick: empty array');
    return item;
  }

  /** Chooses a key of `weights` with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const keys = Object.keys(weights) as K[];
    let total = 0;
    for (const k of keys) total += weights[k];
    let r = this.int(total);
    for (const k of keys) {
      r -= weights[k];
      if (r < 0) return k;
    }
    throw new Error('Prng.weighted: all weights are zero');
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
