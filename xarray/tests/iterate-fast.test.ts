// The normal API's iterators step to the next entry of the same leaf
// directly while the array is unchanged. Each case iterates one array and,
// on an identical twin, follows the iterator's contract by hand (`find`
// from the start, then `findAfter` the last index returned), with the same
// changes made to both between steps; the two sequences must be equal.
import { describe, expect, it } from 'vitest';
import {
  GuardReleasedError,
  MAX_INDEX,
  XArray,
  type Filter,
} from '../src/index.js';
import { Prng } from '../src/testing/prng.js';

type Build = (xa: XArray<number>) => void;
/** A change made between two steps, given the index just returned. */
type Change = (xa: XArray<number>, index: number) => void;

function iterate(
  chunkShift: number,
  build: Build,
  start: number,
  last: number,
  filter: Filter,
  change: Change,
): void {
  const xa = new XArray<number>({ chunkShift });
  const twin = new XArray<number>({ chunkShift });
  build(xa);
  build(twin);
  const got: [number, number][] = [];
  for (const pair of xa.entries({ start, last, filter })) {
    got.push(pair);
    if (got.length > 50_000) throw new Error('iteration does not end');
    change(xa, pair[0]);
  }
  const want: [number, number][] = [];
  let found = twin.find(start, last, filter);
  while (found !== undefined) {
    want.push([found.index, found.entry]);
    if (want.length > 50_000) throw new Error('reference does not end');
    change(twin, found.index);
    found = twin.findAfter(found.index, last, filter);
  }
  expect(got).toEqual(want);
  expect(xa.dump()).toEqual(twin.dump());
  if (change === none) {
    // The other two shapes of result take the same steps.
    const options = { start, last, filter };
    expect([...xa.keys(options)]).toEqual(want.map(([i]) => i));
    expect([...xa.values(options)]).toEqual(want.map(([, e]) => e));
  }
}

const none: Change = () => {};

const shapes: [string, Build][] = [
  [
    'dense',
    (xa) => {
      for (let i = 0; i < 700; i++) xa.store(i, i + 1);
    },
  ],
  [
    'gaps',
    (xa) => {
      for (let i = 0; i < 900; i += 3) xa.store(i, i + 1);
      for (let i = 200; i < 300; i++) xa.erase(i);
    },
  ],
  [
    'multi-index entries inside leaves and above them',
    (xa) => {
      for (let i = 0; i < 400; i++) xa.store(i, i + 1);
      xa.withLock((g) => {
        g.storeOrder(16, 2, -1);
        g.storeOrder(100, 3, -2);
        g.storeOrder(256, 6, -3);
      });
    },
  ],
  [
    'reserved entries',
    (xa) => {
      for (let i = 0; i < 300; i++) xa.store(i, i + 1);
      for (const i of [5, 6, 70, 299]) {
        xa.erase(i);
        xa.reserve(i);
      }
    },
  ],
  [
    'marked entries',
    (xa) => {
      for (let i = 0; i < 500; i++) xa.store(i, i + 1);
      for (const i of [9, 31]) {
        xa.erase(i);
        xa.reserve(i);
      }
      xa.withLock((g) => {
        g.storeOrder(96, 3, -4);
        for (let i = 0; i < 500; i += 3) g.setMark(i, 1);
        // A reserved entry and a multi-index entry carrying the mark.
        g.setMark(31, 1);
        g.setMark(100, 1);
      });
    },
  ],
  [
    // With 64 slots, a parent that is not the root holds its few children
    // packed (by rank, not by slot): full leaves at slots 1, 2 and 4 of the
    // node for 4096..8191, a whole-leaf entry at slot 3 between them.
    'full leaves under a packed parent',
    (xa) => {
      for (let i = 4096 + 64; i < 4096 + 192; i++) xa.store(i, i);
      for (let i = 4096 + 256; i < 4096 + 320; i++) xa.store(i, i);
      xa.withLock((g) => {
        g.storeOrder(4096 + 192, 6, -6);
        for (let i = 4096 + 64; i < 4096 + 320; i += 5) g.setMark(i, 1);
      });
    },
  ],
  [
    'sparse keys',
    (xa) => {
      for (let i = 7; i < 4e9; i += 98_765_431) xa.store(i, i % 1000);
    },
  ],
];

