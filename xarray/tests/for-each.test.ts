// cursor.forEach / forEachMarked (xas_for_each / xas_for_each_marked) must
// visit exactly what a loop of cursor.find / findMarked visits, leave the
// cursor where that loop leaves it, and see every change the callback makes
// through the cursor or the guard. Each case builds two identical arrays and
// runs the callback walk on one and the find loop on the other.
import { describe, expect, it } from 'vitest';
import {
  GuardReleasedError,
  InvalidIndexError,
  InvalidMarkError,
  MAX_INDEX,
  XArray,
  checkInvariants,
  type Cursor,
  type Guard,
  type Mark,
} from '../src/index.js';
import { Prng } from '../src/testing/prng.js';

/** A forEach callback. */
type Fn = (entry: number, index: number) => unknown;

type Build = (xa: XArray<number>) => void;
/** What the callback does at each visit, through the cursor or the guard. */
type Act = (
  cursor: Cursor<number>,
  guard: Guard<number>,
  entry: number,
) => void;

const fill =
  (first: number, last: number, step = 1): Build =>
  (xa) => {
    for (let i = first; i <= last; i += step) xa.store(i, i + 1);
  };

const both =
  (...builds: Build[]): Build =>
  (xa) => {
    for (const b of builds) b(xa);
  };

/** The visits of `walk`, the cursor's index and status after it, and the array. */
function record(
  chunkShift: number,
  build: Build,
  start: number,
  walk: (
    c: Cursor<number>,
    g: Guard<number>,
    visit: (e: number) => void,
  ) => void,
): unknown {
  const xa = new XArray<number>({ chunkShift });
  build(xa);
  const visits: [number, number][] = [];
  const after = xa.withLock((g) => {
    const c = g.cursor(start);
    walk(c, g, (e) => {
      // A walk that comes back round (a cursor wrapping past MAX_INDEX)
      // would never end: fail it instead.
      if (visits.length > 100_000) throw new Error('walk does not end');
      visits.push([c.index, e]);
    });
    return [c.index, c.status];
  });
  checkInvariants(xa);
  return { visits, after, dump: xa.dump() };
}

/**
 * forEach against the find loop or, given a mark, forEachMarked against the
 * findMarked loop, with `act` run at every visit of both.
 */
function same(
  chunkShift: number,
  build: Build,
  start: number,
  max: number,
  act: Act = () => {},
  mark?: Mark,
): void {
  const each = (
    c: Cursor<number>,
    fn: (e: number, index: number) => void,
  ): number =>
    mark === undefined ? c.forEach(fn, max) : c.forEachMarked(mark, fn, max);
  const find = (c: Cursor<number>): number | undefined =>
    mark === undefined ? c.find(max) : c.findMarked(max, mark);
  const viaForEach = record(chunkShift, build, start, (c, g, visit) => {
    let calls = 0;
    const n = each(c, (e, index) => {
      calls++;
      expect(index).toBe(c.index);
      visit(e);
      act(c, g, e);
    });
    expect(n).toBe(calls);
  });
  const viaFind = record(chunkShift, build, start, (c, g, visit) => {
    for (let e = find(c); e !== undefined; e = find(c)) {
      visit(e);
      act(c, g, e);
    }
  });
  expect(viaForEach).toEqual(viaFind);
}

const shapes: [string, Build][] = [
  ['dense', fill(0, 700)],
  ['every third index', fill(0, 900, 3)],
  ['sparse keys (lone entries)', fill(5, 5e9, 123_456_789)],
  [
    'multi-index entries among plain ones',
    both(fill(0, 300), (xa) =>
      xa.withLock((g) => {
        g.storeOrder(64, 3, -1);
        g.storeOrder(200, 4, -2);
        g.storeOrder(4096, 9, -3);
      }),
    ),
  ],
  [
    'reserved entries among plain ones',
    both(fill(0, 200), (xa) => {
      xa.erase(10);
      xa.reserve(10);
      xa.erase(100);
      xa.reserve(100);
      xa.reserve(250);
    }),
  ],
  ['one entry at the top of the index space', (xa) => xa.store(MAX_INDEX, 1)],
  ['empty', () => {}],
];

