// Every kind of programmer mistake gets its named error, a message that says
// what was wrong, and leaves the array exactly as it was.
import { describe, expect, it } from 'vitest';
import {
  AsyncCallbackError,
  GuardReleasedError,
  InvalidEntryError,
  InvalidIndexError,
  InvalidLimitError,
  InvalidMarkError,
  InvalidOrderError,
  LockHeldError,
  MAX_INDEX,
  NotAllocatingError,
  WriteWhileLockedError,
  XArray,
  XArrayError,
  type Guard,
  type Mark,
} from '../src/index.js';

type Kind = 'plain' | 'alloc0' | 'alloc1';
type ErrorClass = new (message: string) => XArrayError;

interface Case {
  name: string;
  why: string;
  kind?: Kind;
  run: (xa: XArray<number>) => unknown;
  error: ErrorClass;
  /** The message must match this (besides being non-trivial). */
  message?: RegExp;
}

/** A populated array: order-0, multi-index, reserved and marked entries, near 0 and near the top. */
function fixture(kind: Kind): XArray<number> {
  const alloc = kind === 'plain' ? false : kind === 'alloc0' ? 0 : 1;
  const xa = new XArray<number>({ alloc, chunkShift: 3, debug: true });
  xa.store(1, 10);
  xa.store(2, 20);
  xa.store(MAX_INDEX, 30);
  xa.reserve(7);
  xa.withLock((g) => {
    g.setMark(1, 1);
    g.setMark(MAX_INDEX, 2);
    if (kind === 'plain') {
      g.storeOrder(64, 4, 40);
      g.setMark(70, 0);
      g.storeOrder(2 ** 20, 14, 50);
    }
  });
  return xa;
}

/** What must not change: the dump and the mark summaries. */
function snapshot(xa: XArray<number>): unknown {
  const marks: Mark[] = xa.allocBase === undefined ? [0, 1, 2] : [1, 2];
  return {
    dump: xa.dump(),
    empty: xa.isEmpty(),
    locked: xa.locked,
    marked: xa.withLock((g) => marks.map((m) => g.marked(m))),
  };
}

/** Runs `fn` under a guard that is always released afterwards. */
function guarded<R>(xa: XArray<number>, fn: (g: Guard<number>) => R): R {
  const g = xa.lock();
  try {
    return fn(g);
  } finally {
    g[Symbol.dispose]();
  }
}

const badIndices: [unknown, string][] = [
  [1.5, 'not an integer'],
  [-1, 'negative'],
  [2 ** 53, 'above 2^53 - 1'],
  [2 ** 64, 'far above 2^53 - 1'],
  [Number.NaN, 'NaN'],
  [Number.POSITIVE_INFINITY, 'Infinity'],
  [Number.NEGATIVE_INFINITY, '-Infinity'],
  ['3', 'a string'],
];

