import { describe, expect, it } from 'vitest';
import {
  below,
  permutation,
  random32,
  uniformBits,
  uniformKeys,
} from '../src/rng.js';

describe('random32', () => {
  it.each([
    { seed: 1, why: 'a small seed' },
    { seed: 0x5eed0002, why: 'a seed the workloads use' },
    { seed: 0, why: 'zero, which xorshift cannot use as is' },
  ])('repeats its stream for the same seed ($why)', ({ seed }) => {
    const a = random32(seed);
    const b = random32(seed);
    const first = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(95);
    for (const v of first) {
      expect(Number.isInteger(v) && v >= 0 && v < 2 ** 32).toBe(true);
    }
  });

  it('gives different streams for different seeds', () => {
    const a = random32(1);
    const b = random32(2);
    expect(a()).not.toBe(b());
  });
});

describe('below and uniformBits', () => {
  it.each([
    { bits: 1, why: 'one bit: 0 or 1' },
    { bits: 24, why: 'the W9 range' },
    { bits: 32, why: 'a full word' },
    { bits: 40, why: 'the W6 key range, above 32 bits' },
    { bits: 52, why: 'the widest exact range' },
  ])('stays in [0, 2^$bits) ($why)', ({ bits }) => {
    const random = random32(7);
    let max = 0;
    for (let i = 0; i < 2000; i++) {
      const v = uniformBits(random, bits);
      expect(Number.isInteger(v) && v >= 0 && v < 2 ** bits).toBe(true);
      max = Math.max(max, v);
    }
    // The top half of the range is reached, so the high bits are used.
    expect(max).toBeGreaterThanOrEqual(2 ** (bits - 1));
  });

  it.each([
    { bound: 1, why: 'only 0 is possible' },
    { bound: 3, why: 'not a power of two' },
    { bound: 1_000_000, why: 'N' },
  ])('below($bound) stays below the bound ($why)', ({ bound }) => {
    const random = random32(9);
    for (let i = 0; i < 1000; i++) {
      const v = below(random, bound);
      expect(Number.isInteger(v) && v >= 0 && v < bound).toBe(true);
    }
  });
});

describe('permutation and uniformKeys', () => {
  it.each([
    { n: 1, why: 'a single element' },
    { n: 1000, why: 'many elements' },
  ])('permutation($n) holds every index once ($why)', ({ n }) => {
    const p = permutation(n, 3);
    expect([...p].sort((a, b) => a - b)).toEqual(
      Array.from({ length: n }, (_, i) => i),
    );
  });

  it('shuffles (a permutation of 1000 is not the identity)', () => {
    const p = permutation(1000, 3);
    let fixed = 0;
    for (let i = 0; i < p.length; i++) if (p[i] === i) fixed++;
    expect(fixed).toBeLessThan(20);
  });

  it('makes the same keys for the same seed, in range', () => {
    const a = uniformKeys(500, 40, 11);
    expect([...uniformKeys(500, 40, 11)]).toEqual([...a]);
    for (const k of a) expect(k >= 0 && k < 2 ** 40).toBe(true);
  });
});
