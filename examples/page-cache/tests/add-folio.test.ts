import { describe, expect, it } from 'vitest';
import {
  PageCache,
  checkPageCache,
  describe as describeEntry,
  noSleep,
  type Folio,
  type Protocol,
} from '../src/index.js';
import { Gate, flush } from '@lockctx/example-scheduler';

function folio(id: number, index: number, order: number): Folio {
  return { kind: 'folio', id, index, order, uptodate: true };
}

/** A cache whose file was read as one order-4 folio, then dropped: a shadow of order 4 remains. */
async function shadowed(protocol: Protocol): Promise<PageCache> {
  const cache = new PageCache({ pages: 16, protocol });
  await cache.read(noSleep, 0, 4);
  await cache.dontNeed(noSleep, 0, 15);
  return cache;
}

/*
 * The synthetic reproducer of the 2024 thread, written out by hand: task A
 * reads the order of the shadow it will split (4) and sleeps allocating the
 * split; task B splits that shadow and adds its own folio; A resumes.
 */
describe('addFolio against the 2024 race', () => {
  it('pre-6.10: the stale split puts the old shadow over the folio B added', async () => {
    const cache = await shadowed('pre-6.10');
    const gate = new Gate();
    const a = folio(100, 0, 2);
    const b = folio(200, 8, 3);
    const addA = cache.add(gate, a);
    await flush();
    // B: same shadow, its own allocation, then its split and store.
    const addB = cache.add(gate, b);
    await flush();
    expect(gate.waiting.map((w) => w.label)).toEqual([
      'split-alloc',
      'split-alloc',
    ]);
    gate.waiting.splice(1, 1)[0]!.resume();
    await addB;
    expect(cache.lookup(8)).toBe(b);
    expect(checkPageCache(cache)).toBeUndefined();
    // A resumes with the order (4) and the entry it read before sleeping:
    // the split it links in covers 0..15, B's folio included.
    gate.resume();
    await addA;
    expect(cache.lookup(0)).toBe(a);
    expect(describeEntry(cache.xa.load(8))).toBe(
      'the shadow of folio #1 (order 4)',
    );
    expect(checkPageCache(cache)).toBe(
      'lookup(8) returns the shadow of folio #1 (order 4), but folio #200 (index 8, order 3) was added there and never evicted',
    );
  });

  it('fixed: A sees the entry changed, prepares again, and keeps B', async () => {
    const cache = await shadowed('fixed');
    const gate = new Gate();
    const a = folio(100, 0, 2);
    const b = folio(200, 8, 3);
    const addA = cache.add(gate, a);
    await flush();
    const addB = cache.add(gate, b);
    await flush();
    expect(gate.waiting.map((w) => w.label)).toEqual([
      'split-alloc',
      'split-alloc',
    ]);
    // B's second pass finds what it prepared for: it splits and stores.
    gate.waiting.splice(1, 1)[0]!.resume();
    await addB;
    expect(cache.lookup(8)).toBe(b);
    // A's second pass sees an order-3 shadow, not the order-4 one it
    // prepared for: it prepares again instead of splitting.
    gate.resume();
    await flush();
    expect(gate.waiting.map((w) => w.label)).toEqual(['split-alloc']);
    expect(cache.lookup(0)).toBeUndefined();
    gate.resume();
    expect(await addA).toMatchObject({ added: true });
    expect(cache.lookup(0)).toBe(a);
    expect(cache.lookup(8)).toBe(b);
    expect(checkPageCache(cache)).toBeUndefined();
  });

  it.each([
    { protocol: 'fixed' as const, why: 'the fixed protocol' },
    {
      protocol: 'pre-6.10' as const,
      why: 'the old protocol is right when nothing races',
    },
  ])(
    'splits a shadow and adds the folio when nothing races ($why)',
    async ({ protocol }) => {
      const cache = await shadowed(protocol);
      const a = folio(100, 4, 2);
      expect(await cache.add(noSleep, a)).toMatchObject({ added: true });
      expect(cache.lookup(4)).toBe(a);
      // Halved one order at a time: 0..7, then 4..7; 8..15 stays whole.
      expect(
        cache.xa.dump().map((r) => [r.index, r.order, r.entry?.kind]),
      ).toEqual([
        [0, 2, 'shadow'],
        [4, 2, 'folio'],
        [8, 3, 'shadow'],
      ]);
      expect(checkPageCache(cache)).toBeUndefined();
    },
  );

  it.each([{ protocol: 'fixed' as const }, { protocol: 'pre-6.10' as const }])(
    '$protocol: refuses to add over a folio (EEXIST)',
    async ({ protocol }) => {
      const cache = new PageCache({ pages: 16, protocol });
      const first = await cache.read(noSleep, 3, 2);
      const result = await cache.add(noSleep, folio(9, 0, 3));
      expect(result).toEqual({ added: false, reason: 'exists', by: first });
    },
  );
});