/** Every method taking an index, with the bad value in each index position. */
const indexUses: [string, (xa: XArray<number>, i: number) => unknown][] = [
  ['load(i)', (xa, i) => xa.load(i)],
  ['store(i, 1)', (xa, i) => xa.store(i, 1)],
  ['storeRange(i, 100, 1)', (xa, i) => xa.storeRange(i, 100, 1)],
  ['storeRange(0, i, 1)', (xa, i) => xa.storeRange(0, i, 1)],
  ['erase(i)', (xa, i) => xa.erase(i)],
  ['insert(i, 1)', (xa, i) => xa.insert(i, 1)],
  ['cmpxchg(i, 10, 1)', (xa, i) => xa.cmpxchg(i, 10, 1)],
  ['reserve(i)', (xa, i) => xa.reserve(i)],
  ['release(i)', (xa, i) => xa.release(i)],
  ['find(i)', (xa, i) => xa.find(i)],
  ['find(0, i)', (xa, i) => xa.find(0, i)],
  ['findAfter(i)', (xa, i) => xa.findAfter(i)],
  ['findAfter(0, i)', (xa, i) => xa.findAfter(0, i)],
  ['findIndex(i)', (xa, i) => xa.findIndex(i)],
  ['findIndex(0, i)', (xa, i) => xa.findIndex(0, i)],
  ['extract(i, 100, 5)', (xa, i) => xa.extract(i, 100, 5)],
  ['extract(0, i, 5)', (xa, i) => xa.extract(0, i, 5)],
  ['entries({ start: i })', (xa, i) => [...xa.entries({ start: i })]],
  ['keys({ last: i })', (xa, i) => [...xa.keys({ last: i })]],
  ['values({ start: i })', (xa, i) => [...xa.values({ start: i })]],
  ['guard.load(i)', (xa, i) => guarded(xa, (g) => g.load(i))],
  ['guard.store(i, 1)', (xa, i) => guarded(xa, (g) => g.store(i, 1))],
  ['guard.erase(i)', (xa, i) => guarded(xa, (g) => g.erase(i))],
  ['guard.getOrder(i)', (xa, i) => guarded(xa, (g) => g.getOrder(i))],
  ['guard.getMark(i, 1)', (xa, i) => guarded(xa, (g) => g.getMark(i, 1))],
  ['guard.setMark(i, 1)', (xa, i) => guarded(xa, (g) => g.setMark(i, 1))],
  ['guard.clearMark(i, 1)', (xa, i) => guarded(xa, (g) => g.clearMark(i, 1))],
  [
    'guard.storeOrder(i, 2, 1)',
    (xa, i) => guarded(xa, (g) => g.storeOrder(i, 2, 1)),
  ],
  ['guard.split(i, 0)', (xa, i) => guarded(xa, (g) => g.split(i, 0))],
  ['guard.cursor(i)', (xa, i) => guarded(xa, (g) => g.cursor(i))],
  ['cursor.set(i)', (xa, i) => guarded(xa, (g) => g.cursor(0).set(i))],
  [
    'cursor.setOrder(i, 1)',
    (xa, i) => guarded(xa, (g) => g.cursor(0).setOrder(i, 1)),
  ],
  [
    'cursor.setRange(i, 100)',
    (xa, i) => guarded(xa, (g) => g.cursor(0).setRange(i, 100)),
  ],
  [
    'cursor.setRange(0, i)',
    (xa, i) => guarded(xa, (g) => g.cursor(0).setRange(0, i)),
  ],
  ['cursor.advance(i)', (xa, i) => guarded(xa, (g) => g.cursor(0).advance(i))],
  ['cursor.find(i)', (xa, i) => guarded(xa, (g) => g.cursor(0).find(i))],
  [
    'cursor.findMarked(i, 1)',
    (xa, i) => guarded(xa, (g) => g.cursor(0).findMarked(i, 1)),
  ],
];

const indexCases: Case[] = indexUses.flatMap(([use, run]) =>
  badIndices.map(([bad, why]) => ({
    name: `${use} with i = ${String(bad)}`,
    why: `an index that is ${why}`,
    run: (xa: XArray<number>) => run(xa, bad as number),
    error: InvalidIndexError,
    message: new RegExp(String(bad).replace(/[.+]/g, '\\$&')),
  })),
);

const badOrders: [unknown, string][] = [
  [-1, 'negative'],
  [1.5, 'not an integer'],
  [Number.NaN, 'NaN'],
  [54, 'larger than the index space (53)'],
  [64, 'the kernel’s BITS_PER_LONG'],
  [Number.POSITIVE_INFINITY, 'Infinity'],
];