describe.each([6, 3])('chunkShift %i', (chunkShift) => {
  describe.each(shapes)('%s', (_name, build) => {
    it('visits what the find loop visits', () => {
      same(chunkShift, build, 0, MAX_INDEX);
    });
    it('stops at max inside a leaf, and starts mid-leaf', () => {
      same(chunkShift, build, 3, 77);
      same(chunkShift, build, 66, 130);
      same(chunkShift, build, 0, 0);
    });
    it('sees the callback erase the entry it is given, through the cursor', () => {
      same(chunkShift, build, 0, MAX_INDEX, (c) => {
        c.store(null);
      });
    });
    it('sees the callback replace entries ahead, through the guard', () => {
      same(chunkShift, build, 0, MAX_INDEX, (c, g, e) => {
        // Only entries of the build act: a stored -e does not store again.
        if (e < 0 || c.index > MAX_INDEX - 2) return;
        if (e % 5 === 0) g.store(c.index + 2, -e);
        if (e % 7 === 0) g.erase(c.index + 1);
      });
    });
    it('sees the callback replace its own leaf by a larger entry, through the guard', () => {
      same(chunkShift, build, 0, MAX_INDEX, (c, g, e) => {
        // A visit inside the second leaf, past its first entry: the rest
        // of that leaf is gone, in one multi-index entry a level up.
        const leaf = 2 ** chunkShift;
        const inside = c.index > leaf + 1 && c.index < 2 * leaf;
        if (e > 0 && inside && g.getOrder(0) === 0) {
          g.storeOrder(c.index, chunkShift, -1);
          g.storeOrder(0, 1, -2);
        }
      });
    });
    it('sees the callback move the cursor on', () => {
      same(chunkShift, build, 0, MAX_INDEX, (c, _g, e) => {
        // next() at MAX_INDEX wraps to 0: the walk would start again.
        if (e % 4 === 0 && c.index < MAX_INDEX) c.next();
      });
    });
  });

  it('stops when the callback returns false, with the cursor on that entry', () => {
    const xa = new XArray<number>({ chunkShift });
    fill(0, 500)(xa);
    xa.withLock((g) => {
      const c = g.cursor(0);
      const seen: number[] = [];
      const n = c.forEach((e) => {
        seen.push(e);
        return seen.length < 100;
      });
      expect(n).toBe(100);
      expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      expect(c.index).toBe(99);
      expect(c.find()).toBe(101);
    });
  });

  it('forEachMarked visits what the findMarked loop visits', () => {
    const build = both(fill(0, 2000), (xa) =>
      xa.withLock((g) => {
        for (let i = 0; i < 2000; i += 7) g.setMark(i, 1);
        for (let i = 0; i < 2000; i += 64) g.setMark(i, 2);
      }),
    );
    for (const mark of [1, 2] as Mark[]) {
      for (const [start, max] of [
        [0, MAX_INDEX],
        [5, 1000],
        [64, 64],
      ] as const) {
        const a = record(chunkShift, build, start, (c, g, visit) => {
          c.forEachMarked(
            mark,
            (e, index) => {
              expect(index).toBe(c.index);
              visit(e);
              if (e % 3 === 0) g.clearMark(c.index + 7, mark);
            },
            max,
          );
        });
        const b = record(chunkShift, build, start, (c, g, visit) => {
          for (
            let e = c.findMarked(max, mark);
            e !== undefined;
            e = c.findMarked(max, mark)
          ) {
            visit(e);
            if (e % 3 === 0) g.clearMark(c.index + 7, mark);
          }
        });
        expect(a).toEqual(b);
      }
    }
  });
});

