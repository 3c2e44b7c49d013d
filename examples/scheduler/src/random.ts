/**
 * A small seeded pseudo-random generator (mulberry32): 32 bits of state,
 * fast, and good enough to pick interleavings and workloads. Not for
 * anything that needs unpredictability.
 */
export class Random {
  #state: number;

  /** @param seed - any integer; only its low 32 bits are used. */
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** The next value, uniform in 0..2^32-1. */
  nextU32(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /**
   * A value uniform in 0..n-1.
   *
   * @throws RangeError if `n` is not a positive integer up to 2^32.
   */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x100000000) {
      throw new RangeError(
        `Random.below(n) needs an integer 1..2^32, got ${String(n)}`,
      );
    }
    return Math.floor((this.nextU32() / 0x100000000) * n);
  }

  /** A value uniform in lo..hi, both inclusive. */
  between(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.nextU32() / 0x100000000 < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) {
      throw new RangeError('Random.pick() needs a non-empty array');
    }
    return items[this.below(items.length)]!;
  }
}

/**
 * Derives the seed of schedule `n` of a run started from `base`, so that
 * schedules are independent and any one of them can be replayed alone.
 */
export function scheduleSeed(base: number, n: number): number {
  return new Random((base ^ Math.imul(n + 1, 0x9e3779b9)) >>> 0).nextU32();
}