const orderCases: Case[] = [
  ...badOrders.map(([bad, why]) => ({
    name: `storeOrder(0, ${String(bad)}, 1)`,
    why: `an order that is ${why}`,
    run: (xa: XArray<number>) =>
      guarded(xa, (g) => g.storeOrder(0, bad as number, 1)),
    error: InvalidOrderError,
  })),
  ...badOrders.map(([bad, why]) => ({
    name: `cursor(0, ${String(bad)})`,
    why: `a cursor order that is ${why}`,
    run: (xa: XArray<number>) => guarded(xa, (g) => g.cursor(0, bad as number)),
    error: InvalidOrderError,
  })),
  ...badOrders.map(([bad, why]) => ({
    name: `cursor.setOrder(0, ${String(bad)})`,
    why: `a cursor order that is ${why}`,
    run: (xa: XArray<number>) =>
      guarded(xa, (g) => g.cursor(0).setOrder(0, bad as number)),
    error: InvalidOrderError,
  })),
  ...badOrders.map(([bad, why]) => ({
    name: `split(64, ${String(bad)})`,
    why: `a split order that is ${why}`,
    run: (xa: XArray<number>) => guarded(xa, (g) => g.split(64, bad as number)),
    error: InvalidOrderError,
  })),
  {
    name: 'split(64, 4) of an order-4 entry',
    why: 'a split must go to a smaller order',
    run: (xa) => guarded(xa, (g) => g.split(64, 4)),
    error: InvalidOrderError,
  },
  {
    name: 'split(64, 5) of an order-4 entry',
    why: 'a split cannot go to a larger order',
    run: (xa) => guarded(xa, (g) => g.split(64, 5)),
    error: InvalidOrderError,
  },
  {
    name: 'split(1, 0) of an order-0 entry',
    why: 'an order-0 entry cannot be split',
    run: (xa) => guarded(xa, (g) => g.split(1, 0)),
    error: InvalidOrderError,
  },
  {
    name: 'split of an order-14 entry to order 0 at chunkShift 3',
    why: 'the kernel splits across at most one node level (new order rounded to the node size, plus two levels, must exceed the order)',
    run: (xa) => guarded(xa, (g) => g.split(2 ** 20, 0)),
    error: InvalidOrderError,
  },
];

const badMarks: [unknown, string][] = [
  [3, 'above XA_MARK_2'],
  [-1, 'negative'],
  [1.5, 'not an integer'],
  [Number.NaN, 'NaN'],
  ['1', 'a string'],
];

const markUses: [string, (xa: XArray<number>, m: Mark) => unknown][] = [
  ['getMark(1, m)', (xa, m) => guarded(xa, (g) => g.getMark(1, m))],
  ['setMark(1, m)', (xa, m) => guarded(xa, (g) => g.setMark(1, m))],
  ['clearMark(1, m)', (xa, m) => guarded(xa, (g) => g.clearMark(1, m))],
  ['marked(m)', (xa, m) => guarded(xa, (g) => g.marked(m))],
  ['find(0, MAX_INDEX, m)', (xa, m) => xa.find(0, MAX_INDEX, m)],
  ['findAfter(0, MAX_INDEX, m)', (xa, m) => xa.findAfter(0, MAX_INDEX, m)],
  ['findIndex(0, MAX_INDEX, m)', (xa, m) => xa.findIndex(0, MAX_INDEX, m)],
  ['extract(0, MAX_INDEX, 5, m)', (xa, m) => xa.extract(0, MAX_INDEX, 5, m)],
  ['entries({ filter: m })', (xa, m) => [...xa.entries({ filter: m })]],
  [
    'cursor.findMarked(MAX_INDEX, m)',
    (xa, m) => guarded(xa, (g) => g.cursor(0).findMarked(MAX_INDEX, m)),
  ],
  [
    'cursor.getMark(m)',
    (xa, m) =>
      guarded(xa, (g) => {
        const c = g.cursor(1);
        c.load();
        return c.getMark(m);
      }),
  ],
  [
    'cursor.setMark(m)',
    (xa, m) =>
      guarded(xa, (g) => {
        const c = g.cursor(1);
        c.load();
        c.setMark(m);
      }),
  ],
  [
    'cursor.clearMark(m)',
    (xa, m) =>
      guarded(xa, (g) => {
        const c = g.cursor(1);
        c.load();
        c.clearMark(m);
      }),
  ],
];

