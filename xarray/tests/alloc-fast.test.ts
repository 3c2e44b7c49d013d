// The alloc hint (the last alloc's leaf, while nothing changed since) and the
// erase fast path of allocating arrays must give exactly what the general
// walks give: every case runs against the naive model, with the invariant
// walker (free bitmaps included) after every step.
import { describe, expect, it } from 'vitest';
import { XArray, checkInvariants } from '../src/index.js';
import { ModelXArray } from '../src/testing/model.js';

type Op =
  | ['alloc', number, number] // min, max
  | ['allocN', number] // n allocations with the default limit
  | ['erase', number]
  | ['mark', number, 1 | 2]
  | ['find', 1 | 2];

const U32 = 0xffffffff;

const cases: [string, 0 | 1, Op[]][] = [
  ['a run of allocs fills leaf after leaf', 0, [['allocN', 200]]],
  [
    'an erase below the last id is handed out next',
    0,
    [
      ['allocN', 10],
      ['erase', 3],
      ['alloc', 0, U32],
      ['alloc', 0, U32],
    ],
  ],
  [
    'a lower min than the last alloc searches from it',
    0,
    [
      ['allocN', 5],
      ['erase', 1],
      ['alloc', 4, U32],
      ['alloc', 0, U32],
    ],
  ],
  [
    'a min past the last id skips the ids between',
    0,
    [
      ['allocN', 5],
      ['alloc', 20, U32],
      ['alloc', 5, U32],
      ['alloc', 30, U32],
    ],
  ],
  [
    'a max inside the leaf gives EBUSY, not an id past it',
    0,
    [
      ['allocN', 5],
      ['alloc', 0, 4],
      ['alloc', 0, 5],
      ['alloc', 0, 5],
    ],
  ],
  [
    'an erase in a full leaf frees it up the tree',
    0,
    [
      ['allocN', 130],
      ['erase', 64],
      ['alloc', 0, U32],
      ['alloc', 0, U32],
    ],
  ],
  [
    'erasing a marked id clears its mark (general path)',
    0,
    [
      ['allocN', 10],
      ['mark', 4, 1],
      ['erase', 4],
      ['find', 1],
      ['alloc', 0, U32],
    ],
  ],
  [
    'ALLOC1: ids from 1, erase and reuse',
    1,
    [
      ['allocN', 70],
      ['erase', 1],
      ['erase', 65],
      ['allocN', 3],
    ],
  ],
];

describe('alloc hint and alloc-array erase fast path', () => {
  it.each(cases)('%s', (_why, base, ops) => {
    const xa = new XArray<number>({ alloc: base });
    const model = new ModelXArray<number>({ alloc: base });
    let v = 0;
    for (const op of ops) {
      if (op[0] === 'alloc') {
        const limit = { min: op[1], max: op[2] };
        expect(xa.alloc(++v, limit)).toBe(model.alloc(v, limit));
      } else if (op[0] === 'allocN') {
        for (let i = 0; i < op[1]; i++) {
          expect(xa.alloc(++v)).toBe(model.alloc(v));
          checkInvariants(xa);
        }
      } else if (op[0] === 'erase') {
        expect(xa.erase(op[1])).toBe(model.erase(op[1]));
      } else if (op[0] === 'mark') {
        xa.withLock((g) => g.setMark(op[1], op[2]));
        model.setMark(op[1], op[2]);
      } else {
        expect(xa.findIndex(0, U32, op[1])).toBe(
          model.find(0, U32, op[1])?.index ?? -1,
        );
      }
      checkInvariants(xa);
      expect(xa.dump()).toEqual(model.dump());
    }
  });
});