describe('forEach misuse', () => {
  it('throws GuardReleasedError when the callback releases the guard and the walk goes on', () => {
    const xa = new XArray<number>();
    fill(0, 100)(xa);
    const g = xa.lock();
    const c = g.cursor(0);
    let calls = 0;
    expect(() =>
      c.forEach(() => {
        calls++;
        if (calls === 3) g.unlock();
      }),
    ).toThrow(GuardReleasedError);
    expect(calls).toBe(3);
  });

  it.each([
    ['forEach', (c: Cursor<number>, fn: Fn) => c.forEach(fn)],
    ['forEachMarked', (c: Cursor<number>, fn: Fn) => c.forEachMarked(1, fn)],
  ] as const)(
    '%s: a callback that empties the rest of its leaf and releases the guard stops the walk there',
    (_name, walk) => {
      const xa = new XArray<number>();
      fill(0, 200)(xa);
      const g = xa.lock();
      for (let i = 0; i < 200; i++) g.setMark(i, 1);
      const c = g.cursor(0);
      const seen: number[] = [];
      expect(() =>
        walk(c, (_e, index) => {
          seen.push(index);
          if (index === 60) {
            for (let i = 60; i < 64; i++) g.erase(i);
            g.unlock();
          }
        }),
      ).toThrow(GuardReleasedError);
      expect(seen).toEqual(Array.from({ length: 61 }, (_, i) => i));
    },
  );

  it('rejects a bad callback, max or mark before calling anything', () => {
    const xa = new XArray<number>();
    fill(0, 10)(xa);
    xa.withLock((g) => {
      const c = g.cursor(0);
      let calls = 0;
      const fn = (): void => {
        calls++;
      };
      expect(() => c.forEach(fn, -1)).toThrow(InvalidIndexError);
      expect(() => c.forEach(fn, 1.5)).toThrow(InvalidIndexError);
      expect(() => c.forEachMarked(3 as Mark, fn)).toThrow(InvalidMarkError);
      expect(() => c.forEachMarked(1, fn, NaN)).toThrow(InvalidIndexError);
      const notFn = 7 as unknown as () => void;
      expect(() => c.forEach(notFn)).toThrow(
        new TypeError(
          'cursor.forEach(): the callback must be a function, got 7',
        ),
      );
      expect(() => c.forEachMarked(1, notFn)).toThrow(TypeError);
      expect(calls).toBe(0);
      expect(c.index).toBe(0);
    });
  });

  it('passes on what the callback throws, the cursor on that entry', () => {
    const xa = new XArray<number>();
    fill(0, 100)(xa);
    xa.withLock((g) => {
      const c = g.cursor(0);
      expect(() =>
        c.forEach((e) => {
          if (e === 50) throw new RangeError('stop at 50');
        }),
      ).toThrow('stop at 50');
      expect(c.index).toBe(49);
    });
  });
});

/** `same` for forEachMarked with `mark`. */
const sameMarked = (
  chunkShift: number,
  build: Build,
  mark: Mark,
  start: number,
  max: number,
  act?: Act,
): void => same(chunkShift, build, start, max, act, mark);

/**
 * `build`, then mark 1 on every other present entry and mark 2 on every
 * fifth, and both on the indices where the shapes put reserved and
 * multi-index entries (marks on absent indices are ignored).
 */
const marked =
  (build: Build): Build =>
  (xa) => {
    build(xa);
    const keys = [...xa.keys()];
    xa.withLock((g) => {
      keys.forEach((i, k) => {
        if (k % 2 === 0) g.setMark(i, 1);
        if (k % 5 === 0) g.setMark(i, 2);
      });
      for (const i of [10, 100, 250, 64, 200, 4096]) {
        g.setMark(i, 1);
        g.setMark(i, 2);
      }
    });
  };

describe.each([6, 3])('forEachMarked, chunkShift %i', (chunkShift) => {
  describe.each(shapes)('%s', (_name, shape) => {
    const build = marked(shape);
    it.each([1, 2] as Mark[])(
      'mark %i: visits what the findMarked loop visits',
      (mark) => {
        sameMarked(chunkShift, build, mark, 0, MAX_INDEX);
        sameMarked(chunkShift, build, mark, 3, 77);
        sameMarked(chunkShift, build, mark, 66, 130);
        sameMarked(chunkShift, build, mark, 64, 64);
      },
    );
    it('sees the callback erase the entry it is given, through the cursor', () => {
      sameMarked(chunkShift, build, 1, 0, MAX_INDEX, (c) => {
        c.store(null);
      });
    });
    it('sees the callback mark and unmark entries ahead, through the guard', () => {
      sameMarked(chunkShift, build, 1, 0, MAX_INDEX, (c, g, e) => {
        if (c.index > MAX_INDEX - 4) return;
        if (e % 3 === 0) g.clearMark(c.index + 2, 1);
        if (e % 4 === 0) g.setMark(c.index + 3, 1);
      });
    });
    it('sees the callback store and erase entries ahead, through the guard', () => {
      sameMarked(chunkShift, build, 2, 0, MAX_INDEX, (c, g, e) => {
        if (e < 0 || c.index > MAX_INDEX - 8) return;
        if (e % 2 === 0) g.erase(c.index + 5);
        if (e % 3 === 0) g.store(c.index + 6, -e);
      });
    });
    it('sees the callback replace its own leaf by a larger entry, through the guard', () => {
      sameMarked(chunkShift, build, 1, 0, MAX_INDEX, (c, g, e) => {
        const leaf = 2 ** chunkShift;
        const inside = c.index > leaf && c.index < 2 * leaf;
        if (e > 0 && inside && g.getOrder(leaf) === 0) {
          g.storeOrder(leaf, chunkShift, -1);
          g.setMark(leaf, 1);
        }
      });
    });
    it('sees the callback move the cursor on', () => {
      sameMarked(chunkShift, build, 1, 0, MAX_INDEX, (c, _g, e) => {
        if (e % 4 === 1 && c.index < MAX_INDEX) c.next();
      });
    });
  });

  it('stops when the callback returns false, with the cursor on that entry', () => {
    const xa = new XArray<number>({ chunkShift });
    fill(0, 500)(xa);
    xa.withLock((g) => {
      for (let i = 0; i <= 500; i += 3) g.setMark(i, 2);
      const c = g.cursor(0);
      const seen: number[] = [];
      const n = c.forEachMarked(2, (e) => {
        seen.push(e);
        return seen.length < 50;
      });
      expect(n).toBe(50);
      expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => 3 * i + 1));
      expect(c.index).toBe(147);
      expect(c.findMarked(MAX_INDEX, 2)).toBe(151);
    });
  });
});

