// Ports of the basic checks of lib/test_xarray.c (spec §2.2): load, insert,
// cmpxchg, reserve, destroy, and the pure parts of err, xas_retry, shrink and
// xas_erase. Size-sensitive checks run at every node size in SHIFTS.
import { describe, expect, it, vi } from 'vitest';
import { MAX_INDEX, XArray } from '../src/index.js';
import {
  SHIFTS,
  before,
  eraseIndex,
  getOrder,
  insertIndex,
  storeIndex,
  storeOrder,
} from './helpers.js';

// Some ports run millions of checks, as the kernel's do.
vi.setConfig({ testTimeout: 120_000 });

describe.each(SHIFTS)('chunkShift %i', (chunkShift) => {
  const plain = (): XArray<number> => new XArray<number>({ chunkShift });

  describe('check_xa_err', () => {
    it('successful stores and erases return entries, never errors', () => {
      const xa = plain();
      expect(xa.store(0, 0)).toBeUndefined();
      expect(xa.store(1, 1)).toBeUndefined(); // needs a node
      expect(xa.erase(0)).toBe(0);
      expect(xa.erase(1)).toBe(1);
      expect(xa.isEmpty()).toBe(true);
    });
  });

  describe('check_xas_retry', () => {
    it('reset puts the cursor back to restart; a head-only array is walked at the head', () => {
      const xa = plain();
      storeIndex(xa, 0);
      xa.withLock((g) => {
        const c = g.cursor(0);
        expect(c.status).toBe('restart');
        expect(c.find()).toBe(0);
        expect(c.status).toBe('head');
        c.reset();
        expect(c.status).toBe('restart');
        expect(c.load()).toBe(0);
        expect(c.isReserved()).toBe(false);
      });
      storeIndex(xa, 1);
      xa.withLock((g) => {
        const c = g.cursor(0);
        expect(c.load()).toBe(0);
        expect(c.status).toBe('node');
      });
    });
  });

  describe('check_xa_load', () => {
    it('every index reads what was stored while filling and emptying 0..1023', () => {
      const xa = plain();
      const n = 1024;
      for (let i = 0; i < n; i++) {
        expect(storeIndex(xa, i)).toBeUndefined();
        for (let j = 0; j < n; j++) {
          const entry = xa.load(j);
          if (j <= i) {
            if (entry !== j)
              expect(entry, `load(${j}) after storing 0..${i}`).toBe(j);
          } else if (entry !== undefined) {
            expect(entry, `load(${j}) after storing 0..${i}`).toBeUndefined();
          }
        }
      }
      for (let i = 0; i < n; i++) {
        eraseIndex(xa, i);
        for (let j = 0; j < n; j++) {
          const entry = xa.load(j);
          if (j <= i) {
            if (entry !== undefined)
              expect(entry, `load(${j}) after erasing 0..${i}`).toBeUndefined();
          } else if (entry !== j) {
            expect(entry, `load(${j}) after erasing 0..${i}`).toBe(j);
          }
        }
      }
      expect(xa.isEmpty()).toBe(true);
    });
  });

  describe('check_xa_shrink', () => {
    it('erasing through a cursor collapses the tree and leaves the cursor at bounds', () => {
      const xa = plain();
      storeIndex(xa, 0);
      storeIndex(xa, 1);
      xa.withLock((g) => {
        const c = g.cursor(1);
        expect(c.load()).toBe(1);
        expect(c.store(null)).toBe(1);
        expect(c.status).toBe('bounds');
      });
      expect(xa.load(0)).toBe(0);
      expect(xa.load(1)).toBeUndefined();
      eraseIndex(xa, 0);
      expect(xa.isEmpty()).toBe(true);
    });

    it('growing to MAX_INDEX and erasing it leaves a multi-index entry at 0 intact', () => {
      const xa = plain();
      for (let order = 0; order < 15; order++) {
        const max = 2 ** order - 1;
        storeOrder(xa, 0, order, 0);
        expect(xa.load(max)).toBe(0);
        expect(xa.load(max + 1)).toBeUndefined();
        storeIndex(xa, MAX_INDEX);
        expect(xa.load(max)).toBe(0);
        eraseIndex(xa, MAX_INDEX);
        expect(xa.load(max)).toBe(0);
        expect(getOrder(xa, 0)).toBe(order);
        expect(xa.load(max + 1)).toBeUndefined();
        xa.erase(0);
        expect(xa.isEmpty()).toBe(true);
      }
    });
  });

  describe('check_xas_erase', () => {
    it('erasing every entry while walking with a cursor sees them in order and empties the array', () => {
      const xa = plain();
      for (let i = 0; i < 200; i++) {
        for (let j = i; j < 2 * i + 17; j++) storeIndex(xa, j);
        storeIndex(xa, MAX_INDEX);
        eraseIndex(xa, MAX_INDEX);
        let j = i;
        xa.withLock((g) => {
          const c = g.cursor(0);
          for (
            let e = c.find(MAX_INDEX);
            e !== undefined;
            e = c.find(MAX_INDEX)
          ) {
            if (e !== j) expect(e, `walk from ${i}`).toBe(j);
            c.store(null);
            j++;
          }
        });
        expect(j, `entries seen for i = ${i}`).toBe(2 * i + 17);
        expect(xa.isEmpty(), `empty after i = ${i}`).toBe(true);
      }
    });
  });

  describe('check_insert', () => {
    it('insert fills only its own index, everywhere in the index space', () => {
      const xa = plain();
      for (let i = 0; i < 1024; i++) {
        insertIndex(xa, i);
        expect(xa.load(before(i))).toBeUndefined();
        expect(xa.load(i + 1)).toBeUndefined();
        eraseIndex(xa, i);
      }
      for (let i = 10; i < 53; i++) {
        const p = 2 ** i;
        insertIndex(xa, p);
        expect(xa.load(p - 1)).toBeUndefined();
        expect(xa.load(p + 1)).toBeUndefined();
        eraseIndex(xa, p);
        insertIndex(xa, p - 1);
        expect(xa.load(p)).toBeUndefined();
        expect(xa.load(p - 2)).toBeUndefined();
        eraseIndex(xa, p - 1);
      }
      insertIndex(xa, MAX_INDEX);
      expect(xa.load(0)).toBeUndefined();
      expect(xa.load(MAX_INDEX - 1)).toBeUndefined();
      eraseIndex(xa, MAX_INDEX);
      expect(xa.isEmpty()).toBe(true);
    });
  });

  describe('check_cmpxchg', () => {
    it('swaps only on a match and returns the current entry', () => {
      const FIVE = 5;
      const SIX = 6;
      const LOTS = 12345678;
      const xa = plain();
      expect(xa.isEmpty()).toBe(true);
      expect(storeIndex(xa, LOTS)).toBeUndefined();
      expect(xa.insert(LOTS, 1)).toBe(false); // EBUSY
      expect(xa.cmpxchg(LOTS, SIX, FIVE)).toBe(LOTS); // wrong old: no swap
      expect(xa.cmpxchg(LOTS, LOTS, FIVE)).toBe(LOTS); // swapped
      expect(xa.cmpxchg(LOTS, FIVE, LOTS)).toBe(FIVE); // swapped back
      expect(xa.cmpxchg(5, FIVE, null)).toBeUndefined(); // empty slot, wrong old
      expect(xa.cmpxchg(5, null, FIVE)).toBeUndefined(); // empty slot, stored
      expect(xa.insert(5, FIVE)).toBe(false);
      expect(xa.cmpxchg(5, FIVE, null)).toBe(FIVE); // erased
      expect(xa.insert(5, FIVE)).toBe(true);
      eraseIndex(xa, LOTS);
      eraseIndex(xa, 5);
      expect(xa.isEmpty()).toBe(true);
    });
  });

  describe('check_cmpxchg_order', () => {
    it('cmpxchg to null removes a whole multi-index entry and nothing else', () => {
      const FIVE = 5;
      const order = 3;
      const size = 2 ** order;
      const xa = plain();
      expect(storeOrder(xa, 0, order, FIVE)).toBeUndefined();
      for (let i = 0; i < size; i++) {
        expect(getOrder(xa, i)).toBe(order);
        expect(xa.load(i)).toBe(FIVE);
      }
      expect(getOrder(xa, size)).toBe(0);
      expect(xa.load(size)).toBeUndefined();
      expect(storeOrder(xa, size, order, FIVE)).toBeUndefined();
      expect(getOrder(xa, size)).toBe(order);
      expect(xa.cmpxchg(0, FIVE, null)).toBe(FIVE);
      for (let i = 0; i < size; i++) {
        expect(getOrder(xa, i)).toBe(0);
        expect(xa.load(i)).toBeUndefined();
      }
      for (let i = size; i < 2 * size; i++) {
        expect(getOrder(xa, i)).toBe(order);
        expect(xa.load(i)).toBe(FIVE);
      }
      storeOrder(xa, 0, 53, null);
      expect(xa.isEmpty()).toBe(true);
    });
  });

  describe.each([
    ['plain', false],
    ['ALLOC', 0],
  ] as const)('check_reserve (%s)', (_name, alloc) => {
    const make = (): XArray<number> =>
      new XArray<number>({ chunkShift, alloc });

    it('a reserved index makes the array non-empty but reads empty; release undoes it', () => {
      const xa = make();
      expect(xa.isEmpty()).toBe(true);
      xa.reserve(12345678);
      expect(xa.isEmpty()).toBe(false);
      expect(xa.load(12345678)).toBeUndefined();
      xa.release(12345678);
      expect(xa.isEmpty()).toBe(true);
    });

    it('releasing an index that was stored to does nothing', () => {
      const xa = make();
      xa.reserve(12345678);
      expect(storeIndex(xa, 12345678)).toBeUndefined();
      xa.release(12345678);
      eraseIndex(xa, 12345678);
      expect(xa.isEmpty()).toBe(true);
    });

    it('cmpxchg sees a reserved slot as neither null nor a value (the kernel returns NULL without storing)', () => {
      const xa = make();
      xa.reserve(12345678);
      expect(xa.cmpxchg(12345678, null, 12345678)).toBeUndefined();
      expect(xa.load(12345678)).toBeUndefined();
      expect(xa.isEmpty()).toBe(false);
      // A store over the reservation succeeds, and release then does nothing.
      expect(xa.store(12345678, 12345678)).toBeUndefined();
      xa.release(12345678);
      eraseIndex(xa, 12345678);
      expect(xa.isEmpty()).toBe(true);
    });

    it('insert treats a reserved slot as busy; erase frees it', () => {
      const xa = make();
      xa.reserve(12345678);
      expect(xa.insert(12345678, 12345678)).toBe(false);
      expect(xa.isEmpty()).toBe(false);
      expect(xa.erase(12345678)).toBeUndefined();
      expect(xa.isEmpty()).toBe(true);
    });

    it('iteration skips a reserved entry', () => {
      const xa = make();
      storeIndex(xa, 5);
      xa.reserve(6);
      storeIndex(xa, 7);
      expect([...xa.keys()]).toEqual([5, 7]);
      expect([...xa]).toEqual([
        [5, 5],
        [7, 7],
      ]);
      if (alloc !== false) {
        // If we free a reserved entry, we can allocate it.
        expect(xa.alloc(8, { min: 5, max: 10 })).toBe(8);
        xa.release(6);
        expect(xa.alloc(6, { min: 5, max: 10 })).toBe(6);
      }
      xa.destroy();
      expect(xa.isEmpty()).toBe(true);
    });
  });

  describe('check_destroy', () => {
    it('destroy empties arrays of every shape', () => {
      const xa = plain();
      expect(xa.isEmpty()).toBe(true);
      xa.destroy(); // a no-op on an empty array
      expect(xa.isEmpty()).toBe(true);
      for (let index = 0; index < 1000; index++) {
        storeIndex(xa, index);
        expect(xa.isEmpty()).toBe(false);
        xa.destroy();
        expect(xa.isEmpty()).toBe(true);
        expect(xa.load(index)).toBeUndefined();
      }
      xa.store(MAX_INDEX, 1);
      expect(xa.isEmpty()).toBe(false);
      xa.destroy();
      expect(xa.isEmpty()).toBe(true);
      storeOrder(xa, 2 ** 11, 11, 1);
      expect(xa.isEmpty()).toBe(false);
      xa.destroy();
      expect(xa.isEmpty()).toBe(true);
      expect(xa.dump()).toEqual([]);
    });
  });
});
