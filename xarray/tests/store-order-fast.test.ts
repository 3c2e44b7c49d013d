// A multi-index store into an empty range skips the general walk: it goes
// down from the root, makes the missing nodes, and writes the entry and its
// siblings. Every case runs against the naive model, and the whole array
// (entries, orders, marks, a cursor made before the store) is compared after
// every step, with the invariant walker, at chunk shifts 6 and 3. Where
// something is in the way the general store must take over: those cases are
// here too.
import { describe, expect, it } from 'vitest';
import { XArray, checkInvariants } from '../src/index.js';
import { ModelXArray } from '../src/testing/model.js';
import { Prng } from '../src/testing/prng.js';

type Step =
  | ['order', number, number] // storeOrder(index, order, value = index + 1)
  | ['store', number] // store(index, index + 1)
  | ['erase', number]
  | ['mark', number, 0 | 1 | 2];

/**
 * Runs `steps` on an array and the model, comparing entries after each step
 * and orders and marks below `span` after each step (or only at the end).
 */
function run(
  chunkShift: number,
  steps: readonly Step[],
  span: number,
  ordersEveryStep = true,
): void {
  const xa = new XArray<number>({ chunkShift });
  const model = new ModelXArray<number>({ chunkShift });
  for (const step of steps) {
    const [kind, index] = step;
    if (kind === 'order') {
      const order = step[2];
      const got = xa.withLock((g) => g.storeOrder(index, order, index + 1));
      expect(got, `storeOrder(${index}, ${order})`).toBe(
        model.storeOrder(index, order, index + 1),
      );
    } else if (kind === 'store') {
      expect(xa.store(index, index + 1)).toBe(model.store(index, index + 1));
    } else if (kind === 'erase') {
      expect(xa.erase(index)).toBe(model.erase(index));
    } else {
      xa.withLock((g) => g.setMark(index, step[2]));
      model.setMark(index, step[2]);
    }
    checkInvariants(xa);
    expect(xa.dump()).toEqual(model.dump());
    if (ordersEveryStep) compareOrders(xa, model, span);
  }
  compareOrders(xa, model, span);
}

/** getOrder and every mark at each index below `span` (and a few past it). */
function compareOrders(
  xa: XArray<number>,
  model: ModelXArray<number>,
  span: number,
): void {
  xa.withLock((g) => {
    for (let i = 0; i < span + 4; i++) {
      const want = model.getOrder(i);
      const got = g.getOrder(i);
      if (got !== want) expect(got, `getOrder(${i})`).toBe(want);
      for (const m of [0, 1, 2] as const) {
        if (g.getMark(i, m) !== model.getMark(i, m)) {
          expect(g.getMark(i, m), `getMark(${i}, ${m})`).toBe(
            model.getMark(i, m),
          );
        }
      }
    }
  });
}

const cases: [string, Step[], number][] = [
  [
    'entries of one order side by side fill a node, then the next one',
    [
      ['order', 0, 3],
      ['order', 8, 3],
      ['order', 16, 3],
      ['order', 24, 3],
      ['order', 32, 3],
      ['order', 40, 3],
      ['order', 48, 3],
      ['order', 56, 3],
      ['order', 64, 3],
      ['order', 200, 3],
    ],
    260,
  ],
  [
    'a store below the root makes the missing nodes on the way',
    [
      ['store', 5000],
      ['order', 1024, 4],
      ['order', 3000, 2],
      ['order', 64, 6],
      ['order', 4032, 1],
    ],
    4100,
  ],
  [
    'an order that fills one whole slot of an upper node (no siblings)',
    [
      ['store', 9000],
      ['order', 4096, 6],
      ['order', 4096 + 64, 6],
      ['order', 0, 12],
    ],
    9100,
  ],
  [
    'an entry in the range: the general store replaces it',
    [
      ['store', 4000],
      ['store', 19],
      ['order', 16, 3],
      ['order', 16, 2],
      ['order', 20, 2],
    ],
    70,
  ],
  [
    'a larger entry on the way: the general store replaces it',
    [
      ['store', 4000],
      ['order', 0, 8],
      ['order', 64, 3],
      ['order', 128, 6],
    ],
    300,
  ],
  [
    'a lone entry on the way: the general store pushes it down',
    [
      ['store', 1 << 20],
      ['store', 70_000],
      ['order', 69_632, 4],
      ['order', 70_016, 3],
    ],
    70_100,
  ],
  [
    'a packed node with neighbours present, the range itself empty',
    [
      ['store', 100_000],
      ['store', 4096],
      ['store', 4096 * 3],
      ['order', 4096 * 2, 5],
      ['order', 4096 * 2 + 32, 5],
    ],
    4096 * 4,
  ],
  [
    'marks of neighbouring entries stay where they are',
    [
      ['store', 5000],
      ['order', 0, 2],
      ['mark', 0, 1],
      ['order', 4, 2],
      ['order', 8, 3],
      ['mark', 8, 2],
      ['order', 16, 3],
      ['erase', 1],
      ['order', 0, 3],
    ],
    40,
  ],
  [
    'an index past the root grows the tree first',
    [
      ['order', 0, 3],
      ['order', 64, 3],
      ['order', 4096, 3],
      ['order', 1 << 18, 5],
    ],
    (1 << 18) + 40,
  ],
];

describe('multi-index stores into an empty range', () => {
  for (const chunkShift of [6, 3]) {
    it.each(cases)(`shift ${chunkShift}: %s`, (_why, steps, span) => {
      run(chunkShift, steps, span);
    });
  }

  it('a cursor made before the store walks again and sees the entry', () => {
    const xa = new XArray<number>();
    xa.store(5000, 1);
    xa.withLock((g) => {
      const cursor = g.cursor(64);
      const walker = g.cursor(3);
      expect(cursor.load()).toBeUndefined();
      expect(walker.load()).toBeUndefined();
      g.storeOrder(64, 4, 7);
      expect(cursor.load()).toBe(7);
      expect(walker.find(100)).toBe(7);
      expect(walker.index).toBe(64);
      expect(walker.find(100)).toBeUndefined();
    });
  });

  it('random stores of mixed orders agree with the model', () => {
    for (const chunkShift of [6, 3]) {
      const rng = new Prng(chunkShift * 7919 + 1);
      const steps: Step[] = [];
      const span = 1 << 13;
      for (let k = 0; k < 400; k++) {
        const r = rng.int(10);
        const index = rng.int(span);
        if (r < 6) steps.push(['order', index, 1 + rng.int(9)]);
        else if (r < 8) steps.push(['store', index]);
        else if (r < 9) steps.push(['erase', index]);
        else steps.push(['mark', index, rng.int(3) as 0 | 1 | 2]);
      }
      run(chunkShift, steps, span, false);
    }
  });
});