describe('forEach on random arrays', () => {
  it('agrees with the find loop, callbacks changing the array as they go', () => {
    const rng = new Prng(4242);
    for (let round = 0; round < 40; round++) {
      const chunkShift = rng.chance(0.5) ? 6 : 3;
      const span = 1 + rng.int(5000);
      const density = 0.05 + rng.int(95) / 100;
      const keys: number[] = [];
      for (let i = 0; i < span; i++) if (rng.chance(density)) keys.push(i);
      const orders: [number, number][] = [];
      for (let k = rng.int(4); k > 0; k--) {
        orders.push([rng.int(span), 1 + rng.int(6)]);
      }
      const build: Build = (xa) => {
        for (const i of keys) xa.store(i, i + 1);
        xa.withLock((g) => {
          for (const [i, o] of orders) g.storeOrder(i, o, -i - 1);
        });
      };
      const start = rng.int(span);
      const max = rng.chance(0.5) ? MAX_INDEX : start + rng.int(span);
      const every = 2 + rng.int(20);
      same(chunkShift, build, start, max, (c, g, e) => {
        if (Math.abs(e) % every === 0) g.erase(c.index + 1);
        if (Math.abs(e) % (every + 1) === 0) c.store(e + 1);
      });
    }
  });

  it('forEachMarked agrees with the findMarked loop, callbacks changing marks and entries', () => {
    const rng = new Prng(777);
    for (let round = 0; round < 40; round++) {
      const chunkShift = rng.chance(0.5) ? 6 : 3;
      const span = 1 + rng.int(5000);
      const density = 0.05 + rng.int(95) / 100;
      const markDensity = rng.int(100) / 100;
      const keys: number[] = [];
      const marks: number[] = [];
      for (let i = 0; i < span; i++) {
        if (!rng.chance(density)) continue;
        keys.push(i);
        if (rng.chance(markDensity)) marks.push(i);
      }
      const orders: [number, number][] = [];
      for (let k = rng.int(4); k > 0; k--) {
        orders.push([rng.int(span), 1 + rng.int(6)]);
      }
      const reserved = rng.chance(0.5) ? [rng.int(span), rng.int(span)] : [];
      const markedOrders = orders.filter(() => rng.chance(0.5));
      const build: Build = (xa) => {
        for (const i of keys) xa.store(i, i + 1);
        for (const i of reserved) {
          xa.erase(i);
          xa.reserve(i);
        }
        xa.withLock((g) => {
          for (const [i, o] of orders) g.storeOrder(i, o, -i - 1);
          for (const i of marks) g.setMark(i, 1);
          for (const i of reserved) g.setMark(i, 1);
          for (const [i] of markedOrders) g.setMark(i, 1);
        });
      };
      const start = rng.int(span);
      const max = rng.chance(0.5) ? MAX_INDEX : start + rng.int(span);
      const every = 2 + rng.int(20);
      sameMarked(chunkShift, build, 1, start, max, (c, g, e) => {
        if (c.index >= MAX_INDEX - 2) return;
        if (Math.abs(e) % every === 0) g.clearMark(c.index + 1, 1);
        if (Math.abs(e) % (every + 1) === 0) g.setMark(c.index + 2, 1);
        if (Math.abs(e) % (every + 2) === 0) c.store(e + 1);
      });
    }
  });
});
