import { describe, expect, it } from 'vitest';
import { HandleTable, InvalidHandleError } from '../src/index.js';

interface File {
  path: string;
}
const f = (path: string): File => ({ path });

describe('HandleTable', () => {
  it.each([
    {
      why: 'lowest: handles start at 1 and a closed one is reused first, like file descriptors',
      policy: 'lowest' as const,
      expected: [1, 2, 3, 2, 4],
    },
    {
      why: 'cyclic: a closed handle is not reused until the range wraps, like PIDs',
      policy: 'cyclic' as const,
      expected: [1, 2, 3, 4, 5],
    },
  ])('$why', ({ policy, expected }) => {
    const table = new HandleTable<File>({ policy });
    const got = [table.open(f('a')), table.open(f('b')), table.open(f('c'))];
    table.close(2);
    got.push(table.open(f('d')), table.open(f('e')));
    expect(got).toEqual(expected);
  });

  it.each([
    {
      policy: 'lowest' as const,
      expected: [2, undefined],
      wraps: 0,
      why: 'lowest fills the hole, then the table is full',
    },
    {
      policy: 'cyclic' as const,
      expected: [2, undefined],
      wraps: 1,
      why: 'cyclic wraps to the freed handle, then the table is full',
    },
  ])('a full table returns undefined ($why)', ({ policy, expected, wraps }) => {
    const table = new HandleTable<File>({ policy, limit: { min: 1, max: 3 } });
    expect([
      table.open(f('a')),
      table.open(f('b')),
      table.open(f('c')),
    ]).toEqual([1, 2, 3]);
    table.close(2);
    expect([table.open(f('d')), table.open(f('e'))]).toEqual(expected);
    expect(table.wraps).toBe(wraps);
    expect(table.size).toBe(3);
  });

  it('keeps a reserved handle invisible until it is published', () => {
    const table = new HandleTable<File>();
    const h = table.reserve()!;
    expect(h).toBe(1);
    expect(table.get(h)).toBeUndefined();
    // A reserved handle is taken: the next open skips it.
    expect(table.open(f('x'))).toBe(2);
    expect(table.publish(h, f('late'))).toBe(true);
    expect(table.get(h)).toEqual(f('late'));
    expect([...table.entries()].map(([k]) => k)).toEqual([1, 2]);
  });

  it.each([
    { why: 'a handle never given out', setup: () => 7 },
    {
      why: 'a handle already published',
      setup: (t: HandleTable<File>) => t.open(f('a'))!,
    },
    {
      why: 'a reserved handle that was closed',
      setup: (t: HandleTable<File>) => {
        const h = t.reserve()!;
        t.close(h);
        return h;
      },
    },
  ])('publish refuses $why', ({ setup }) => {
    const table = new HandleTable<File>();
    const h = setup(table);
    const before = table.get(h);
    expect(table.publish(h, f('intruder'))).toBe(false);
    expect(table.get(h)).toBe(before);
  });

  it.each([
    {
      why: 'a published handle',
      setup: (t: HandleTable<File>) => t.open(f('a'))!,
      closed: true,
    },
    {
      why: 'a reserved handle',
      setup: (t: HandleTable<File>) => t.reserve()!,
      closed: true,
    },
    { why: 'a handle not in use', setup: () => 5, closed: false },
  ])('close frees $why', ({ setup, closed }) => {
    const table = new HandleTable<File>();
    const h = setup(table);
    expect(table.close(h)).toBe(closed);
    expect(table.size).toBe(0);
    expect(table.close(h)).toBe(false);
  });

  it.each([
    { handle: 0, why: '0 is never a handle' },
    { handle: -1, why: 'negative' },
    { handle: 1.5, why: 'not an integer' },
    { handle: 2 ** 31, why: 'above the default limit' },
    { handle: Number.NaN, why: 'NaN' },
  ])('rejects handle $handle ($why)', ({ handle }) => {
    const table = new HandleTable<File>();
    expect(() => table.get(handle)).toThrow(InvalidHandleError);
    expect(() => table.close(handle)).toThrow(
      /is not an integer in 1\.\.2147483647/,
    );
  });

  it.each([
    { limit: { min: 0, max: 10 }, why: 'handle 0 is reserved' },
    { limit: { min: 5, max: 4 }, why: 'min above max' },
    { limit: { min: 1, max: 2 ** 32 }, why: 'beyond u32' },
  ])('rejects limit $limit.min..$limit.max ($why)', ({ limit }) => {
    expect(() => new HandleTable({ limit })).toThrow(
      /handle limit must satisfy/,
    );
  });

  it('matches a naive model over 5,000 seeded operations with cyclic handles', () => {
    let state = 99;
    const rand = (n: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return (state >>> 8) % n;
    };
    const max = 40;
    const table = new HandleTable<File>({
      policy: 'cyclic',
      limit: { min: 1, max },
    });
    const model = new Map<number, File | null>();
    let next = 1;
    for (let step = 0; step < 5000; step++) {
      const op = rand(3);
      if (op < 2) {
        const obj = f(`o${step}`);
        // The model: the first free handle at or after `next`, wrapping once.
        let expected: number | undefined;
        for (let k = 0; k < max; k++) {
          const h = ((next - 1 + k) % max) + 1;
          if (!model.has(h)) {
            expected = h;
            break;
          }
        }
        expect(table.open(obj), `open at step ${step}`).toBe(expected);
        if (expected !== undefined) {
          model.set(expected, obj);
          next = (expected % max) + 1;
        }
      } else {
        const h = 1 + rand(max);
        expect(table.close(h), `close(${h}) at step ${step}`).toBe(
          model.delete(h),
        );
      }
      expect(table.size).toBe(model.size);
    }
  });
});
