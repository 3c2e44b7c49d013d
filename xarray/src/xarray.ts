/**
 * The `XArray` facade: argument checks, the run-time lock model, and the
 * normal API (the kernel's `xa_*`, each taking and releasing the lock).
 */
/* eslint-disable @typescript-eslint/no-empty-object-type --
   `T extends {}` is the API contract: any value but null and undefined. */
import {
  AsyncCallbackError,
  InvalidOptionError,
  LockHeldError,
  MAX_INDEX,
  U32_MAX,
  WriteWhileLockedError,
  checkIndex,
  describe,
} from './errors.js';
import {
  EntryIterator,
  Guard,
  allocCyclic,
  checkRange,
  extract,
  find,
  findAfter,
  findIndex,
  toEntry,
  toLimit,
  type AllocCyclicResult,
  type AllocLimit,
  type Filter,
  type Found,
  type IterateOptions,
} from './guard.js';
import { ZERO } from './node.js';
import { Tree } from './tree.js';

/** Options of `new XArray()`. */
export interface XArrayOptions {
  /**
   * `false` (default): a plain array. `0`: an allocating array handing out
   * ids from 0 (XA_FLAGS_ALLOC). `1`: ids from 1 (XA_FLAGS_ALLOC1).
   */
  alloc?: false | 0 | 1;
  /** Node size 2^chunkShift slots: an integer 1..6 (default 6, the kernel's). */
  chunkShift?: number;
  /** Record where the lock was taken, for LockHeldError messages (default false). */
  debug?: boolean;
}

/** One row of `dump()`. */
export interface DumpRow<T> {
  /** The entry's first index. */
  index: number;
  /** Its order (it covers 2^order indices). */
  order: number;
  /** The entry, or undefined for a reserved index. */
  entry: T | undefined;
  /** True for a reserved index. */
  reserved: boolean;
  /** Bit m set iff the entry carries mark m. */
  marks: number;
}

/** Where this module's files live, to drop our own frames from captured stacks. */
const HERE = new URL('.', import.meta.url);

/** The caller's stack, without this package's frames. */
function callerStack(): string {
  const stack = new Error().stack ?? '';
  const lines = stack.split('\n').slice(1);
  const own = [HERE.href, HERE.pathname];
  return lines.filter((l) => !own.some((p) => l.includes(p))).join('\n');
}

/** True for `async function` and `async` arrows (not for functions that merely return promises). */
function isAsyncFunction(fn: unknown): boolean {
  const tag = Object.prototype.toString.call(fn);
  return (
    tag === '[object AsyncFunction]' ||
    tag === '[object AsyncGeneratorFunction]'
  );
}

/**
 * The Linux kernel's XArray: an ordered map from integer indices
 * (0..2^53-1) to entries, stored as a radix tree of 2^chunkShift-slot nodes,
 * with three search marks per entry, multi-index entries and id allocation.
 *
 * Operations on the array itself take and release its lock, as the kernel's
 * `xa_*` do; reads need no lock. Operations whose results are meaningful only
 * while the tree cannot change live on the {@link Guard} returned by
 * {@link XArray.lock}.
 */
export class XArray<T extends {}> implements Iterable<[number, T]> {
  /** Node size is 2^chunkShift slots. */
  readonly chunkShift: number;
  /** 0 or 1 for an allocating array (ids from 0 or 1), undefined for a plain one. */
  readonly allocBase: 0 | 1 | undefined;
  /** @internal */
  readonly _tree: Tree;
  /** @internal */
  _guard: Guard<T> | null;
  /** @internal */
  _where: string | undefined;
  private readonly debug: boolean;

  /**
   * Creates an empty array. Locking: Needs no lock.
   * @throws InvalidOptionError for an option that is not one of those documented.
   */
  constructor(options?: XArrayOptions) {
    let alloc: false | 0 | 1 = false;
    let chunkShift = 6;
    let debug = false;
    if (options !== undefined) {
      if (typeof options !== 'object' || options === null) {
        throw new InvalidOptionError(
          `Invalid XArray options ${describe(options)}: pass an object such as { alloc: 1 } or nothing.`,
        );
      }
      if (options.alloc !== undefined) {
        if (
          options.alloc !== false &&
          options.alloc !== 0 &&
          options.alloc !== 1
        ) {
          throw new InvalidOptionError(
            `Invalid option alloc ${describe(options.alloc)}: use false (plain), ` +
              '0 (ids from 0, XA_FLAGS_ALLOC) or 1 (ids from 1, XA_FLAGS_ALLOC1).',
          );
        }
        alloc = options.alloc;
      }
      if (options.chunkShift !== undefined) {
        const cs = options.chunkShift;
        if (
          typeof cs !== 'number' ||
          !Number.isInteger(cs) ||
          cs < 1 ||
          cs > 6
        ) {
          throw new InvalidOptionError(
            `Invalid option chunkShift ${describe(cs)}: nodes have 2^chunkShift ` +
              'slots, and chunkShift is an integer from 1 to 6 (default 6).',
          );
        }
        chunkShift = cs;
      }
      if (options.debug !== undefined) {
        if (typeof options.debug !== 'boolean') {
          throw new InvalidOptionError(
            `Invalid option debug ${describe(options.debug)}: use true or false.`,
          );
        }
        debug = options.debug;
      }
    }
    this.chunkShift = chunkShift;
    this.allocBase = alloc === false ? undefined : alloc;
    this._tree = new Tree(chunkShift, alloc);
    this._guard = null;
    this._where = undefined;
    this.debug = debug;
  }

