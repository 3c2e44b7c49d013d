// setMark and clearMark start from the cached leaf (the last load or store)
// and work their way up from there. Every case runs against the naive model,
// with the invariant walker (mark bits of every ancestor included) after
// every step, so a bit left set or cleared on an ancestor is caught.
import { describe, expect, it } from 'vitest';
import { XArray, checkInvariants } from '../src/index.js';
import { ModelXArray } from '../src/testing/model.js';
import { applyOp, type ModelOp } from './model-ops.js';

const cases: [string, ModelOp[]][] = [
  [
    'the first mark of a leaf reaches the summary; the second stops at the leaf',
    [
      ['fill', 0, 200],
      ['mark', 70, 1],
      ['mark', 72, 1],
    ],
  ],
  [
    'clearing one of two marks of a leaf leaves the ancestors marked',
    [
      ['fill', 0, 200],
      ['mark', 70, 1],
      ['mark', 72, 1],
      ['unmark', 70, 1],
    ],
  ],
  [
    'clearing the last mark of a leaf clears the ancestors and the summary',
    [
      ['fill', 0, 200],
      ['mark', 70, 1],
      ['unmark', 70, 1],
      ['load', 71],
      ['mark', 71, 2],
      ['unmark', 71, 2],
    ],
  ],
  [
    'a mark in one leaf and a clear in another keep both paths right',
    [
      ['fill', 0, 300],
      ['mark', 10, 0],
      ['mark', 140, 0],
      ['unmark', 10, 0],
      ['load', 141],
      ['unmark', 140, 0],
    ],
  ],
  [
    'marking and clearing an empty slot of the cached leaf changes nothing',
    [
      ['fill', 0, 100],
      ['erase', 80],
      ['load', 81],
      ['mark', 80, 1],
      ['unmark', 80, 1],
      ['mark', 81, 1],
      ['unmark', 80, 1],
    ],
  ],
  [
    'clearing a mark the entry does not carry changes nothing',
    [
      ['fill', 0, 100],
      ['mark', 65, 1],
      ['load', 66],
      ['unmark', 66, 1],
      ['unmark', 66, 2],
    ],
  ],
  [
    'a mark on a multi-index entry in the cached leaf goes through its canonical slot',
    [
      ['fill', 0, 100],
      ['storeOrder', 8, 2],
      ['load', 9],
      ['mark', 10, 1],
      ['unmark', 11, 1],
      ['mark', 9, 2],
    ],
  ],
  [
    'a reserved slot in the cached leaf is marked as the kernel does',
    [
      ['fill', 0, 100],
      ['reserve', 120],
      ['load', 121],
      ['mark', 120, 1],
      ['unmark', 120, 1],
    ],
  ],
  [
    'a cached leaf that left the tree is never marked',
    [
      ['fill', 0, 70],
      ['load', 65],
      ['fill', 0, 0],
      ['erase', 64],
      ['erase', 65],
      ['erase', 66],
      ['erase', 67],
      ['erase', 68],
      ['erase', 69],
      ['erase', 70],
      ['mark', 65, 1],
      ['store', 65, 5],
      ['mark', 65, 1],
    ],
  ],
  [
    'an erased marked entry takes its marks with it',
    [
      ['fill', 0, 100],
      ['mark', 33, 1],
      ['mark', 34, 1],
      ['erase', 33],
      ['store', 33, 7],
      ['unmark', 34, 1],
    ],
  ],
];

describe('mark fast paths from the cached leaf', () => {
  it.each(cases)('%s', (_why, ops) => {
    const xa = new XArray<number>();
    const model = new ModelXArray<number>();
    for (const op of ops) {
      applyOp(xa, model, op);
      checkInvariants(xa);
      expect(xa.dump()).toEqual(model.dump());
      for (const m of [0, 1, 2] as const) {
        expect(xa.withLock((g) => g.marked(m))).toBe(model.marked(m));
      }
    }
  });
});
