// The seeded randomised test, shared helpers: every run checks the answers,
// isEmpty, the mark summaries and the invariant walker after every step, the
// touched indices after every write and the whole dump() after every 8th
// write and at the end of every episode.
import { expect } from 'vitest';
import { checkInvariants } from '../src/debug.js';
import { XArray } from '../src/index.js';
import {
  runRandomized,
  type DriverTarget,
  type OpName,
} from '../src/testing/driver.js';

const target: DriverTarget = {
  create: (options) => new XArray<number>(options),
  check: (xa) => checkInvariants(xa as XArray<number>),
};

const EVERY_OP: readonly OpName[] = [
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
];

/** Runs `ops` operations and checks that the run could not pass vacuously. */
export function randomizedRun(
  chunkShift: number,
  seed: number,
  ops: number,
): void {
  const stats = runRandomized(target, {
    seed,
    ops,
    chunkShift,
    fullDumpEvery: 8,
    // One index in 100 from anywhere in the space (instead of 3 or 6): far
    // clusters stay, but fewer lone paths of nodes for the walker to visit.
    uniformIndexPercent: 1,
  });
  expect(stats.ops).toBe(ops);
  for (const name of EVERY_OP) {
    expect(stats.perOp[name] ?? 0, name).toBeGreaterThan(0);
  }
  expect(stats.maxEntries).toBeGreaterThan(20);
}
