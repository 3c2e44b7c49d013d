// Ports of check_move (+ check_move_tiny, check_move_max, check_move_small)
// of lib/test_xarray.c: stepping the advanced cursor with next/prev.
import { describe, expect, it, vi } from 'vitest';
import { MAX_INDEX, XArray } from '../src/index.js';
import { SHIFTS, eraseIndex, storeIndex } from './helpers.js';

// Some ports run millions of checks, as the kernel's do.
vi.setConfig({ testTimeout: 120_000 });

/** XARRAY_LONG=1 runs the kernel's full loop counts; by default the heaviest loops are sampled. */
const LONG = process.env.XARRAY_LONG === '1';

describe.each(SHIFTS)('chunkShift %i', (chunkShift) => {
  const plain = (): XArray<number> => new XArray<number>({ chunkShift });

  describe('check_move', () => {
    it('prev and next over 2^16 entries (2^13 unless XARRAY_LONG=1), wrapping at 0, and across a hole', () => {
      const xa = plain();
      const n = LONG ? 2 ** 16 : 2 ** 13; // the kernel uses 2^16
      for (let i = 0; i < n; i++) expect(storeIndex(xa, i)).toBeUndefined();
      xa.withLock((g) => {
        const c = g.cursor(n - 1);
        let i = n;
        do {
          const e = c.prev();
          i--;
          if (e !== i) expect(e, `prev at ${i}`).toBe(i);
          if (c.index !== i) expect(c.index).toBe(i);
        } while (i !== 0);
        expect(c.prev()).toBeUndefined();
        expect(c.index).toBe(MAX_INDEX);
        do {
          const e = c.next();
          if (e !== i) expect(e, `next at ${i}`).toBe(i);
          if (c.index !== i) expect(c.index).toBe(i);
          i++;
        } while (i < n);
      });
      const hole = n / 2; // the kernel erases 2^8..2^15 - 1
      for (let i = 2 ** 8; i < hole; i++) eraseIndex(xa, i);
      const inHole = (i: number): boolean => i >= 2 ** 8 && i < hole;
      xa.withLock((g) => {
        const c = g.cursor(n - 1);
        expect(c.load()).toBe(n - 1);
        let i = c.index;
        do {
          const e = c.prev();
          i--;
          const want = inHole(i) ? undefined : i;
          if (e !== want) expect(e, `prev at ${i}`).toBe(want);
          if (c.index !== i) expect(c.index).toBe(i);
        } while (i !== 0);
        expect(c.prev()).toBeUndefined();
        expect(c.index).toBe(MAX_INDEX);
        do {
          const e = c.next();
          const want = inHole(i) ? undefined : i;
          if (e !== want) expect(e, `next at ${i}`).toBe(want);
          if (c.index !== i) expect(c.index).toBe(i);
          i++;
        } while (i < n);
      });
      xa.destroy();
    });
  });

  describe('check_move_tiny', () => {
    it('next and prev on an empty array and on a head-only array', () => {
      const xa = plain();
      xa.withLock((g) => {
        const c = g.cursor(0);
        expect(c.next()).toBeUndefined();
        expect(c.next()).toBeUndefined();
      });
      storeIndex(xa, 0);
      xa.withLock((g) => {
        const c = g.cursor(0);
        // The first step from an unwalked cursor reads where it stands.
        expect(c.next()).toBe(0);
        expect(c.next()).toBeUndefined();
        c.set(0);
        expect(c.prev()).toBe(0);
        expect(c.prev()).toBeUndefined();
      });
      eraseIndex(xa, 0);
      expect(xa.isEmpty()).toBe(true);
    });
  });

  describe('check_move_max', () => {
    it('find after an entry at MAX_INDEX returns nothing, also after pause (no wrap to 0)', () => {
      const xa = plain();
      storeIndex(xa, MAX_INDEX);
      xa.withLock((g) => {
        const c = g.cursor(0);
        expect(c.find(MAX_INDEX)).toBe(MAX_INDEX);
        expect(c.find(MAX_INDEX)).toBeUndefined();
        c.set(0);
        expect(c.find(MAX_INDEX)).toBe(MAX_INDEX);
        c.pause();
        expect(c.find(MAX_INDEX)).toBeUndefined();
      });
      eraseIndex(xa, MAX_INDEX);
      expect(xa.isEmpty()).toBe(true);
    });
  });

  describe('check_move_small', () => {
    function check(xa: XArray<number>, idx: number): void {
      storeIndex(xa, 0);
      storeIndex(xa, idx);
      xa.withLock((g) => {
        const c = g.cursor(0);
        let i = 0;
        for (; i < idx * 4; i++) {
          const e = c.next();
          if (i <= idx && c.status === 'restart')
            expect(c.status, `next to ${i}`).not.toBe('restart');
          if (c.index !== i) expect(c.index).toBe(i);
          const want = i === 0 || i === idx ? i : undefined;
          if (e !== want) expect(e, `next to ${i} (idx ${idx})`).toBe(want);
        }
        c.next();
        expect(c.index).toBe(i);
        do {
          const e = c.prev();
          i--;
          if (i <= idx && c.status === 'restart')
            expect(c.status, `prev to ${i}`).not.toBe('restart');
          if (c.index !== i) expect(c.index).toBe(i);
          const want = i === 0 || i === idx ? i : undefined;
          if (e !== want) expect(e, `prev to ${i} (idx ${idx})`).toBe(want);
        } while (i > 0);

        c.set(MAX_INDEX);
        expect(c.next()).toBeUndefined();
        expect(c.index).toBe(MAX_INDEX);
        expect(c.next()).toBe(0);
        expect(c.index).toBe(0);
        expect(c.prev()).toBeUndefined();
        expect(c.index).toBe(MAX_INDEX);
      });
      eraseIndex(xa, 0);
      eraseIndex(xa, idx);
      expect(xa.isEmpty()).toBe(true);
    }

    it('stepping around 2^i and 2^i - 1 never restarts inside the tree and wraps at MAX_INDEX', () => {
      const xa = plain();
      for (let i = 0; i < 16; i++) check(xa, 2 ** i);
      for (let i = 2; i < 16; i++) check(xa, 2 ** i - 1);
    });
  });
});
