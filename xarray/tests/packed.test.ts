// Packed nodes: a node of 64 slots with few non-empty slots keeps only those
// (in slot order, indexed by the present bitmap's rank) and becomes a full
// node past PACKED_MAX slots, or, in a leaf, at once when a slot is filled
// next to another.
// The form is unobservable: every case checks the dump against the naive
// model and the invariant walker after every step, and pins which form the
// node holding `probe` (its leaf, or the node holding it as a lone entry)
// has at the end, so that both forms are exercised. The root is always
// full, so every probe sits below it.
import { describe, expect, it } from 'vitest';
import { XArray, checkInvariants } from '../src/index.js';
import { PACKED_MAX, XNode, offsetOf, slotAt } from '../src/node.js';
import { ModelXArray } from '../src/testing/model.js';

type Op =
  | ['store', number, number | null]
  | ['erase', number]
  | ['mark', number, 0 | 1 | 2]
  | ['order', number, number, number];

/** A leaf far from index 0, so that every level above it is created sparse. */
const B = 2 ** 40 + 64 * 1000;
const at = (offsets: number[]): Op[] =>
  offsets.map((o): Op => ['store', B + o, o + 1]);
/** `n` offsets of one leaf, none next to another (3, 5, 7, ...). */
const scattered = (n: number): number[] =>
  Array.from({ length: n }, (_, k) => 3 + 2 * k);

const cases: [string, Op[], number, 'packed' | 'full'][] = [
  [
    `${PACKED_MAX} scattered slots stay packed`,
    at(scattered(PACKED_MAX)),
    B,
    'packed',
  ],
  [
    `slot ${PACKED_MAX + 1} unpacks the node`,
    at(scattered(PACKED_MAX + 1)),
    B,
    'full',
  ],
  [
    'above the leaves, slots filled side by side stay packed',
    [
      ['store', B, 1],
      ['store', B + 64, 2],
      ['store', B + 128, 3],
    ],
    B + 64,
    'packed',
  ],
  [
    'a slot filled next to a present one unpacks at once',
    at([10, 11]),
    B,
    'full',
  ],
  [
    'a slot filled just below a present one unpacks too',
    at([40, 39]),
    B,
    'full',
  ],
  [
    'slots above 31 rank after those below',
    at([50, 2, 33, 31 - 2]),
    B + 50,
    'packed',
  ],
  [
    'erasing the middle slot keeps the others in order',
    [...at([3, 40, 20]), ['erase', B + 20]],
    B,
    'packed',
  ],
  [
    'erasing every slot of a packed leaf deletes it',
    [
      ...at([3, 40]),
      ['store', 5, 5],
      ['store', 9, 9],
      ['store', 2 ** 41, 7],
      ['erase', B + 3],
      ['erase', B + 40],
    ],
    5,
    'packed',
  ],
  [
    'replacing a present slot writes it in place',
    [...at([7, 30]), ['store', B + 30, 99]],
    B,
    'packed',
  ],
  [
    'marks live in the bitmaps, whatever the form',
    [...at([3, 33, 60]), ['mark', B + 33, 1], ['mark', B + 3, 2]],
    B,
    'packed',
  ],
  [
    'a multi-index entry fills side by side: full',
    [...at([40]), ['order', B + 8, 2, 77]],
    B,
    'full',
  ],
  [
    'leaves under a sparse top level stay packed',
    [
      ['store', 2 ** 30, 2],
      ['store', 5, 1],
      ['store', 9, 4],
      ['store', 2 ** 31 + 2 ** 13, 3],
    ],
    9,
    'packed',
  ],
];

/** The node whose slot holds `index`'s entry: its leaf, or the node holding it as a lone entry. */
function holderOf(xa: XArray<number>, index: number): XNode {
  // `_tree` is internal (stripped from the published declarations).
  const head = (xa as unknown as { _tree: { head: unknown } })._tree.head;
  if (!(head instanceof XNode)) throw new Error(`no node holds ${index}`);
  let node: XNode = head;
  for (;;) {
    if (node.shift === 0) return node;
    const slot = slotAt(node, offsetOf(index, node.shift, 63));
    if (!(slot instanceof XNode)) return node;
    node = slot;
  }
}

describe('packed nodes behave as full ones', () => {
  it.each(cases)('%s', (_why, ops, probe, form) => {
    const xa = new XArray<number>();
    const model = new ModelXArray<number>();
    for (const op of ops) {
      if (op[0] === 'store') {
        expect(xa.store(op[1], op[2])).toBe(model.store(op[1], op[2]));
      } else if (op[0] === 'erase') {
        expect(xa.erase(op[1])).toBe(model.erase(op[1]));
      } else if (op[0] === 'mark') {
        xa.withLock((g) => g.setMark(op[1], op[2]));
        model.setMark(op[1], op[2]);
      } else {
        xa.withLock((g) => g.storeOrder(op[1], op[2], op[3]));
        model.storeOrder(op[1], op[2], op[3]);
      }
      checkInvariants(xa);
      expect(xa.dump()).toEqual(model.dump());
    }
    for (const row of model.dump()) {
      expect(xa.load(row.index)).toBe(row.entry);
      expect(xa.findIndex(row.index)).toBe(row.index);
    }
    const holder = holderOf(xa, probe);
    expect(holder.tpl === null ? 'full' : 'packed').toBe(form);
  });
});