const markCases: Case[] = [
  ...markUses.flatMap(([use, run]) =>
    badMarks.map(([bad, why]) => ({
      name: `${use} with m = ${String(bad)}`,
      why: `a mark that is ${why}`,
      run: (xa: XArray<number>) => run(xa, bad as Mark),
      error: InvalidMarkError,
    })),
  ),
  ...(['alloc0', 'alloc1'] as const).flatMap((kind) =>
    markUses.map(([use, run]) => ({
      name: `${use} with m = 0 on an ${kind === 'alloc0' ? 'ALLOC' : 'ALLOC1'} array`,
      why: 'mark 0 is the free-slot mark of an allocating array',
      kind,
      run: (xa: XArray<number>) => run(xa, 0),
      error: InvalidMarkError,
    })),
  ),
];

const badLimits: [unknown, string][] = [
  [{ min: -1, max: 5 }, 'a negative min'],
  [{ min: 0, max: 2 ** 32 }, 'a max above 2^32 - 1'],
  [{ min: 1.5, max: 5 }, 'a non-integer min'],
  [{ min: 0, max: Number.NaN }, 'a NaN max'],
  [{ min: 0 }, 'no max'],
  [{ min: '0', max: 5 }, 'a string min'],
];

const limitCases: Case[] = (['alloc0', 'alloc1'] as const).flatMap((kind) => [
  ...badLimits.map(([bad, why]) => ({
    name: `alloc(1, ${JSON.stringify(bad)}) on ${kind}`,
    why: `a limit with ${why}`,
    kind,
    run: (xa: XArray<number>) =>
      xa.alloc(1, bad as { min: number; max: number }),
    error: InvalidLimitError,
  })),
  ...badLimits.map(([bad, why]) => ({
    name: `allocCyclic(1, ${JSON.stringify(bad)}) on ${kind}`,
    why: `a limit with ${why}`,
    kind,
    run: (xa: XArray<number>) =>
      xa.allocCyclic(1, bad as { min: number; max: number }),
    error: InvalidLimitError,
  })),
  ...[-1, 2 ** 32, 0.5, Number.NaN].map((next) => ({
    name: `allocCyclic(1, undefined, ${next}) on ${kind}`,
    why: '`next` must be a u32',
    kind,
    run: (xa: XArray<number>) => xa.allocCyclic(1, { min: 0, max: 100 }, next),
    error: InvalidLimitError,
  })),
]);

const notAllocatingCases: Case[] = [
  {
    name: 'alloc on a plain array',
    why: 'only arrays created with `alloc: 0 | 1` track free ids (the kernel returns EINVAL)',
    run: (xa) => xa.alloc(1),
    error: NotAllocatingError,
  },
  {
    name: 'allocCyclic on a plain array',
    why: 'only allocating arrays track free ids',
    run: (xa) => xa.allocCyclic(1),
    error: NotAllocatingError,
  },
];

const entryCases: Case[] = [
  {
    name: 'storing a guard',
    why: 'a guard must not escape its lock scope into the array',
    run: (xa) => {
      const other = new XArray<object>();
      const g = other.lock();
      try {
        return (xa as unknown as XArray<object>).store(5, g);
      } finally {
        g.unlock();
      }
    },
    error: InvalidEntryError,
  },
  {
    name: 'storing a cursor',
    why: 'a cursor must not escape its lock scope into the array',
    run: (xa) => {
      const other = new XArray<object>();
      return other.withLock((g) =>
        (xa as unknown as XArray<object>).store(5, g.cursor(0)),
      );
    },
    error: InvalidEntryError,
  },
];

