// Ports of check_xa_alloc (check_xa_alloc_1, _2, _3 on ALLOC and ALLOC1
// arrays) and check_align of lib/test_xarray.c.
import { describe, expect, it, vi } from 'vitest';
import { U32_MAX, XArray } from '../src/index.js';
import { SHIFTS, allocIndex, eraseIndex, storeIndex } from './helpers.js';

// Some ports run millions of checks, as the kernel's do.
vi.setConfig({ testTimeout: 120_000 });

const LIMIT_32B = { min: 0, max: U32_MAX };

describe.each(SHIFTS)('chunkShift %i', (chunkShift) => {
  describe.each([0, 1] as const)('base %i', (base) => {
    const make = (): XArray<number> =>
      new XArray<number>({ chunkShift, alloc: base });

    describe('check_xa_alloc_1', () => {
      it('hands out the lowest free id from base, and reuses freed ones', () => {
        const xa = make();
        expect(xa.isEmpty()).toBe(true);
        allocIndex(xa, base); // an empty array assigns base first
        eraseIndex(xa, base); // erasing it empties the array again
        expect(xa.isEmpty()).toBe(true);
        allocIndex(xa, base); // and base is assigned again
        // Allocating and then erasing a lot does not lose base.
        const chunk = 2 ** chunkShift;
        for (let i = base + 1; i < 2 * chunk; i++) allocIndex(xa, i);
        for (let i = base; i < 2 * chunk; i++) eraseIndex(xa, i);
        allocIndex(xa, base);
        // Destroying does the same as erasing.
        xa.destroy();
        allocIndex(xa, base);
        allocIndex(xa, base + 1);
        eraseIndex(xa, base + 1);
        // A plain store marks the id used.
        storeIndex(xa, base + 1);
        allocIndex(xa, base + 2);
        // Erasing base frees it.
        eraseIndex(xa, base);
        allocIndex(xa, base);
        eraseIndex(xa, base + 1);
        eraseIndex(xa, base + 2);
        for (let i = 1; i < 5000; i++) allocIndex(xa, base + i);
        xa.destroy();
        // The top of the u32 range, then no free id (EBUSY).
        const top = { min: U32_MAX - 1, max: U32_MAX };
        expect(xa.alloc(U32_MAX - 1, top)).toBe(0xfffffffe);
        expect(xa.alloc(U32_MAX, top)).toBe(0xffffffff);
        expect(xa.alloc(0, top)).toBeUndefined();
        xa.destroy();
        // min > max finds nothing, with or without entries.
        expect(xa.alloc(10, { min: 10, max: 5 })).toBeUndefined();
        expect(storeIndex(xa, 3)).toBeUndefined();
        expect(xa.alloc(10, { min: 10, max: 5 })).toBeUndefined();
        eraseIndex(xa, 3);
        expect(xa.isEmpty()).toBe(true);
      });
    });

    describe('check_xa_alloc_2', () => {
      it('allocating null reserves the id; store(null) keeps it, erase frees it', () => {
        const xa = make();
        expect(xa.isEmpty()).toBe(true);
        expect(xa.alloc(null, LIMIT_32B)).toBe(base);
        expect(xa.isEmpty()).toBe(false);
        expect(xa.erase(base)).toBeUndefined();
        expect(xa.isEmpty()).toBe(true);
        expect(xa.alloc(null, LIMIT_32B)).toBe(base);
        xa.destroy();
        expect(xa.isEmpty()).toBe(true);

        for (let i = base; i < base + 10; i++) {
          expect(xa.alloc(null, LIMIT_32B)).toBe(i);
        }
        expect(xa.store(3, 3)).toBeUndefined();
        expect(xa.store(4, 4)).toBeUndefined();
        expect(xa.store(4, null)).toBe(4); // stays allocated
        expect(xa.erase(5)).toBeUndefined(); // freed
        expect(xa.alloc(null, LIMIT_32B)).toBe(5);
        for (const [index] of xa) eraseIndex(xa, index);
        for (let i = base; i < base + 9; i++) {
          expect(xa.erase(i)).toBeUndefined();
          expect(xa.isEmpty()).toBe(false);
        }
        expect(xa.erase(8)).toBeUndefined();
        expect(xa.isEmpty()).toBe(false);
        expect(xa.erase(base + 9)).toBeUndefined();
        expect(xa.isEmpty()).toBe(true);
        xa.destroy();
      });
    });

    describe('check_xa_alloc_3', () => {
      it('cyclic allocation wraps inside its limit and past 2^32 - 1, reporting the wrap once', () => {
        const xa = make();
        const limit = { min: 1, max: 0x3fff };
        let r = xa.allocCyclic(1, limit, 0);
        expect(r).toEqual({ id: 1, next: 2, wrapped: false });
        r = xa.allocCyclic(0x3ffd, limit, 0x3ffd);
        expect(r).toEqual({ id: 0x3ffd, next: 0x3ffe, wrapped: false });
        eraseIndex(xa, 0x3ffd);
        eraseIndex(xa, 1);
        expect(xa.isEmpty()).toBe(true);

        let next = 0x3ffe;
        for (let i = 0x3ffe; i < 0x4003; i++) {
          const entry = i < 0x4000 ? i : i - 0x3fff;
          const got = xa.allocCyclic(entry, limit, next);
          expect(got?.id, `cyclic alloc ${i}`).toBe(entry);
          expect(got?.wrapped, `cyclic alloc ${i}`).toBe(i === 0x4000);
          next = got?.next ?? -1;
        }

        if (base !== 0) eraseIndex(xa, base);
        eraseIndex(xa, base + 1);
        r = xa.allocCyclic(U32_MAX, LIMIT_32B, U32_MAX);
        expect(r).toEqual({ id: U32_MAX, next: 0, wrapped: false });
        r = xa.allocCyclic(base, LIMIT_32B, 0);
        // xa_alloc_cyclic returns 0 here since v6.16; __xa_alloc_cyclic
        // returns 1: the allocation wrapped.
        expect(r).toEqual({ id: base, next: base + 1, wrapped: true });
        r = xa.allocCyclic(base + 1, LIMIT_32B, base + 1);
        expect(r).toEqual({ id: base + 1, next: base + 2, wrapped: false });
        for (const [index] of xa) eraseIndex(xa, index);
        expect(xa.isEmpty()).toBe(true);
        xa.destroy();
      });

      it('without `next`, the array keeps its own cursor', () => {
        const xa = make();
        const limit = { min: 1, max: 4 };
        const ids: number[] = [];
        for (let i = 0; i < 4; i++)
          ids.push(xa.allocCyclic(i, limit)?.id ?? -1);
        expect(ids).toEqual([1, 2, 3, 4]);
        expect(xa.erase(2)).toBe(1);
        expect(xa.allocCyclic(9, limit)).toEqual({
          id: 2,
          next: 3,
          wrapped: true,
        });
        expect(xa.allocCyclic(9, limit)).toBeUndefined(); // full
      });
    });
  });

  describe('check_align', () => {
    // The kernel stores pointers of every alignment; in JavaScript any
    // non-null value is an entry, so the check becomes: objects and
    // strings allocate, store and reserve like any other entry.
    it('any value can be allocated, stored and stored over a reservation', () => {
      const xa = new XArray<object | string>({ chunkShift, alloc: 0 });
      const name = 'Motorola 68000';
      const values: (object | string)[] = [];
      for (let i = 0; i < 8; i++)
        values.push(i % 2 ? { offset: i } : name.slice(i));
      for (let i = 0; i < 8; i++) expect(xa.alloc(values[i] ?? name)).toBe(i);
      for (let i = 0; i < 8; i++) expect(xa.load(i)).toBe(values[i]);
      xa.destroy();
      expect(xa.store(0, name)).toBeUndefined();
      expect(xa.erase(0)).toBe(name);
      xa.reserve(0);
      expect(xa.store(0, name.slice(1))).toBeUndefined();
      expect(xa.erase(0)).toBe(name.slice(1));
      expect(xa.isEmpty()).toBe(true);
    });
  });
});