  /** True while a guard holds the lock. Locking: Needs no lock. */
  get locked(): boolean {
    return this._guard !== null;
  }

  private whereTaken(): string {
    if (this._where !== undefined) return `It was taken at:\n${this._where}`;
    return 'Create the XArray with { debug: true } to see where it was taken.';
  }

  private writeLocked(what: string): WriteWhileLockedError {
    return new WriteWhileLockedError(
      `Cannot call xa.${what}() while this XArray's lock is held: the kernel ` +
        `would deadlock. Call guard.${what}() on the guard that holds the ` +
        `lock, or release it first. ${this.whereTaken()}`,
    );
  }

  /**
   * Takes the lock (xa_lock). Write `using g = xa.lock()` so it is released
   * at the end of the block. Locking: Takes the lock; the Guard releases it.
   * @returns the Guard that proves the lock is held.
   * @throws LockHeldError if the lock is already held (a re-entrant call, or
   * a holder suspended at `await`), naming where it was taken with `debug`.
   */
  lock(): Guard<T> {
    if (this._guard !== null) {
      throw new LockHeldError(
        'The lock of this XArray is already held. It is a spin lock: in ' +
          'single-threaded JavaScript this means a re-entrant call, or a ' +
          'holder suspended at `await`. Use the guard you already hold, and ' +
          `never hold it across \`await\`. ${this.whereTaken()}`,
      );
    }
    const guard = new Guard<T>(this, this._tree);
    this._guard = guard;
    if (this.debug) this._where = callerStack();
    return guard;
  }

  /** @internal Called by a guard when it releases the lock. */
  _unlocked(guard: Guard<T>): void {
    if (this._guard === guard) {
      this._guard = null;
      this._where = undefined;
    }
  }

  /**
   * Runs `fn` with the lock held and releases it afterwards, also if `fn`
   * throws. Locking: Takes and releases the lock.
   * @returns what `fn` returned.
   * @throws AsyncCallbackError if `fn` is async or returns a thenable (the
   * lock is released first): a spin lock must never be held across `await`.
   * LockHeldError if the lock is already held. Whatever `fn` throws.
   */
  withLock<R>(fn: (guard: Guard<T>) => R): R {
    if (typeof fn !== 'function') {
      throw new InvalidOptionError(
        `withLock needs a callback, got ${describe(fn)}: xa.withLock((g) => g.load(0)).`,
      );
    }
    if (isAsyncFunction(fn)) {
      throw new AsyncCallbackError(
        'withLock was given an async callback: the lock is a spin lock and must ' +
          'never be held across `await`. Do the asynchronous work before or ' +
          'after, and pass a synchronous callback.',
      );
    }
    const guard = this.lock();
    let result: R;
    try {
      result = fn(guard);
    } finally {
      if (!guard._released) guard._release();
    }
    if (
      result !== null &&
      (typeof result === 'object' || typeof result === 'function') &&
      typeof (result as { then?: unknown }).then === 'function'
    ) {
      // The rejection it may carry is reported by the error below.
      Promise.resolve(result as unknown as PromiseLike<unknown>).then(
        undefined,
        () => {},
      );
      throw new AsyncCallbackError(
        'The withLock callback returned a promise (or another thenable): the ' +
          'lock was released when the callback returned, so work done after ' +
          'an `await` ran without it. Keep the callback synchronous.',
      );
    }
    return result;
  }

  /**
   * The entry at `index` (xa_load). Locking: Needs no lock.
   * @returns the entry, or undefined if absent or reserved.
   * @throws InvalidIndexError.
   */
  load(index: number): T | undefined {
    if (index >>> 0 !== index) checkIndex(index, 'index');
    return this._tree.load(index) as T | undefined;
  }

