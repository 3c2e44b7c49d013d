// Ports of check_find (find_1..4, multi_find_1..3), check_find_entry and
// check_pause of lib/test_xarray.c.
import { describe, expect, it, vi } from 'vitest';
import { MAX_INDEX, XArray } from '../src/index.js';
import {
  ORDER_LIMIT,
  SHIFTS,
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

describe.each(SHIFTS)('chunkShift %i', (chunkShift) => {
  const plain = (): XArray<number> => new XArray<number>({ chunkShift });

  describe('check_find_1', () => {
    it('find from every start finds the next of every pair j < i < 100, present and marked', () => {
      const xa = plain();
      for (let i = 0; i < 100; i++) {
        expect(storeIndex(xa, i)).toBeUndefined();
        setMark(xa, i, 0);
        for (let j = 0; j < i; j++) {
          if (!LONG && i % 7 !== 0 && i !== 99) continue;
          expect(storeIndex(xa, j)).toBeUndefined();
          setMark(xa, j, 0);
          for (let k = 0; k < 100; k++) {
            const want = k <= j ? j : k <= i ? i : undefined;
            for (const filter of ['present', 0] as const) {
              const got = xa.find(k, MAX_INDEX, filter);
              if (got?.index !== want) {
                expect(
                  got?.index,
                  `find(${k}, ${filter}) with ${j} and ${i}`,
                ).toBe(want);
              }
              if (got !== undefined && got.entry !== want)
                expect(got.entry).toBe(want);
            }
          }
          eraseIndex(xa, j);
          expect(getMark(xa, j, 0)).toBe(false);
          expect(getMark(xa, i, 0)).toBe(true);
        }
        eraseIndex(xa, i);
        expect(getMark(xa, i, 0)).toBe(false);
      }
      expect(xa.isEmpty()).toBe(true);
    });
  });

  describe('check_find_2', () => {
    it('iterating an empty array runs zero times; iteration sees entries in order', () => {
      const xa = plain();
      expect([...xa]).toEqual([]);
      // The kernel's loop re-stores index 0 each time (its loop variable is
      // left at the last index found); the iteration must then see [0].
      for (let i = 0; i < 1024; i++) {
        storeIndex(xa, 0);
        let j = 0;
        for (const [index, entry] of xa) {
          expect(entry).toBe(index);
          expect(index).toBe(j++);
        }
        expect(j).toBe(1);
      }
      xa.destroy();
      // And with 1024 distinct entries.
      for (let i = 0; i < 1024; i++) storeIndex(xa, i);
      expect([...xa.keys()]).toEqual(Array.from({ length: 1024 }, (_, i) => i));
      xa.destroy();
    });
  });

  describe('check_find_3', () => {
    it('a marked cursor walk whose start is above max ends at restart', () => {
      const xa = plain();
      for (let i = 0; i < 100; i++) {
        if (!LONG && i % 11 !== 0 && i !== 99) {
          storeIndex(xa, i);
          setMark(xa, i, 0);
          continue;
        }
        xa.withLock((g) => {
          const c = g.cursor(0);
          for (let j = 0; j < 100; j++) {
            for (let k = 0; k < 100; k++) {
              c.set(j);
              while (c.findMarked(k, 0) !== undefined);
              if (j > k && c.status !== 'restart') {
                expect(c.status, `set(${j}), max ${k}, ${i} entries`).toBe(
                  'restart',
                );
              }
            }
          }
        });
        storeIndex(xa, i);
        setMark(xa, i, 0);
      }
      xa.destroy();
    });
  });

  describe('check_find_4', () => {
    it('findAfter reaches an entry at MAX_INDEX and does not wrap past it', () => {
      const xa = plain();
      storeIndex(xa, MAX_INDEX);
      const found = xa.findAfter(0, MAX_INDEX, 'present');
      expect(found).toEqual({ index: MAX_INDEX, entry: MAX_INDEX });
      expect(xa.findAfter(MAX_INDEX, MAX_INDEX, 'present')).toBeUndefined();
      eraseIndex(xa, MAX_INDEX);
      expect(xa.isEmpty()).toBe(true);
    });
  });

  describe('check_multi_find_1', () => {
    it.each([2, 3, 4, 5, 6, 7, 8, 9])(
      'order %i: find from inside returns the entry, findAfter skips its tail',
      (order) => {
        const xa = plain();
        const multi = 3 * 2 ** order;
        const next = 4 * 2 ** order;
        storeOrder(xa, multi, order, multi);
        expect(storeIndex(xa, next)).toBeUndefined();
        expect(storeIndex(xa, next + 1)).toBeUndefined();

        expect(xa.find(0, MAX_INDEX, 'present')).toEqual({
          index: multi,
          entry: multi,
        });
        const inside = xa.find(multi + 1, MAX_INDEX, 'present');
        expect(inside?.entry).toBe(multi);
        const index = inside?.index ?? -1;
        expect(
          index >= multi && index < next,
          `index ${index} inside [${multi}, ${next})`,
        ).toBe(true);
        expect(xa.findAfter(index, MAX_INDEX, 'present')).toEqual({
          index: next,
          entry: next,
        });
        expect(xa.findAfter(next, next, 'present')).toBeUndefined();

        eraseIndex(xa, multi);
        eraseIndex(xa, next);
        eraseIndex(xa, next + 1);
        expect(xa.isEmpty()).toBe(true);
      },
    );
  });

  describe('check_multi_find_2', () => {
    // The kernel walks under RCU while another path erases the entry the
    // walk stands in; here the iteration itself tolerates the erase.
    it('iteration survives erasing the multi-index entry it stands in', () => {
      const xa = plain();
      for (let order = 0; order < 10; order++) {
        const index = 2 ** order;
        for (let j = 0; j < index; j++) {
          storeIndex(xa, index - 1);
          storeOrder(xa, index, order, index);
          const seen: number[] = [];
          for (const [, entry] of xa.entries({ start: j + index })) {
            seen.push(entry);
            eraseIndex(xa, index);
          }
          expect(seen).toEqual([index]);
          eraseIndex(xa, index - 1);
          expect(xa.isEmpty()).toBe(true);
        }
      }
    });
  });

  describe('check_multi_find_3', () => {
    it('findAfter from inside the only entry finds nothing, for orders up to 49', () => {
      const xa = plain();
      for (let order = 5; order <= ORDER_LIMIT; order++) {
        const index = 2 ** (order - 5);
        expect(xa.isEmpty()).toBe(true);
        storeOrder(xa, 0, order - 4, 0);
        expect(
          xa.findAfter(index, MAX_INDEX, 'present'),
          `order ${order - 4}`,
        ).toBeUndefined();
        eraseIndex(xa, 0);
      }
    });
  });

  describe('check_find_entry', () => {
    /** shmem's find_swap_entry pattern: a cursor walk that pauses every 4 entries. */
    function findEntry(xa: XArray<number>, item: number): number {
      return xa.withLock((g) => {
        const c = g.cursor(0);
        let checked = 0;
        for (
          let e = c.find(MAX_INDEX);
          e !== undefined;
          e = c.find(MAX_INDEX)
        ) {
          if (e === item) return c.index;
          checked++;
          if (checked % 4 === 0) c.pause();
        }
        return -1;
      });
    }

    it('a pausing cursor walk finds the index of an entry in many multi-index layouts', () => {
      const xa = plain();
      for (let order = 0; order < 20; order++) {
        const size = 2 ** order;
        for (let offset = 0; offset < 2 ** (order + 3); offset += size) {
          for (let k = 0; k < 32; k++) {
            const index = offset + k * size;
            storeOrder(xa, index, order, index);
            expect(xa.load(index)).toBe(index);
            const at = findEntry(xa, index);
            if (at !== index)
              expect(
                at,
                `order ${order}, offset ${offset}, entry ${index}`,
              ).toBe(index);
          }
          expect(findEntry(xa, -1)).toBe(-1);
          xa.destroy();
        }
      }
      expect(findEntry(xa, -1)).toBe(-1);
      storeIndex(xa, MAX_INDEX);
      expect(findEntry(xa, -1)).toBe(-1);
      expect(findEntry(xa, MAX_INDEX)).toBe(MAX_INDEX);
      eraseIndex(xa, MAX_INDEX);
      expect(xa.isEmpty()).toBe(true);
    });
  });

  describe('check_pause', () => {
    function walk(xa: XArray<number>, start: number, pause: boolean): number[] {
      return xa.withLock((g) => {
        const c = g.cursor(start);
        const seen: number[] = [];
        for (
          let e = c.find(MAX_INDEX);
          e !== undefined;
          e = c.find(MAX_INDEX)
        ) {
          seen.push(e);
          if (pause) c.pause();
        }
        return seen;
      });
    }

    it('entries of orders 0..52 laid out from 1 are each visited once, with and without pause', () => {
      const xa = plain();
      let index = 1;
      for (let order = 0; order < 53; order++) {
        expect(storeOrder(xa, index, order, index)).toBeUndefined();
        index += 2 ** order;
      }
      const want = Array.from({ length: 53 }, (_, i) => 2 ** i);
      expect(walk(xa, 0, false)).toEqual(want);
      expect(walk(xa, 0, true)).toEqual(want);
      xa.destroy();
    });

    it('entries of orders chunkShift..1 laid out from 0, walked from 0 and from an unaligned start', () => {
      const xa = plain();
      let index = 0;
      const want: number[] = [];
      for (let order = chunkShift; order > 0; order--) {
        expect(storeOrder(xa, index, order, index)).toBeUndefined();
        want.push(index);
        index += 2 ** order;
      }
      expect(walk(xa, 0, false)).toEqual(want);
      expect(walk(xa, 2 ** chunkShift / 2 + 1, true)).toEqual(want);
      xa.destroy();
    });
  });
});
