// Sequential loads keep the last leaf and step from it to the next leaf of
// the same parent without a walk. Every case loads a run of indices across
// leaf boundaries after changes that delete, replace or add leaves, and
// checks each load against the naive model.
import { describe, expect, it } from 'vitest';
import { XArray, checkInvariants } from '../src/index.js';
import { ModelXArray } from '../src/testing/model.js';
import { applyOp, type ModelOp } from './model-ops.js';

const cases: [string, ModelOp[]][] = [
  [
    'a run over three full leaves',
    [
      ['fill', 0, 250],
      ['scan', 0, 260],
    ],
  ],
  [
    'the next leaf was deleted: the step finds a gap, then the leaf after',
    [
      ['fill', 0, 300],
      ['scan', 50, 63],
      ['eraseRange', 64, 127],
      ['scan', 50, 200],
    ],
  ],
  [
    'the next slot of the parent holds a multi-index entry, not a leaf',
    [
      ['fill', 0, 127],
      ['fill', 192, 260],
      ['storeOrder', 128, 6],
      ['scan', 60, 260],
    ],
  ],
  [
    'the last leaf of a parent: the next leaf is under another parent',
    [
      ['fill', 4000, 4200],
      ['scan', 4090, 4110],
    ],
  ],
  [
    'a leaf cached before the tree grew and before its neighbour was made',
    [
      ['fill', 0, 63],
      ['scan', 60, 63],
      ['store', 2 ** 40, 1],
      ['fill', 64, 70],
      ['scan', 0, 140],
    ],
  ],
  [
    'a packed next leaf is read through its bitmap',
    [
      ['fill', 0, 63],
      ['store', 70, 70],
      ['store', 90, 90],
      ['scan', 0, 130],
    ],
  ],
];

describe('sequential loads from the cached leaf', () => {
  it.each(cases)('%s', (_why, ops) => {
    const xa = new XArray<number>();
    const model = new ModelXArray<number>();
    for (const op of ops) {
      applyOp(xa, model, op);
      checkInvariants(xa);
    }
    expect(xa.dump()).toEqual(model.dump());
  });
});