describe.each([6, 3])('chunkShift %i', (chunkShift) => {
  describe.each(shapes)('%s', (_name, build) => {
    it('unchanged, over every range and filter', () => {
      for (const [start, last] of [
        [0, MAX_INDEX],
        [3, 77],
        [64, 64],
        [65, 127],
        [10, 9999],
      ] as const) {
        for (const filter of ['present', 1] as Filter[]) {
          iterate(chunkShift, build, start, last, filter, none);
        }
      }
    });
    it('changed between steps', () => {
      iterate(chunkShift, build, 0, MAX_INDEX, 'present', (xa, i) => {
        if (i % 5 === 0 && i < MAX_INDEX - 3) xa.erase(i + 2);
        if (i % 7 === 0 && i < MAX_INDEX - 3) xa.store(i + 3, 7);
        if (i % 11 === 0) xa.erase(i);
      });
    });
    it('the leaf replaced between steps', () => {
      // A whole-leaf entry over the index just returned takes the leaf out
      // of the tree; the iteration goes on after it.
      iterate(chunkShift, build, 0, MAX_INDEX, 'present', (xa, i) => {
        if (i % 50 === 7) xa.withLock((g) => g.storeOrder(i, chunkShift, -7));
      });
    });
    it('marks changed between steps of a marked iteration', () => {
      iterate(chunkShift, build, 0, MAX_INDEX, 1, (xa, i) => {
        if (i >= MAX_INDEX - 5) return;
        xa.withLock((g) => {
          if (i % 2 === 0) g.clearMark(i + 3, 1);
          if (i % 3 === 0) g.setMark(i + 1, 1);
          if (i % 4 === 0) g.setMark(i + 5, 1);
        });
        if (i % 13 === 0) xa.erase(i + 2);
      });
    });
  });
});

describe('iterators on random arrays', () => {
  it('agree with find / findAfter, changed at random steps', () => {
    const rng = new Prng(90210);
    for (let round = 0; round < 60; round++) {
      const chunkShift = rng.chance(0.5) ? 6 : 3;
      const span = 1 + rng.int(3000);
      const density = 0.05 + rng.int(95) / 100;
      const seed = rng.int(1 << 30);
      const build: Build = (xa) => {
        const r = new Prng(seed);
        for (let i = 0; i < span; i++)
          if (r.chance(density)) xa.store(i, i + 1);
        xa.withLock((g) => {
          for (let k = r.int(4); k > 0; k--) {
            g.storeOrder(r.int(span), 1 + r.int(6), -1 - k);
          }
        });
      };
      const start = rng.int(span);
      const last = rng.chance(0.5) ? MAX_INDEX : start + rng.int(span);
      const every = 3 + rng.int(30);
      iterate(chunkShift, build, start, last, 'present', (xa, i) => {
        if (i % every === 0) xa.erase(i + 1);
      });
    }
  });

  it('a guard iterator takes the same steps', () => {
    const xa = new XArray<number>();
    for (let i = 0; i < 1000; i++) if (i % 9 !== 4) xa.store(i, i + 1);
    xa.withLock((g) => g.storeOrder(512, 4, -5));
    const viaGuard = xa.withLock((g) => [...g.entries({ start: 30 })]);
    const viaArray = [...xa.entries({ start: 30 })];
    expect(viaGuard).toEqual(viaArray);
    const want: number[] = [];
    for (let f = xa.find(30); f !== undefined; f = xa.findAfter(f.index)) {
      want.push(f.index);
    }
    expect(viaArray.map(([i]) => i)).toEqual(want);
  });

  it('a guard released in the middle of a leaf stops its iterator', () => {
    const xa = new XArray<number>();
    for (let i = 0; i < 200; i++) xa.store(i, i + 1);
    const g = xa.lock();
    const it = g.values();
    expect(it.next()).toEqual({ done: false, value: 1 });
    expect(it.next()).toEqual({ done: false, value: 2 });
    g.unlock();
    expect(() => it.next()).toThrow(GuardReleasedError);
    expect(() => it.next()).toThrow(GuardReleasedError);
  });

  it('every step returns a result of its own', () => {
    const xa = new XArray<number>();
    for (let i = 0; i < 100; i++) xa.store(i, i + 1);
    const it = xa.values();
    const results = [it.next(), it.next(), it.next()];
    expect(results.map((r) => r.value)).toEqual([1, 2, 3]);
    expect(new Set(results).size).toBe(3);
    const end = xa.values({ start: 99 });
    const last = [end.next(), end.next(), end.next()];
    expect(last).toEqual([
      { done: false, value: 100 },
      { done: true, value: undefined },
      { done: true, value: undefined },
    ]);
    expect(last[1]).not.toBe(last[2]);
  });
});
