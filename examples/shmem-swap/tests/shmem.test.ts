import { describe, expect, it } from 'vitest';
import {
  ShmemMapping,
  checkShmem,
  noSleep,
  reproduce,
  runSchedule,
  type Protocol,
} from '../src/index.js';
import { Gate, flush } from '@lockctx/example-scheduler';

/** 32 pages swapped out as two order-4 swap entries (slots 0..15, 16..31). */
function swapped(protocol: Protocol): ShmemMapping {
  const m = new ShmemMapping({ pages: 32, protocol });
  m.swapOutAll(4);
  return m;
}

describe('ShmemMapping', () => {
  it('swaps a page in by halving the large entry down to it, each half naming its own slots', async () => {
    const m = swapped('fixed');
    const folio = await m.swapIn(noSleep, 5);
    expect(folio).toMatchObject({ kind: 'folio', index: 5, order: 0 });
    expect(m.xa.dump().map((r) => [r.index, r.order, r.entry])).toEqual([
      [0, 2, { kind: 'swap', slot: 0 }],
      [4, 0, { kind: 'swap', slot: 4 }],
      [5, 0, folio],
      [6, 1, { kind: 'swap', slot: 6 }],
      [8, 3, { kind: 'swap', slot: 8 }],
      [16, 4, { kind: 'swap', slot: 16 }],
    ]);
    expect(m.swap.isAllocated(5)).toBe(false);
    expect(m.swap.isAllocated(4)).toBe(true);
    expect(checkShmem(m)).toBeUndefined();
  });

  it.each([
    {
      protocol: 'fixed' as const,
      first: 0,
      last: 15,
      freed: 16,
      why: 'a hole covering a whole large entry frees all its slots',
    },
    {
      protocol: 'fixed' as const,
      first: 0,
      last: 7,
      freed: 0,
      why: 'an entry crossing the end of the hole is left for splitting',
    },
    {
      protocol: 'pre-2026' as const,
      first: 0,
      last: 15,
      freed: 16,
      why: 'without a race the old code frees the same',
    },
    {
      protocol: 'pre-2026' as const,
      first: 0,
      last: 7,
      freed: 0,
      why: 'and skips a crossing entry too',
    },
  ])(
    '$protocol: truncate($first, $last) frees $freed ($why)',
    async ({ protocol, first, last, freed }) => {
      const m = swapped(protocol);
      expect(await m.truncate(noSleep, first, last)).toBe(freed);
      expect(checkShmem(m)).toBeUndefined();
      expect(m.xa.load(16)).toEqual({ kind: 'swap', slot: 16 });
    },
  );

  it('pre-2026: truncation frees with the order it read before a swap-in split the entry', async () => {
    const m = swapped('pre-2026');
    const gate = new Gate();
    const truncating = m.truncate(gate, 0, 15);
    await flush();
    // Truncation has read order 4 for index 0 and is between that read and its exchange.
    expect(gate.waiting.map((w) => w.label)).toEqual(['cond-resched']);
    const swapping = m.swapIn(gate, 9);
    await flush();
    expect(gate.waiting.map((w) => w.label)).toEqual([
      'cond-resched',
      'swap-read',
    ]);
    // The exchange succeeds on the first piece, and frees 16 slots.
    gate.resume();
    await flush();
    expect(checkShmem(m)).toBe(
      "index 8 maps swap slot 8, which was freed: the page's data is gone",
    );
    gate.waiting.splice(0).forEach((w) => w.resume());
    await Promise.race([truncating, swapping, flush()]);
  });

  it('fixed: the same interleaving frees only the piece it erased', async () => {
    const m = swapped('fixed');
    const gate = new Gate();
    const swapping = m.swapIn(gate, 9);
    await flush();
    const truncating = m.truncate(gate, 0, 15);
    await flush();
    expect(checkShmem(m)).toBeUndefined();
    while (gate.waiting.length > 0) {
      gate.resume();
      await flush();
      expect(checkShmem(m)).toBeUndefined();
    }
    await Promise.all([swapping, truncating]);
    expect(checkShmem(m)).toBeUndefined();
  });
});

describe('the seeded reproducer', () => {
  it.each([
    { seed: 1, why: 'the demo seed' },
    { seed: 2, why: 'another base seed' },
  ])(
    'corrupts the pre-2026 mapping within 100 schedules (base seed $seed: $why)',
    async ({ seed }) => {
      const result = await reproduce({
        protocol: 'pre-2026',
        schedules: 100,
        seed,
      });
      expect(result.corruption).toBeDefined();
      const replay = await runSchedule({
        protocol: 'pre-2026',
        seed: result.corruption!.seed,
      });
      expect(replay.violation).toBe(result.corruption!.violation);
    },
  );

  it('keeps the fixed mapping clean over 10,000 schedules', async () => {
    const result = await reproduce({
      protocol: 'fixed',
      schedules: 10_000,
      seed: 1,
    });
    expect(result.corruption).toBeUndefined();
  });

  it('keeps the fixed mapping clean over 2,000 schedules with 2-slot nodes', async () => {
    const result = await reproduce({
      protocol: 'fixed',
      schedules: 2_000,
      seed: 5,
      chunkShift: 1,
    });
    expect(result.corruption).toBeUndefined();
  });
});