  /**
   * Stores `entry` at `index` (xa_store); null erases (in an allocating
   * array it leaves the id reserved). Storing into one index of a
   * multi-index entry replaces the whole entry; marks are kept unless the
   * entry is null. Locking: Takes and releases the lock.
   * @returns the previous entry (undefined if absent or reserved).
   * @throws InvalidIndexError, InvalidEntryError, WriteWhileLockedError.
   */
  store(index: number, entry: T | null | undefined): T | undefined {
    if (index >>> 0 !== index) checkIndex(index, 'index');
    if (this._guard !== null) throw this.writeLocked('store');
    return this._tree.store(index, toEntry(entry)) as T | undefined;
  }

  /**
   * Makes every index in [first, last] load `entry` (xa_store_range), as
   * runs of slots that each start at `first` and fit in one node; later
   * stores or marks on one index affect only its run. Null clears the range.
   * Locking: Takes and releases the lock.
   * @throws InvalidIndexError (also if last < first), InvalidEntryError, WriteWhileLockedError.
   */
  storeRange(first: number, last: number, entry: T | null | undefined): void {
    checkRange(first, last);
    if (this._guard !== null) throw this.writeLocked('storeRange');
    this._tree.storeRange(first, last, toEntry(entry));
  }

  /**
   * Removes the entry at `index` (xa_erase), a multi-index entry entirely;
   * frees the id in an allocating array. Locking: Takes and releases the lock.
   * @returns the removed entry, or undefined.
   * @throws InvalidIndexError, WriteWhileLockedError.
   */
  erase(index: number): T | undefined {
    if (index >>> 0 !== index) checkIndex(index, 'index');
    if (this._guard !== null) throw this.writeLocked('erase');
    return this._tree.erase(index) as T | undefined;
  }

  /**
   * Stores `entry` only if `index` is empty (xa_insert); null reserves it.
   * Locking: Takes and releases the lock.
   * @returns true if stored; false if occupied (EBUSY), reserved included.
   * @throws InvalidIndexError, InvalidEntryError, WriteWhileLockedError.
   */
  insert(index: number, entry: T | null | undefined): boolean {
    checkIndex(index, 'index');
    if (this._guard !== null) throw this.writeLocked('insert');
    return this._tree.insert(index, toEntry(entry));
  }

  /**
   * Stores `entry` if the slot holds `old` (xa_cmpxchg, SameValueZero). A
   * reserved slot does not hold null, yet reads back as undefined (the
   * kernel's quirk). Locking: Takes and releases the lock.
   * @returns the entry that was there; success iff it equals `old`.
   * @throws InvalidIndexError, InvalidEntryError, WriteWhileLockedError.
   */
  cmpxchg(
    index: number,
    old: T | null | undefined,
    entry: T | null | undefined,
  ): T | undefined {
    checkIndex(index, 'index');
    if (this._guard !== null) throw this.writeLocked('cmpxchg');
    return this._tree.cmpxchg(index, old ?? undefined, toEntry(entry)) as
      T | undefined;
  }

  /**
   * Reserves an empty index (xa_reserve): it reads as absent, but insert
   * and alloc see it occupied. Does nothing if present.
   * Locking: Takes and releases the lock.
   * @throws InvalidIndexError, WriteWhileLockedError.
   */
  reserve(index: number): void {
    checkIndex(index, 'index');
    if (this._guard !== null) throw this.writeLocked('reserve');
    this._tree.cmpxchg(index, undefined, ZERO);
  }

  /**
   * Frees a reserved index (xa_release); does nothing if something was
   * stored there meanwhile. Locking: Takes and releases the lock.
   * @throws InvalidIndexError, WriteWhileLockedError.
   */
  release(index: number): void {
    checkIndex(index, 'index');
    if (this._guard !== null) throw this.writeLocked('release');
    this._tree.cmpxchg(index, ZERO, undefined);
  }

  /**
   * Stores `entry` at the lowest free id in `limit` (xa_alloc; default
   * [allocBase, U32_MAX]); null reserves the id. Locking: Takes and releases the lock.
   * @returns the id, or undefined if no id in the limit is free (EBUSY).
   * @throws NotAllocatingError, InvalidLimitError, InvalidEntryError, WriteWhileLockedError.
   */
  alloc(entry: T | null | undefined, limit?: AllocLimit): number | undefined {
    const tree = this._tree;
    let min: number;
    let max: number;
    if (limit === undefined && tree.trackFree) {
      // toLimit's default, without building its pair.
      min = tree.zeroBusy ? 1 : 0;
      max = U32_MAX;
    } else {
      [min, max] = toLimit(tree, limit);
    }
    const e = toEntry(entry);
    if (this._guard !== null) throw this.writeLocked('alloc');
    const id = tree.alloc(e, min, max);
    return id < 0 ? undefined : id;
  }

