// The seeded randomised test: 200,000 operations against the naive model
// (src/testing/model.ts), at the kernel's node size and at 4-slot nodes,
// with the invariant walker after every step.
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../src/debug.js';
import { XArray } from '../src/index.js';
import { runRandomized, type DriverTarget } from '../src/testing/driver.js';

const target: DriverTarget = {
  create: (options) => new XArray<number>(options),
  check: (xa) => checkInvariants(xa as XArray<number>),
};

describe('randomised operations agree with the naive model', () => {
  it.each([
    [6, 1, 50_000],
    [6, 2, 50_000],
    [2, 3, 50_000],
    [2, 4, 50_000],
  ])(
    'chunkShift %i, seed %i: %i operations',
    (chunkShift, seed, ops) => {
      const stats = runRandomized(target, { seed, ops, chunkShift });
      expect(stats.ops).toBe(ops);
      // Every kind of operation was exercised, so the run cannot pass vacuously.
      for (const name of [
        'store',
        'storeRange',
        'erase',
        'insert',
        'cmpxchg',
        'reserve',
        'release',
        'alloc',
        'allocCyclic',
        'find',
        'findAfter',
        'findIndex',
        'extract',
        'iterate',
        'iterateWhileChanging',
        'getOrder',
        'getMark',
        'setMark',
        'clearMark',
        'marked',
        'storeOrder',
        'split',
        'cursorWalk',
        'destroy',
      ] as const) {
        expect(stats.perOp[name] ?? 0, name).toBeGreaterThan(0);
      }
      expect(stats.maxEntries).toBeGreaterThan(20);
    },
    180_000,
  );
});
