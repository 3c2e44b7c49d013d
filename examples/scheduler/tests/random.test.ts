import { describe, expect, it } from 'vitest';
import { Random, scheduleSeed } from '../src/index.js';

describe('Random', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = new Random(1);
    const b = new Random(1);
    const c = new Random(2);
    const xs = Array.from({ length: 8 }, () => a.nextU32());
    expect(Array.from({ length: 8 }, () => b.nextU32())).toEqual(xs);
    expect(Array.from({ length: 8 }, () => c.nextU32())).not.toEqual(xs);
  });

  it('spreads below(n) over every value', () => {
    const r = new Random(9);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) counts[r.below(10)]!++;
    for (const count of counts) expect(count).toBeGreaterThan(850);
  });

  it.each([
    { n: 0, why: 'empty range' },
    { n: 2.5, why: 'not an integer' },
  ])('rejects below($n) ($why)', ({ n }) => {
    expect(() => new Random(1).below(n)).toThrow(RangeError);
  });

  it('derives distinct schedule seeds', () => {
    const seeds = new Set(
      Array.from({ length: 1000 }, (_, n) => scheduleSeed(7, n)),
    );
    expect(seeds.size).toBe(1000);
  });
});