describe('bad input throws its named error and changes nothing', () => {
  const all = [
    ...indexCases,
    ...orderCases,
    ...markCases,
    ...limitCases,
    ...notAllocatingCases,
    ...entryCases,
  ];
  it.each(all.map((c) => [c.name, c.why, c] as const))(
    '%s (%s)',
    (_name, _why, c) => {
      const xa = fixture(c.kind ?? 'plain');
      const before = snapshot(xa);
      let thrown: unknown;
      try {
        c.run(xa);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(c.error);
      const err = thrown as XArrayError;
      expect(err).toBeInstanceOf(XArrayError);
      expect(err.name).toBe(c.error.name);
      expect(typeof err.code).toBe('string');
      expect(err.message.length).toBeGreaterThan(30);
      if (c.message !== undefined) expect(err.message).toMatch(c.message);
      expect(snapshot(xa)).toEqual(before);
    },
  );
});

describe('lock misuse throws its named error and changes nothing', () => {
  const guardUses: [string, (g: Guard<number>) => unknown][] = [
    ['unlock()', (g) => g.unlock()],
    ['load', (g) => g.load(1)],
    ['store', (g) => g.store(1, 5)],
    ['storeRange', (g) => g.storeRange(3, 4, 5)],
    ['erase', (g) => g.erase(1)],
    ['insert', (g) => g.insert(3, 5)],
    ['cmpxchg', (g) => g.cmpxchg(1, 10, 5)],
    ['reserve', (g) => g.reserve(3)],
    ['release', (g) => g.release(7)],
    ['find', (g) => g.find()],
    ['findAfter', (g) => g.findAfter(0)],
    ['findIndex', (g) => g.findIndex()],
    ['extract', (g) => g.extract(0, MAX_INDEX, 5)],
    ['entries', (g) => [...g.entries()]],
    ['keys', (g) => [...g.keys()]],
    ['values', (g) => [...g.values()]],
    ['isEmpty', (g) => g.isEmpty()],
    ['getOrder', (g) => g.getOrder(1)],
    ['getMark', (g) => g.getMark(1, 1)],
    ['setMark', (g) => g.setMark(1, 2)],
    ['clearMark', (g) => g.clearMark(1, 1)],
    ['marked', (g) => g.marked(1)],
    ['storeOrder', (g) => g.storeOrder(0, 2, 5)],
    ['split', (g) => g.split(64, 0)],
    ['cursor', (g) => g.cursor(0)],
  ];

  it.each(guardUses)('a released guard throws on %s', (_name, use) => {
    const xa = fixture('plain');
    const before = snapshot(xa);
    const g = xa.lock();
    g.unlock();
    expect(g.released).toBe(true);
    expect(() => use(g)).toThrow(GuardReleasedError);
    expect(() => use(g)).toThrow(/releas|unlock/i);
    expect(snapshot(xa)).toEqual(before);
    // Disposing an already released guard at scope exit is fine.
    expect(() => g[Symbol.dispose]()).not.toThrow();
  });

  it('a guard from a finished withLock callback is released', () => {
    const xa = fixture('plain');
    let escaped: Guard<number> | undefined;
    xa.withLock((g) => {
      escaped = g;
    });
    expect(() => escaped?.load(1)).toThrow(GuardReleasedError);
  });

  it('a guard leaving its `using` block is released', () => {
    const xa = fixture('plain');
    let escaped: Guard<number> | undefined;
    {
      using g = xa.lock();
      escaped = g;
      expect(g.load(1)).toBe(10);
    }
    expect(xa.locked).toBe(false);
    expect(() => escaped?.load(1)).toThrow(GuardReleasedError);
  });

  const cursorUses: [
    string,
    (c: ReturnType<Guard<number>['cursor']>) => unknown,
  ][] = [
    ['set', (c) => c.set(1)],
    ['setOrder', (c) => c.setOrder(0, 2)],
    ['setRange', (c) => c.setRange(0, 3)],
    ['reset', (c) => c.reset()],
    ['load', (c) => c.load()],
    ['reload', (c) => c.reload()],
    ['store', (c) => c.store(5)],
    ['next', (c) => c.next()],
    ['prev', (c) => c.prev()],
    ['find', (c) => c.find()],
    ['findMarked', (c) => c.findMarked(MAX_INDEX, 1)],
    ['findConflict', (c) => c.findConflict()],
    ['advance', (c) => c.advance(2)],
    ['pause', (c) => c.pause()],
    ['getMark', (c) => c.getMark(1)],
    ['setMark', (c) => c.setMark(1)],
    ['clearMark', (c) => c.clearMark(1)],
    ['initMarks', (c) => c.initMarks()],
    ['isReserved', (c) => c.isReserved()],
  ];

  it.each(cursorUses)(
    'a cursor of a released guard throws on %s',
    (_name, use) => {
      const xa = fixture('plain');
      const before = snapshot(xa);
      const g = xa.lock();
      const c = g.cursor(1);
      c.load();
      g.unlock();
      expect(() => use(c)).toThrow(GuardReleasedError);
      expect(snapshot(xa)).toEqual(before);
    },
  );

  it('taking the lock while it is held throws LockHeldError naming where it was taken (debug on)', () => {
    const xa = fixture('plain');
    const before = snapshot(xa);
    const g = xa.lock();
    let thrown: unknown;
    try {
      xa.lock();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(LockHeldError);
    expect((thrown as Error).message).toMatch(/bad-input\.test\.ts/);
    expect(() => xa.withLock(() => 1)).toThrow(LockHeldError);
    g.unlock();
    expect(snapshot(xa)).toEqual(before);
  });

  it('a re-entrant withLock throws LockHeldError and the outer callback still ends unlocked', () => {
    const xa = fixture('plain');
    const before = snapshot(xa);
    expect(() => xa.withLock(() => xa.withLock(() => 1))).toThrow(
      LockHeldError,
    );
    expect(xa.locked).toBe(false);
    expect(snapshot(xa)).toEqual(before);
  });

  it('without debug, LockHeldError says how to find where the lock was taken', () => {
    const xa = new XArray<number>();
    const g = xa.lock();
    expect(() => xa.lock()).toThrow(LockHeldError);
    expect(() => xa.lock()).toThrow(/debug/);
    g.unlock();
    expect(() => xa.lock().unlock()).not.toThrow();
  });

  const writes: [string, (xa: XArray<number>) => unknown][] = [
    ['store', (xa) => xa.store(3, 5)],
    ['storeRange', (xa) => xa.storeRange(3, 4, 5)],
    ['erase', (xa) => xa.erase(1)],
    ['insert', (xa) => xa.insert(3, 5)],
    ['cmpxchg', (xa) => xa.cmpxchg(1, 10, 5)],
    ['reserve', (xa) => xa.reserve(3)],
    ['release', (xa) => xa.release(7)],
    ['destroy', (xa) => xa.destroy()],
  ];

  it.each(writes)(
    'writing through the XArray with %s while a guard holds the lock throws',
    (_name, write) => {
      const xa = fixture('plain');
      const before = snapshot(xa);
      const present = xa.dump().filter((r) => !r.reserved).length;
      const g = xa.lock();
      expect(() => write(xa)).toThrow(WriteWhileLockedError);
      // Plain reads need no lock and still work.
      expect(xa.load(1)).toBe(10);
      expect(xa.find(0)?.index).toBe(1);
      expect([...xa.keys()].length).toBe(present);
      g.unlock();
      expect(snapshot(xa)).toEqual(before);
    },
  );

  it.each([
    ['alloc', (xa: XArray<number>) => xa.alloc(5)],
    ['allocCyclic', (xa: XArray<number>) => xa.allocCyclic(5)],
  ])(
    'allocating with %s while a guard holds the lock throws',
    (_name, write) => {
      const xa = fixture('alloc1');
      const before = snapshot(xa);
      const g = xa.lock();
      expect(() => write(xa)).toThrow(WriteWhileLockedError);
      g.unlock();
      expect(snapshot(xa)).toEqual(before);
    },
  );

  it.each([
    ['an async function', () => async (): Promise<number> => 1],
    [
      'a function returning a promise',
      () => (): Promise<number> => Promise.resolve(1),
    ],
    ['a function returning a thenable', () => () => ({ then(): void {} })],
  ])('withLock rejects %s and releases the lock', (_name, make) => {
    const xa = fixture('plain');
    const before = snapshot(xa);
    expect(() => xa.withLock(make())).toThrow(AsyncCallbackError);
    expect(xa.locked).toBe(false);
    expect(snapshot(xa)).toEqual(before);
    expect(() => xa.lock().unlock()).not.toThrow();
  });
});
