// Ports of check_xa_mark (check_xa_mark_1, _2, _3) of lib/test_xarray.c.
import { describe, expect, it, vi } from 'vitest';
import { MAX_INDEX, XArray } from '../src/index.js';
import {
  SHIFTS,
  clearMark,
  eraseIndex,
  getMark,
  setMark,
  storeIndex,
  storeOrder,
} from './helpers.js';

// Some ports run millions of checks, as the kernel's do.
vi.setConfig({ testTimeout: 120_000 });

/** XARRAY_LONG=1 runs the kernel's full loop counts; by default the heaviest loops are sampled. */
const LONG = process.env.XARRAY_LONG === '1';

/** check_xa_mark_1's indices: every 4th up to 16380 (sampled above 256 by default). */
const MARK_INDICES = Array.from({ length: 4096 }, (_, n) => 4 * n).filter(
  (i) => LONG || i < 256 || i % 1024 === 0 || i === 16380,
);

describe.each(SHIFTS)('chunkShift %i', (chunkShift) => {
  const plain = (): XArray<number> => new XArray<number>({ chunkShift });

  describe('check_xa_mark_1', () => {
    // The kernel runs this for every index 0, 4, ..., 16380; so do we.
    it('marks follow entries at every index 0..16380 (step 4), including multi-index entries of orders 2..7', () => {
      const xa = plain();
      for (const index of MARK_INDICES) {
        // A mark on an absent index does nothing.
        expect(getMark(xa, index, 0)).toBe(false);
        setMark(xa, index, 0);
        expect(getMark(xa, index, 0)).toBe(false);

        // Storing does not set a mark; marks are per index and per mark.
        expect(storeIndex(xa, index)).toBeUndefined();
        expect(getMark(xa, index, 0)).toBe(false);
        setMark(xa, index, 0);
        expect(getMark(xa, index, 0)).toBe(true);
        expect(getMark(xa, index, 1)).toBe(false);
        expect(getMark(xa, index + 1, 0)).toBe(false);
        storeIndex(xa, index + 1);
        expect(getMark(xa, index + 1, 0)).toBe(false);
        setMark(xa, index + 1, 2);
        expect(getMark(xa, index + 1, 2)).toBe(true);
        clearMark(xa, index + 1, 2);
        expect(getMark(xa, index + 1, 2)).toBe(false);
        expect(getMark(xa, index, 0)).toBe(true);
        eraseIndex(xa, index + 1);

        // Erasing clears the marks and empties the array.
        eraseIndex(xa, index);
        expect(getMark(xa, index, 0)).toBe(false);
        expect(xa.isEmpty()).toBe(true);

        // A multi-index store over marked entries gets the union of their marks.
        for (let order = 2; order < 8; order++) {
          const size = 2 ** order;
          const base = Math.floor(index / size) * size;
          const next = base + size;
          storeIndex(xa, index + 1);
          setMark(xa, index + 1, 0);
          storeIndex(xa, index + 2);
          setMark(xa, index + 2, 2);
          storeIndex(xa, next);
          storeOrder(xa, index, order, index);
          for (let i = base; i < next; i++) {
            if (!getMark(xa, i, 0))
              expect(getMark(xa, i, 0), `mark 0 at ${i}, order ${order}`).toBe(
                true,
              );
            if (getMark(xa, i, 1))
              expect(getMark(xa, i, 1), `mark 1 at ${i}, order ${order}`).toBe(
                false,
              );
            if (!getMark(xa, i, 2))
              expect(getMark(xa, i, 2), `mark 2 at ${i}, order ${order}`).toBe(
                true,
              );
            // From any index inside, a walk sees the entry and `next`.
            const seen = [...xa.keys({ start: i })].length;
            if (seen !== 2)
              expect(seen, `walk from ${i}, order ${order}`).toBe(2);
            // A marked walk from 0 sees the multi-index entry once.
            const marked = [...xa.keys({ filter: 0 })].length;
            if (marked !== 1)
              expect(marked, `marked walk, order ${order}`).toBe(1);
          }
          expect(getMark(xa, next, 0)).toBe(false);
          expect(getMark(xa, next, 1)).toBe(false);
          expect(getMark(xa, next, 2)).toBe(false);
          eraseIndex(xa, next);
          expect(xa.erase(index)).toBe(index);
          expect(xa.isEmpty()).toBe(true);
        }
      }
    });
  });

  describe('check_xa_mark_2', () => {
    it('initMarks clears marks; a marked walk counts 1000 entries and leaves the cursor at bounds', () => {
      const xa = plain();
      storeIndex(xa, 0);
      setMark(xa, 0, 0);
      xa.withLock((g) => {
        const c = g.cursor(0);
        c.load();
        c.initMarks();
      });
      expect(getMark(xa, 0, 0)).toBe(false);

      for (let index = 3500; index < 4500; index++) {
        storeIndex(xa, index);
        setMark(xa, index, 0);
      }
      xa.withLock((g) => {
        const c = g.cursor(0);
        let count = 0;
        while (c.findMarked(MAX_INDEX, 0) !== undefined) count++;
        expect(count).toBe(1000);
        // The exhausted walk ran off the tree: the kernel's XAS_BOUNDS, on
        // which a following find returns nothing at once (so the kernel's
        // last loop of this check never runs).
        expect(c.status).toBe('bounds');
        expect(c.find(MAX_INDEX)).toBeUndefined();
      });
      xa.destroy();
      expect(xa.isEmpty()).toBe(true);
    });
  });

  describe('check_xa_mark_3', () => {
    it('a marked walk starting in a sibling slot returns the multi-index entry exactly once', () => {
      const xa = plain();
      const index = 0x40;
      storeOrder(xa, index, 2, 7);
      setMark(xa, index + 1, 0);
      xa.withLock((g) => {
        const c = g.cursor(index + 1);
        const seen: number[] = [];
        for (
          let e = c.findMarked(MAX_INDEX, 0);
          e !== undefined;
          e = c.findMarked(MAX_INDEX, 0)
        ) {
          seen.push(e);
        }
        expect(seen).toEqual([7]);
      });
      expect([...xa.values({ start: index + 1, filter: 0 })]).toEqual([7]);
      xa.destroy();
    });
  });
});