  /**
   * Allocates cyclically (xa_alloc_cyclic): the lowest free id from
   * max(limit.min, next), else from limit.min (wrapped). Without `next`,
   * the array's own cursor is used and advanced.
   * Locking: Takes and releases the lock.
   * @returns { id, next, wrapped }, or undefined if no id is free (EBUSY).
   * @throws NotAllocatingError, InvalidLimitError, InvalidEntryError, WriteWhileLockedError.
   */
  allocCyclic(
    entry: T | null | undefined,
    limit?: AllocLimit,
    next?: number,
  ): AllocCyclicResult | undefined {
    if (this._guard !== null) {
      toLimit(this._tree, limit);
      throw this.writeLocked('allocCyclic');
    }
    return allocCyclic(this._tree, entry, limit, next);
  }

  /**
   * The first entry matching `filter` with an index in [start, max]
   * (xa_find). Inside a multi-index entry the index reported is `start`
   * with the present filter; with a mark filter it may be the entry's first
   * index, as in the kernel. Reserved entries are skipped.
   * Locking: Needs no lock.
   * @returns { index, entry }, or undefined.
   * @throws InvalidIndexError, InvalidMarkError.
   */
  find(
    start = 0,
    max = MAX_INDEX,
    filter: Filter = 'present',
  ): Found<T> | undefined {
    return find(this._tree, start, max, filter);
  }

  /**
   * The first entry matching `filter` after the entry that covers `index`,
   * up to `max` (xa_find_after). Unlike the kernel's, never an entry
   * covering `index` (see the README). Locking: Needs no lock.
   * @returns { index, entry }, or undefined (also when index is MAX_INDEX).
   * @throws InvalidIndexError, InvalidMarkError.
   */
  findAfter(
    index: number,
    max = MAX_INDEX,
    filter: Filter = 'present',
  ): Found<T> | undefined {
    return findAfter(this._tree, index, max, filter);
  }

  /**
   * Like `find`, returning only the index and allocating nothing.
   * Locking: Needs no lock.
   * @returns the index, or -1 if none.
   * @throws InvalidIndexError, InvalidMarkError.
   */
  findIndex(start = 0, max = MAX_INDEX, filter: Filter = 'present'): number {
    return findIndex(this._tree, start, max, filter);
  }

  /**
   * Up to `n` entries matching `filter` with indices in [start, max]
   * (xa_extract), in index order, each multi-index entry once.
   * Locking: Needs no lock.
   * @throws InvalidIndexError, InvalidMarkError.
   */
  extract(
    start: number,
    max: number,
    n: number,
    filter: Filter = 'present',
  ): T[] {
    return extract(this._tree, start, max, n, filter);
  }

  /**
   * Iterates [index, entry] pairs in index order (xa_for_each_range /
   * xa_for_each_marked), each multi-index entry once. Every step looks the
   * next entry up again, so the array may be modified between steps.
   * Locking: Needs no lock.
   * @throws InvalidIndexError, InvalidMarkError.
   */
  entries(options?: IterateOptions): IterableIterator<[number, T]> {
    return new EntryIterator(this._tree, options, 0, null);
  }

  /**
   * Iterates indices, as `entries`. Locking: Needs no lock.
   * @throws InvalidIndexError, InvalidMarkError.
   */
  keys(options?: IterateOptions): IterableIterator<number> {
    return new EntryIterator(this._tree, options, 1, null);
  }

  /**
   * Iterates entries, as `entries`. Locking: Needs no lock.
   * @throws InvalidIndexError, InvalidMarkError.
   */
  values(options?: IterateOptions): IterableIterator<T> {
    return new EntryIterator(this._tree, options, 2, null);
  }

  /** Iterates every [index, entry] pair, as `entries()`. Locking: Needs no lock. */
  [Symbol.iterator](): IterableIterator<[number, T]> {
    return new EntryIterator(this._tree, undefined, 0, null);
  }

  /**
   * True iff nothing is stored; a reserved index counts as something
   * (xa_empty). Locking: Needs no lock.
   */
  isEmpty(): boolean {
    return this._tree.head === undefined;
  }

  /**
   * Removes every entry and resets the marks (xa_destroy). The entries
   * themselves are untouched. Locking: Takes and releases the lock.
   * @throws WriteWhileLockedError.
   */
  destroy(): void {
    if (this._guard !== null) throw this.writeLocked('destroy');
    this._tree.destroy();
  }

  /**
   * Debug view: every entry in index order, a multi-index entry once at its
   * first index, reserved indices included. Locking: Needs no lock.
   */
  dump(): DumpRow<T>[] {
    return this._tree.dump().map((r) => ({
      index: r.index,
      order: r.order,
      entry: r.entry === ZERO ? undefined : (r.entry as T),
      reserved: r.entry === ZERO,
      marks: r.marks,
    }));
  }
}
