// A multi-index store over the first slots of a larger multi-index entry
// leaves that entry's remaining siblings pointing at a slot that now holds a
// sibling of the new entry. The kernel's xas_descend follows such a chain
// to its end ("XArray: Do not return sibling entries from xa_load()"), so
// every read, fast path or walk state, must agree on the new entry there.
import { describe, expect, it } from 'vitest';
import { XArray } from '../src/index.js';

function cutArray(): XArray<string> {
  const xa = new XArray<string>({ chunkShift: 3 });
  xa.withLock((g) => g.storeOrder(389, 7, 'a')); // slots 6-7 of the root (shift 6)
  xa.storeRange(64, 201, 'r'); // slots 1-2 as one entry, then smaller pieces
  xa.withLock((g) => g.storeOrder(71, 7, 'o')); // slots 0-1: slot 2 still points at 1
  return xa;
}

describe('sibling chains left by a store over part of a larger entry', () => {
  it.each([0, 64, 127, 128, 150, 191])(
    'index %i reads the new entry through every path',
    (i) => {
      const xa = cutArray();
      expect(xa.load(i)).toBe('o');
      xa.withLock((g) => {
        expect(g.load(i)).toBe('o');
        expect(g.cursor(i).load()).toBe('o');
        // Both count the siblings after the canonical slot 0 (1 and 2).
        expect(g.getOrder(i)).toBe(8);
      });
    },
  );

  it('a sequential run reads the same through the cached leaf', () => {
    const xa = cutArray();
    const got: (string | undefined)[] = [];
    for (let i = 120; i < 200; i++) got.push(xa.load(i));
    const want = Array.from({ length: 80 }, (_, k) =>
      120 + k < 192 ? 'o' : 'r',
    );
    expect(got).toEqual(want);
  });

  it('the pieces after the chain keep their own entry', () => {
    const xa = cutArray();
    expect(xa.load(192)).toBe('r');
    expect(xa.load(201)).toBe('r');
    expect(xa.load(202)).toBeUndefined();
    expect(xa.load(389)).toBe('a');
  });
});
