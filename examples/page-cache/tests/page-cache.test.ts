import { describe, expect, it } from 'vitest';
import {
  DIRTY,
  PageCache,
  WRITEBACK,
  checkPageCache,
  noSleep,
} from '../src/index.js';

describe('PageCache', () => {
  it.each([
    {
      index: 5,
      order: 2,
      folio: [4, 2],
      why: 'a folio is aligned to its size',
    },
    {
      index: 30,
      order: 4,
      folio: [16, 4],
      why: 'the largest order fits a 32-page file',
    },
    {
      index: 9,
      order: 9,
      folio: [0, 4],
      why: 'orders above the maximum are clamped to 4',
    },
  ])(
    'read($index, $order) adds the folio $folio ($why)',
    async ({ index, order, folio }) => {
      const cache = new PageCache({ pages: 32 });
      const f = await cache.read(noSleep, index, order);
      expect([f.index, f.order]).toEqual(folio);
      expect(f.uptodate).toBe(true);
      expect(cache.lookup(index)).toBe(f);
      expect(checkPageCache(cache)).toBeUndefined();
    },
  );

  it('clips a folio to the end of the file', async () => {
    const cache = new PageCache({ pages: 10 });
    const f = await cache.read(noSleep, 9, 4);
    expect([f.index, f.order]).toEqual([8, 1]);
  });

  it('falls back to a smaller folio when another folio is in the range', async () => {
    const cache = new PageCache({ pages: 16 });
    const small = await cache.read(noSleep, 6, 0);
    const f = await cache.read(noSleep, 1, 3);
    expect([f.index, f.order]).toEqual([0, 2]);
    expect(cache.lookup(6)).toBe(small);
    expect(checkPageCache(cache)).toBeUndefined();
  });

  it('evicts clean folios to shadows and keeps dirty and writeback ones', async () => {
    const cache = new PageCache({ pages: 32 });
    const clean = await cache.read(noSleep, 0, 3);
    await cache.write(noSleep, 8, 3);
    const dirty = cache.lookup(8)!;
    expect(await cache.dontNeed(noSleep, 0, 31)).toBe(1);
    expect(cache.lookup(0)).toBeUndefined();
    expect(cache.xa.load(0)).toEqual({
      kind: 'shadow',
      of: clean.id,
      order: 3,
    });
    expect(cache.lookup(8)).toBe(dirty);
    expect(checkPageCache(cache)).toBeUndefined();
  });

  it('writes back dirty folios: dirty becomes writeback, then clean', async () => {
    const cache = new PageCache({ pages: 16 });
    await cache.write(noSleep, 3, 2);
    const tags = () => {
      using g = cache.xa.lock();
      return [g.getMark(0, DIRTY), g.getMark(0, WRITEBACK)];
    };
    expect(tags()).toEqual([true, false]);
    const pauses: string[] = [];
    const seen: boolean[][] = [];
    const written = await cache.writeback({
      pause: async (label) => {
        pauses.push(label);
        seen.push(tags());
      },
    });
    expect(written).toBe(1);
    expect(pauses).toEqual(['writeback-io']);
    expect(seen).toEqual([[false, true]]);
    expect(tags()).toEqual([false, false]);
  });

  it.each([
    { index: -1, why: 'negative' },
    { index: 16, why: 'past the end of the file' },
    { index: 2.5, why: 'not an integer' },
  ])('rejects page index $index ($why)', async ({ index }) => {
    const cache = new PageCache({ pages: 16 });
    await expect(cache.read(noSleep, index, 0)).rejects.toThrow(
      /outside the file \(0\.\.15\)/,
    );
  });
});
