/**
 * The lock guard, the advanced cursor, and the argument checks and iterator
 * that the `XArray` and `Guard` facades share.
 */
/* eslint-disable @typescript-eslint/no-empty-object-type --
   `T extends {}` is the API contract: any value but null and undefined. */
import {
  GuardReleasedError,
  InvalidEntryError,
  InvalidIndexError,
  InvalidLimitError,
  InvalidMarkError,
  InvalidOrderError,
  MAX_INDEX,
  MAX_ORDER,
  NotAllocatingError,
  U32_MAX,
  checkCount,
  checkIndex,
  checkOrder,
  checkU32,
  describe,
} from './errors.js';
import { FREE_MARK, nextMarked } from './marks.js';
import {
  Internal,
  SIBLING,
  Single,
  XNode,
  ZERO,
  nextPresent,
  slotAt,
} from './node.js';
import { S_ERROR, S_HEAD, S_NODE, S_RESTART, State } from './state.js';
import { PRESENT, type Tree } from './tree.js';
import type { XArray } from './xarray.js';

/** XA_MARK_0..2. In allocating arrays mark 0 is the internal free mark. */
export type Mark = 0 | 1 | 2;
/** A mark, or `'present'` for every entry (XA_PRESENT). */
export type Filter = Mark | 'present';

/** An inclusive u32 range of allocation ids. */
export interface AllocLimit {
  /** Lowest id (inclusive), 0..2^32-1. */
  min: number;
  /** Highest id (inclusive), 0..2^32-1. */
  max: number;
}

/** The result of a successful `allocCyclic`. */
export interface AllocCyclicResult {
  /** The id allocated. */
  id: number;
  /** Where the next cyclic search starts: id + 1, or 0 after U32_MAX. */
  next: number;
  /** True if the search wrapped to `limit.min` (or the previous `next` wrapped to 0). */
  wrapped: boolean;
}

/** An entry found by `find` / `findAfter`. */
export interface Found<T> {
  /** Its index (see `find` for multi-index entries). */
  index: number;
  /** The entry. */
  entry: T;
}

/** Range and filter of an iteration. */
export interface IterateOptions {
  /** First index (default 0). */
  start?: number;
  /** Last index, inclusive (default MAX_INDEX). */
  last?: number;
  /** `'present'` (default) or a mark. */
  filter?: Filter;
}

/** Objects valid only while a lock is held: they must never be stored in the array. */
export abstract class LockScoped {}

/** Converts an entry argument: null/undefined mean "no entry". */
export function toEntry(entry: unknown): unknown {
  if (entry === null || entry === undefined) return undefined;
  if (entry instanceof LockScoped) {
    throw new InvalidEntryError(
      'A Guard or Cursor cannot be stored in an XArray: it is valid only while ' +
        'its lock is held. Store the data it gave you instead.',
    );
  }
  return entry;
}

/** Validates a mark for `tree` and returns it. */
export function toMark(tree: Tree, mark: unknown, what = 'mark'): number {
  if (mark === 1 || mark === 2) return mark;
  if (mark === 0) {
    if (tree.trackFree) {
      throw new InvalidMarkError(
        `Invalid ${what} 0: in an allocating XArray mark 0 tracks free ids ` +
          '(XA_FREE_MARK); use mark 1 or 2.',
      );
    }
    return 0;
  }
  throw new InvalidMarkError(
    `Invalid ${what} ${describe(mark)}: marks are 0, 1 or 2 (XA_MARK_0..2)` +
      (what === 'filter' ? ", or 'present' for every entry." : '.'),
  );
}

/** Validates a filter (undefined means present) and returns its code. */
export function toFilter(tree: Tree, filter: unknown): number {
  if (filter === undefined || filter === 'present') return PRESENT;
  return toMark(tree, filter, 'filter');
}

/** Validates an allocation limit; undefined is [allocBase, U32_MAX]. */
export function toLimit(tree: Tree, limit: unknown): [number, number] {
  if (!tree.trackFree) {
    throw new NotAllocatingError(
      'alloc and allocCyclic need an allocating XArray: create it with ' +
        '`new XArray({ alloc: 0 })` (ids from 0) or `{ alloc: 1 }` (ids from 1).',
    );
  }
  if (limit === undefined) return [tree.zeroBusy ? 1 : 0, U32_MAX];
  if (typeof limit !== 'object' || limit === null) {
    throw new InvalidLimitError(
      `Invalid limit ${describe(limit)}: pass { min, max } with u32 integers, or omit it.`,
    );
  }
  const { min, max } = limit as { min?: unknown; max?: unknown };
  checkU32(min, 'limit.min');
  checkU32(max, 'limit.max');
  return [min, max];
}

/** Maps internal slot values to what users see: reserved, siblings and nodes read as undefined. */
export function userEntry(raw: unknown): unknown {
  return raw instanceof Internal ||
    raw instanceof XNode ||
    raw instanceof Single
    ? undefined
    : raw;
}

/** Builds the error for a released guard. */
function releasedError(what: string): GuardReleasedError {
  return new GuardReleasedError(
    `Cannot use ${what}: its guard was already released (unlock(), the end of ` +
      'its `using` block, or the end of its withLock callback). Results read ' +
      'under a lock are stale once it is released: take the lock again with ' +
      'xa.lock() and redo the lookup.',
  );
}

/** The leaf slots of an iterator with no leaf (never read). */
const NO_SLOTS: unknown[] = [];

/** What an iterator's step finds when there is nothing more. */
const DONE = {};

/**
 * The step of the iterators and of `forEach` / `forEachMarked` from a full
 * leaf to the next one, when it is plain: `leaf` (whose slot 0 is index
 * `base`) has nothing present (or marked, for a mark `filter`) from slot
 * `from` on; the next slot of its parent, a full node, is a full leaf whose
 * first present (or marked) slot holds a user entry, at `last` or before.
 * Then the state moves to that slot and its entry is returned; otherwise
 * DONE, and the general step takes over.
 */
function nextLeafEntry(
  xas: State,
  leaf: XNode,
  from: number,
  base: number,
  last: number,
  filter: number,
): unknown {
  const size = xas.tree.size;
  const rest =
    filter === PRESENT
      ? nextPresent(leaf, from, size)
      : nextMarked(leaf, filter, from, size);
  if (rest !== size) return DONE;
  const parent = leaf.parent;
  const off = leaf.offset + 1;
  if (parent === null || parent.tpl !== null || off === size) return DONE;
  const next = parent.slots[off];
  if (!(next instanceof XNode) || next.tpl !== null) return DONE;
  const o =
    filter === PRESENT
      ? nextPresent(next, 0, size)
      : nextMarked(next, filter, 0, size);
  const v = o < size ? next.slots[o] : undefined;
  const index = base + size + o;
  if (v === undefined || v instanceof Internal || index > last) return DONE;
  xas.node = next;
  xas.offset = o;
  xas.index = index;
  return v;
}

/**
 * An iterator in the manner of `xa_for_each`: each step finds the next entry
 * after the last one returned, so the array may change between steps. While
 * it does not change, a step continues from the previous position instead of
 * walking down from the head.
 */
export class EntryIterator<V> implements IterableIterator<V> {
  private readonly tree: Tree;
  private readonly xas: State;
  private readonly start: number;
  private readonly last: number;
  private readonly filter: number;
  private readonly mode: number;
  private readonly guard: Guard<{}> | null;
  private index: number;
  private version: number;
  private state: number;
  /**
   * The full leaf the last entry came from, for the next step's fast
   * path: the node, its slots, the index of its slot 0, the slot of the
   * last entry, the last slot the iteration may reach in it, and the
   * tree's version when they were taken (-1: no leaf). They are valid
   * while the version is.
   */
  private leafNode: XNode | null;
  private leafSlots: unknown[];
  private leafBase: number;
  private offset: number;
  private end: number;
  private leafVersion: number;

  /** mode 0: [index, entry]; 1: index; 2: entry. */
  constructor(
    tree: Tree,
    options: IterateOptions | undefined,
    mode: number,
    guard: Guard<{}> | null,
  ) {
    let start = 0;
    let last = MAX_INDEX;
    let filter = PRESENT;
    if (options !== undefined) {
      if (typeof options !== 'object' || options === null) {
        throw new InvalidIndexError(
          `Invalid iteration options ${describe(options)}: pass { start, last, filter } or nothing.`,
        );
      }
      if (options.start !== undefined) {
        checkIndex(options.start, 'start');
        start = options.start;
      }
      if (options.last !== undefined) {
        checkIndex(options.last, 'last');
        last = options.last;
      }
      filter = toFilter(tree, options.filter);
    }
    this.tree = tree;
    this.xas = new State(tree, start);
    this.start = start;
    this.last = last;
    this.filter = filter;
    this.mode = mode;
    this.guard = guard;
    this.index = 0;
    this.version = 0;
    this.state = 0;
    this.leafNode = null;
    this.leafSlots = NO_SLOTS;
    this.leafBase = 0;
    this.offset = 0;
    this.end = 0;
    this.leafVersion = -1;
  }

  /**
   * The next entry, index or pair. Throws GuardReleasedError if made from a
   * released guard. While nothing changed, the next present slot of the
   * same full leaf is found here, in a step small enough for the compiler
   * to inline into the caller's loop; everything else is `nextSlow`'s. The
   * result is made in one place, so that an inlined step need not allocate
   * it at all.
   */
  next(): IteratorResult<V> {
    let e: unknown = DONE;
    if (
      this.leafVersion === this.tree.version &&
      (this.guard === null || !this.guard._released)
    ) {
      const slots = this.leafSlots;
      const end = this.end;
      const filter = this.filter;
      if (filter === PRESENT) {
        for (let o = this.offset + 1; o <= end; o++) {
          const v = slots[o];
          if (v === undefined) continue;
          // A sibling or a reserved entry: the general step knows what to do.
          if (v instanceof Internal) break;
          this.offset = o;
          this.index = this.leafBase + o;
          e = v;
          break;
        }
      } else {
        // The next slot of the leaf with the mark's bit (xas_next_marked).
        const o = nextMarked(this.leafNode!, filter, this.offset + 1, end + 1);
        const v = o <= end ? slots[o] : undefined;
        if (v !== undefined && !(v instanceof Internal)) {
          this.offset = o;
          this.index = this.leafBase + o;
          e = v;
        }
      }
    }
    if (e === DONE) e = this.nextSlow();
    const done = e === DONE;
    const index = this.index;
    const value = done
      ? undefined
      : this.mode === 0
        ? [index, e]
        : this.mode === 1
          ? index
          : e;
    return { done, value } as IteratorResult<V>;
  }

  /**
   * `next` by the state (the first step, leaf ends, marks, changes): the
   * next entry, its index in `index`, or DONE.
   */
  private nextSlow(): unknown {
    if (this.guard !== null && this.guard._released)
      throw releasedError('an iterator');
    if (this.state === 2) return DONE;
    const tree = this.tree;
    const xas = this.xas;
    let e: unknown;
    if (this.state === 0) {
      this.state = 1;
      e = tree.findFrom(xas, this.last, this.filter);
    } else if (tree.version === this.version) {
      // The state is where the last slow step left it; the fast steps
      // since then moved along its leaf.
      if (this.leafVersion === tree.version) {
        xas.offset = this.offset;
        xas.index = this.index;
        e = this.nextLeaf(xas);
        if (e !== DONE) return e;
      }
      e = tree.resume(xas, this.index, this.last, this.filter);
    } else {
      e = tree.findAfterWith(xas, this.index, this.last, this.filter);
    }
    if (e === undefined) {
      this.state = 2;
      this.leafVersion = -1;
      return DONE;
    }
    this.version = tree.version;
    this.index = tree.foundIndex;
    // A full leaf lets the next steps go fast.
    const base = xas.leafStart();
    if (base >= 0) {
      this.takeLeaf(xas, base);
      this.leafVersion = tree.version;
    } else this.leafVersion = -1;
    return e;
  }

  /** Points the fast step's fields at the state's leaf, whose slot 0 is `base`. */
  private takeLeaf(xas: State, base: number): void {
    const mask = this.tree.mask;
    this.leafNode = xas.node;
    this.leafSlots = xas.node!.slots;
    this.leafBase = base;
    this.offset = xas.offset;
    this.end = this.last - base < mask ? this.last - base : mask;
  }

  /**
   * `nextLeafEntry` from where the fast step stopped, bringing the fast
   * step's fields along when it moves.
   */
  private nextLeaf(xas: State): unknown {
    const v = nextLeafEntry(
      xas,
      this.leafNode!,
      this.offset + 1,
      this.leafBase,
      this.last,
      this.filter,
    );
    if (v === DONE) return DONE;
    this.index = xas.index;
    this.takeLeaf(xas, this.leafBase + this.tree.size);
    return v;
  }

  /** Returns itself. */
  [Symbol.iterator](): IterableIterator<V> {
    return this;
  }
}

/** The orders `split` accepts for an entry of order `old` with chunk shift `cs`. */
function checkSplit(old: number, order: number, cs: number): void {
  if (order >= old) {
    throw new InvalidOrderError(
      `Cannot split an entry of order ${old} into entries of order ${order}: ` +
        "the new order must be smaller than the entry's (read it with getOrder).",
    );
  }
  if (old >= order - (order % cs) + 2 * cs) {
    throw new InvalidOrderError(
      `Cannot split an entry of order ${old} into order ${order} in one step: ` +
        `like the kernel, a split crosses at most one level of nodes (${cs} ` +
        'orders); split in steps, each to at least the order rounded down to ' +
        `a multiple of ${cs}, minus ${cs}.`,
    );
  }
}

/**
 * Proof that the XArray's lock is held (the kernel's `xa_lock`), and the
 * only way to reach the operations whose results mean something only while
 * the tree cannot change: orders, marks, multi-index stores, splits, and the
 * cursor. It also offers the plain operations without re-locking.
 *
 * Release it with `unlock()`, or write `using g = xa.lock()`.
 */
export class Guard<T extends {}> extends LockScoped implements Disposable {
  /** The array whose lock this guard holds. */
  readonly xarray: XArray<T>;
  /** @internal */
  _released: boolean;
  /** @internal */
  readonly _tree: Tree;

  /** Made by `XArray.lock()`; do not construct guards yourself. Locking: Takes no lock itself. */
  constructor(xarray: XArray<T>, tree: Tree) {
    super();
    this.xarray = xarray;
    this._tree = tree;
    this._released = false;
  }

  /**
   * True once released. Locking: Needs no lock (readable after release).
   */
  get released(): boolean {
    return this._released;
  }

  /**
   * Releases the lock. Locking: Requires a Guard (this one, still held).
   * @throws GuardReleasedError if already released.
   */
  unlock(): void {
    if (this._released) throw releasedError('guard.unlock()');
    this._release();
  }

  /**
   * Releases the lock if still held (called at the end of a `using` block;
   * idempotent). Locking: Requires a Guard, or none once released.
   */
  [Symbol.dispose](): void {
    if (!this._released) this._release();
  }

  /** @internal */
  _release(): void {
    this._released = true;
    this.xarray._unlocked(this);
  }

  private held(what: string): Tree {
    if (this._released) throw releasedError(`guard.${what}()`);
    return this._tree;
  }

  /**
   * The entry at `index` (xa_load). Locking: Requires a Guard.
   * @returns the entry, or undefined if absent or reserved.
   * @throws InvalidIndexError, GuardReleasedError.
   */
  load(index: number): T | undefined {
    const tree = this.held('load');
    if (index >>> 0 !== index) checkIndex(index, 'index');
    return tree.load(index) as T | undefined;
  }

  /**
   * Stores `entry` at `index` (__xa_store); null erases (reserves in an
   * allocating array). Storing into one index of a multi-index entry
   * replaces the whole entry. Locking: Requires a Guard.
   * @returns the previous entry (undefined if absent or reserved).
   * @throws InvalidIndexError, InvalidEntryError, GuardReleasedError.
   */
  store(index: number, entry: T | null | undefined): T | undefined {
    const tree = this.held('store');
    checkIndex(index, 'index');
    return tree.store(index, toEntry(entry)) as T | undefined;
  }

  /**
   * Makes every index in [first, last] load `entry` (xa_store_range); null
   * clears the range. Locking: Requires a Guard.
   * @throws InvalidIndexError (also if last < first), InvalidEntryError, GuardReleasedError.
   */
  storeRange(first: number, last: number, entry: T | null | undefined): void {
    const tree = this.held('storeRange');
    checkRange(first, last);
    tree.storeRange(first, last, toEntry(entry));
  }

  /**
   * Removes the entry at `index`, a multi-index entry entirely (__xa_erase).
   * Locking: Requires a Guard.
   * @returns the removed entry, or undefined.
   * @throws InvalidIndexError, GuardReleasedError.
   */
  erase(index: number): T | undefined {
    const tree = this.held('erase');
    checkIndex(index, 'index');
    return tree.erase(index) as T | undefined;
  }

  /**
   * Stores `entry` only if `index` is empty (__xa_insert); null reserves.
   * Locking: Requires a Guard.
   * @returns true if stored, false if occupied (EBUSY), reserved slots included.
   * @throws InvalidIndexError, InvalidEntryError, GuardReleasedError.
   */
  insert(index: number, entry: T | null | undefined): boolean {
    const tree = this.held('insert');
    checkIndex(index, 'index');
    return tree.insert(index, toEntry(entry));
  }

  /**
   * Stores `entry` if the slot holds `old` (__xa_cmpxchg; compared with
   * SameValueZero; a reserved slot does not equal null). Locking: Requires a Guard.
   * @returns the entry that was there (reserved reads as undefined); success iff it equals `old`.
   * @throws InvalidIndexError, InvalidEntryError, GuardReleasedError.
   */
  cmpxchg(
    index: number,
    old: T | null | undefined,
    entry: T | null | undefined,
  ): T | undefined {
    const tree = this.held('cmpxchg');
    checkIndex(index, 'index');
    return tree.cmpxchg(index, old ?? undefined, toEntry(entry)) as
      T | undefined;
  }

  /**
   * Reserves an empty index (__xa_reserve): it reads as absent but is
   * occupied. Does nothing if present. Locking: Requires a Guard.
   * @throws InvalidIndexError, GuardReleasedError.
   */
  reserve(index: number): void {
    const tree = this.held('reserve');
    checkIndex(index, 'index');
    tree.reserve(index);
  }

  /**
   * Frees a reserved index (__xa_release); does nothing if something was
   * stored there. Locking: Requires a Guard.
   * @throws InvalidIndexError, GuardReleasedError.
   */
  release(index: number): void {
    const tree = this.held('release');
    checkIndex(index, 'index');
    tree.release(index);
  }

  /**
   * Stores `entry` at the lowest free id in `limit` (__xa_alloc); null
   * reserves the id. Locking: Requires a Guard.
   * @returns the id, or undefined if no id in the limit is free (EBUSY).
   * @throws NotAllocatingError, InvalidLimitError, InvalidEntryError, GuardReleasedError.
   */
  alloc(entry: T | null | undefined, limit?: AllocLimit): number | undefined {
    const tree = this.held('alloc');
    const [min, max] = toLimit(tree, limit);
    const id = tree.alloc(toEntry(entry), min, max);
    return id < 0 ? undefined : id;
  }

  /**
   * Allocates cyclically (__xa_alloc_cyclic): from max(min, next), then from
   * min. Without `next`, uses and updates the array's own cursor.
   * Locking: Requires a Guard.
   * @returns { id, next, wrapped }, or undefined if no id is free (EBUSY).
   * @throws NotAllocatingError, InvalidLimitError, InvalidEntryError, GuardReleasedError.
   */
  allocCyclic(
    entry: T | null | undefined,
    limit?: AllocLimit,
    next?: number,
  ): AllocCyclicResult | undefined {
    return allocCyclic(this.held('allocCyclic'), entry, limit, next);
  }

  /**
   * The first entry matching `filter` in [start, max] (xa_find). Inside a
   * multi-index entry the index is `start` (present filter) or may be the
   * entry's first index (mark filter), as in the kernel. Reserved entries are
   * skipped. Locking: Requires a Guard.
   * @returns { index, entry }, or undefined.
   * @throws InvalidIndexError, InvalidMarkError, GuardReleasedError.
   */
  find(
    start = 0,
    max = MAX_INDEX,
    filter: Filter = 'present',
  ): Found<T> | undefined {
    return find(this.held('find'), start, max, filter);
  }

  /**
   * The first entry matching `filter` after the entry covering `index`, up
   * to `max` (xa_find_after); never one covering `index`.
   * Locking: Requires a Guard.
   * @returns { index, entry }, or undefined.
   * @throws InvalidIndexError, InvalidMarkError, GuardReleasedError.
   */
  findAfter(
    index: number,
    max = MAX_INDEX,
    filter: Filter = 'present',
  ): Found<T> | undefined {
    return findAfter(this.held('findAfter'), index, max, filter);
  }

  /**
   * Like `find`, without allocating. Locking: Requires a Guard.
   * @returns the index, or -1 if none.
   * @throws InvalidIndexError, InvalidMarkError, GuardReleasedError.
   */
  findIndex(start = 0, max = MAX_INDEX, filter: Filter = 'present'): number {
    return findIndex(this.held('findIndex'), start, max, filter);
  }

  /**
   * Up to `n` entries matching `filter` in [start, max] (xa_extract), each
   * multi-index entry once, reserved entries skipped. Locking: Requires a Guard.
   * @throws InvalidIndexError, InvalidMarkError, GuardReleasedError.
   */
  extract(
    start: number,
    max: number,
    n: number,
    filter: Filter = 'present',
  ): T[] {
    return extract(this.held('extract'), start, max, n, filter);
  }

  /**
   * Iterates [index, entry] pairs (xa_for_each_range / _marked). Every step
   * throws GuardReleasedError once the guard is released.
   * Locking: Requires a Guard.
   * @throws InvalidIndexError, InvalidMarkError, GuardReleasedError.
   */
  entries(options?: IterateOptions): IterableIterator<[number, T]> {
    return new EntryIterator(this.held('entries'), options, 0, this);
  }

  /**
   * Iterates indices, as `entries`. Locking: Requires a Guard.
   * @throws InvalidIndexError, InvalidMarkError, GuardReleasedError.
   */
  keys(options?: IterateOptions): IterableIterator<number> {
    return new EntryIterator(this.held('keys'), options, 1, this);
  }

  /**
   * Iterates entries, as `entries`. Locking: Requires a Guard.
   * @throws InvalidIndexError, InvalidMarkError, GuardReleasedError.
   */
  values(options?: IterateOptions): IterableIterator<T> {
    return new EntryIterator(this.held('values'), options, 2, this);
  }

  /**
   * True iff nothing is stored, reserved entries counting as something
   * (xa_empty). Locking: Requires a Guard.
   * @throws GuardReleasedError.
   */
  isEmpty(): boolean {
    return this.held('isEmpty').head === undefined;
  }

  /**
   * The order of the entry at `index`: k for an entry covering 2^k indices,
   * 0 if absent (xa_get_order). Locking: Requires a Guard, because the order
   * is stale as soon as the lock is dropped.
   * @throws InvalidIndexError, GuardReleasedError.
   */
  getOrder(index: number): number {
    const tree = this.held('getOrder');
    if (index >>> 0 !== index) checkIndex(index, 'index');
    return tree.getOrder(index);
  }

  /**
   * Whether the entry at `index` carries `mark` (xa_get_mark).
   * Locking: Requires a Guard.
   * @throws InvalidIndexError, InvalidMarkError, GuardReleasedError.
   */
  getMark(index: number, mark: Mark): boolean {
    const tree = this.held('getMark');
    if (index >>> 0 !== index) checkIndex(index, 'index');
    return tree.getMark(index, toMark(tree, mark));
  }

  /**
   * Sets `mark` on the entry at `index` (a whole multi-index entry); absent
   * indices are ignored (__xa_set_mark). Locking: Requires a Guard.
   * @throws InvalidIndexError, InvalidMarkError, GuardReleasedError.
   */
  setMark(index: number, mark: Mark): void {
    const tree = this.held('setMark');
    if (index >>> 0 !== index) checkIndex(index, 'index');
    tree.setMark(index, toMark(tree, mark));
  }

  /**
   * Clears `mark` on the entry at `index` (__xa_clear_mark).
   * Locking: Requires a Guard.
   * @throws InvalidIndexError, InvalidMarkError, GuardReleasedError.
   */
  clearMark(index: number, mark: Mark): void {
    const tree = this.held('clearMark');
    if (index >>> 0 !== index) checkIndex(index, 'index');
    tree.clearMark(index, toMark(tree, mark));
  }

  /**
   * Whether any entry carries `mark` (xa_marked). Locking: Requires a Guard.
   * @throws InvalidMarkError, GuardReleasedError.
   */
  marked(mark: Mark): boolean {
    const tree = this.held('marked');
    return (tree.markFlags & (1 << toMark(tree, mark))) !== 0;
  }

  /**
   * Stores `entry` as one entry of order `order` covering `index` rounded
   * down to a multiple of 2^order (XA_STATE_ORDER + xas_store); null erases
   * the range. The new entry gets the union of the marks it covers.
   * Locking: Requires a Guard.
   * @returns what `load` gave at the rounded index before the store.
   * @throws InvalidIndexError, InvalidOrderError (not 0..53), InvalidEntryError, GuardReleasedError.
   */
  storeOrder(
    index: number,
    order: number,
    entry: T | null | undefined,
  ): T | undefined {
    const tree = this.held('storeOrder');
    checkIndex(index, 'index');
    checkOrder(order, MAX_ORDER);
    return tree.storeOrder(index, order, toEntry(entry)) as T | undefined;
  }

  /**
   * Splits the multi-index entry covering `index` into entries of `order`,
   * each the same entry with the same marks (xas_split_alloc + xas_split).
   * Does nothing if `index` is empty. Locking: Requires a Guard.
   * @throws InvalidOrderError if `order` is not below the entry's order, or
   * the split would cross more than one level of nodes (the kernel cannot);
   * InvalidIndexError; GuardReleasedError.
   */
  split(index: number, order: number): void {
    const tree = this.held('split');
    checkIndex(index, 'index');
    checkOrder(order, MAX_ORDER);
    const entry = tree.load(index);
    const old = tree.getOrder(index);
    if (entry === undefined && old === 0) return;
    checkSplit(old, order, tree.cs);
    const xas = new State(tree, index);
    const raw = xas.load();
    xas.setOrder(index, order);
    xas.split(raw, old);
  }

  /**
   * An advanced-API cursor (xa_state) at `index` (rounded down to 2^order).
   * It throws GuardReleasedError once this guard is released.
   * Locking: Requires a Guard.
   * @throws InvalidIndexError, InvalidOrderError, GuardReleasedError.
   */
  cursor(index = 0, order = 0): Cursor<T> {
    const tree = this.held('cursor');
    checkIndex(index, 'index');
    checkOrder(order, MAX_ORDER);
    const c = new Cursor<T>(this, tree);
    c._xas.setOrder(index, order);
    return c;
  }
}

/** Throws InvalidIndexError unless first and last are indices with first <= last. */
export function checkRange(first: unknown, last: unknown): void {
  checkIndex(first, 'first');
  checkIndex(last, 'last');
  if (last < first) {
    throw new InvalidIndexError(
      `Invalid range [${first}, ${last}]: last must be at least first.`,
    );
  }
}

/** Shared body of `allocCyclic` on XArray and Guard. */
export function allocCyclic(
  tree: Tree,
  entry: unknown,
  limit: unknown,
  next: unknown,
): AllocCyclicResult | undefined {
  const [min, max] = toLimit(tree, limit);
  let from = tree.nextId;
  if (next !== undefined) {
    checkU32(next, 'next');
    from = next;
  }
  const r = tree.allocCyclic(toEntry(entry), min, max, from);
  if (r !== undefined && next === undefined) tree.nextId = r.next;
  return r;
}

/** Shared body of `find`. */
export function find<T>(
  tree: Tree,
  start: unknown,
  max: unknown,
  filter: unknown,
): Found<T> | undefined {
  checkIndex(start, 'start');
  checkIndex(max, 'max');
  const e = tree.find(start, max, toFilter(tree, filter));
  return e === undefined
    ? undefined
    : { index: tree.foundIndex, entry: e as T };
}

/** Shared body of `findAfter`. */
export function findAfter<T>(
  tree: Tree,
  index: unknown,
  max: unknown,
  filter: unknown,
): Found<T> | undefined {
  checkIndex(index, 'index');
  checkIndex(max, 'max');
  const e = tree.findAfter(index, max, toFilter(tree, filter));
  return e === undefined
    ? undefined
    : { index: tree.foundIndex, entry: e as T };
}

/** Shared body of `findIndex`. */
export function findIndex(
  tree: Tree,
  start: unknown,
  max: unknown,
  filter: unknown,
): number {
  checkIndex(start, 'start');
  checkIndex(max, 'max');
  return tree.find(start, max, toFilter(tree, filter)) === undefined
    ? -1
    : tree.foundIndex;
}

/** Shared body of `extract`. */
export function extract<T>(
  tree: Tree,
  start: unknown,
  max: unknown,
  n: unknown,
  filter: unknown,
): T[] {
  checkIndex(start, 'start');
  checkIndex(max, 'max');
  checkCount(n, 'n');
  return tree.extract(start, max, n, toFilter(tree, filter)) as T[];
}

const STATUS = ['node', 'head', 'restart', 'bounds', 'error'] as const;

/** A TypeError naming `what` unless `fn` is a function (as Array.prototype.forEach). */
function checkCallback(fn: unknown, what: string): void {
  if (typeof fn !== 'function') {
    throw new TypeError(
      `${what}: the callback must be a function, got ${describe(fn)}`,
    );
  }
}

/**
 * The advanced API's walk state (the kernel's `xa_state`), made by
 * `guard.cursor()`. It keeps a position in the tree between calls, so
 * walking with `next()` / `find()` costs O(1) per step. Every member throws
 * GuardReleasedError once its guard is released. If the array changes
 * through anything but this cursor, the cursor walks again from the head
 * at its index before its next step, as after the kernel's `xas_reset`.
 */
export class Cursor<T extends {}> extends LockScoped {
  /** @internal */
  readonly _guard: Guard<T>;
  /** @internal */
  readonly _xas: State;
  private readonly tree: Tree;
  private version: number;
  private raw: unknown;
  /** Calls of `use` that may move the cursor: `forEach` sees from it that `fn` did. */
  private uses: number;

  /** Made by `Guard.cursor()`; do not construct cursors yourself. Locking: Requires a Guard. */
  constructor(guard: Guard<T>, tree: Tree) {
    super();
    this._guard = guard;
    this.tree = tree;
    this._xas = new State(tree, 0, true);
    this.version = tree.version;
    this.raw = undefined;
    this.uses = 0;
  }

  /**
   * The state, checked and brought up to date for `what`; `moves` is false
   * for the members that only read where the cursor is and what is there.
   */
  private use(what: string, moves = true): State {
    if (this._guard._released) throw releasedError(`cursor.${what}`);
    if (moves) this.uses = (this.uses + 1) | 0;
    const xas = this._xas;
    if (this.version !== this.tree.version && xas.st <= S_HEAD) {
      xas.st = S_RESTART;
      xas.node = null;
      xas.load();
    } else if (xas.st === S_NODE && xas.offset >= this.tree.size) {
      xas.st = S_RESTART;
      xas.node = null;
    }
    return xas;
  }

  private done<R>(r: R): R {
    this.version = this.tree.version;
    return r;
  }

  /** The current index (xa_index). Locking: Requires a Guard. @throws GuardReleasedError. */
  get index(): number {
    return this.use('index', false).index;
  }

  /** The order of the operation (set with setOrder / setRange). Locking: Requires a Guard. @throws GuardReleasedError. */
  get order(): number {
    return this.use('order', false).order();
  }

  /**
   * Where the cursor is: 'node' (in a node), 'head' (at the head),
   * 'restart' (not walked), 'bounds' (walked off the tree), 'error'.
   * Locking: Requires a Guard. @throws GuardReleasedError.
   */
  get status(): 'restart' | 'bounds' | 'node' | 'head' | 'error' {
    return STATUS[this.use('status', false).st]!;
  }

  /** The recorded error name (e.g. 'EBUSY'), or undefined. Locking: Requires a Guard. @throws GuardReleasedError. */
  get error(): string | undefined {
    const xas = this.use('error', false);
    return xas.st === S_ERROR ? xas.err : undefined;
  }

  /** Moves to `index`, not walked, keeping the order (xas_set). Locking: Requires a Guard. @throws InvalidIndexError, GuardReleasedError. */
  set(index: number): void {
    const xas = this.use('set()');
    checkIndex(index, 'index');
    xas.index = index;
    xas.st = S_RESTART;
    xas.node = null;
    xas.err = undefined;
    this.done(undefined);
  }

  /**
   * Targets the aligned range of 2^order indices containing `index`
   * (xas_set_order). Locking: Requires a Guard.
   * @throws InvalidIndexError, InvalidOrderError (not 0..53), GuardReleasedError.
   */
  setOrder(index: number, order: number): void {
    const xas = this.use('setOrder()');
    checkIndex(index, 'index');
    checkOrder(order, MAX_ORDER);
    xas.setOrder(index, order);
    this.done(undefined);
  }

  /**
   * Targets the largest aligned range starting at `first` that ends at or
   * before `last`. Locking: Requires a Guard.
   * @throws InvalidIndexError (also if last < first), GuardReleasedError.
   */
  setRange(first: number, last: number): void {
    const xas = this.use('setRange()');
    checkRange(first, last);
    let order = 0;
    while (
      order < MAX_ORDER &&
      first % 2 ** (order + 1) === 0 &&
      first + 2 ** (order + 1) - 1 <= last
    ) {
      order++;
    }
    xas.setOrder(first, order);
    this.done(undefined);
  }

  /** Back to 'restart', clearing any error (xas_reset). Locking: Requires a Guard. @throws GuardReleasedError. */
  reset(): void {
    const xas = this.use('reset()');
    xas.st = S_RESTART;
    xas.node = null;
    xas.err = undefined;
    this.done(undefined);
  }

  private out(raw: unknown): T | undefined {
    this.raw = raw;
    return this.done(userEntry(raw) as T | undefined);
  }

  /**
   * Walks to the index and returns its entry (xas_load); with an order, stops
   * at that order's level. Locking: Requires a Guard.
   * @returns the entry, or undefined (absent, reserved, or a subtree at this order's level).
   * @throws GuardReleasedError.
   */
  load(): T | undefined {
    return this.out(this.use('load()').load());
  }

  /** Re-reads the slot of a walked cursor (xas_reload). Locking: Requires a Guard. @throws GuardReleasedError. */
  reload(): T | undefined {
    const xas = this.use('reload()');
    return this.out(xas.st <= S_HEAD ? xas.reload() : xas.load());
  }

  /**
   * Stores `entry` over the cursor's index and order (xas_store); null
   * erases, also in allocating arrays. Locking: Requires a Guard.
   * @returns the previous entry (meaningless for multi-index stores).
   * @throws InvalidEntryError, GuardReleasedError.
   */
  store(entry: T | null | undefined): T | undefined {
    const xas = this.use('store()');
    const e = toEntry(entry);
    const old = xas.store(e);
    if (this.tree.trackFree && e !== undefined) xas.clearMarkHere(FREE_MARK);
    return this.out(old);
  }

  private step(raw: unknown): T | undefined {
    const xas = this._xas;
    if (raw instanceof Internal && raw.kind === SIBLING && xas.node !== null) {
      raw = slotAt(xas.node, raw.sib);
    }
    return this.out(raw);
  }

  /**
   * Moves to index + 1 (MAX_INDEX wraps to 0) and returns the entry there
   * (xas_next; inside a multi-index entry, that entry). Locking: Requires a Guard.
   * @throws GuardReleasedError.
   */
  next(): T | undefined {
    return this.step(this.use('next()').next());
  }

  /**
   * Moves to index - 1 (0 wraps to MAX_INDEX) and returns the entry there
   * (xas_prev). Locking: Requires a Guard.
   * @throws GuardReleasedError.
   */
  prev(): T | undefined {
    return this.step(this.use('prev()').prev());
  }

  /**
   * The next present entry up to `max` (xas_find): the one at the index if
   * not walked yet, else the one after the current entry. Reserved entries
   * are skipped. Locking: Requires a Guard.
   * @returns the entry (its index is `cursor.index`), or undefined.
   * @throws InvalidIndexError, GuardReleasedError.
   */
  find(max: number = MAX_INDEX): T | undefined {
    const xas = this.use('find()');
    checkIndex(max, 'max');
    let e: unknown;
    do e = xas.find(max);
    while (e === ZERO);
    return this.out(e);
  }

  /**
   * The next entry carrying `mark` up to `max` (xas_find_marked), skipping
   * unmarked subtrees. Reserved entries are skipped. Locking: Requires a Guard.
   * @throws InvalidIndexError, InvalidMarkError, GuardReleasedError.
   */
  findMarked(max: number, mark: Mark): T | undefined {
    const xas = this.use('findMarked()');
    checkIndex(max, 'max');
    const m = toMark(this.tree, mark);
    let e: unknown;
    do e = xas.findMarked(max, m);
    while (e === ZERO);
    return this.out(e);
  }

  /**
   * Calls `fn(entry, index)` for each present entry from the cursor on, up
   * to `max`, in index order (xas_for_each): the first is what `find(max)`
   * would return, each next one what the next `find(max)` would, and the
   * cursor is where that `find` leaves it (so `fn` may read `cursor.index`,
   * store through the cursor, or use the guard: the next step sees the
   * change). Returning `false` from `fn` stops the walk. Reserved entries
   * are skipped. Within a leaf it steps slot by slot without the per-call
   * checks of `find`. Locking: Requires a Guard.
   * @returns how many entries `fn` was called with.
   * @throws InvalidIndexError, GuardReleasedError (also if `fn` releases
   * the guard and the walk goes on); TypeError if `fn` is not a function;
   * whatever `fn` throws.
   */
  forEach(
    fn: (entry: T, index: number) => unknown,
    max: number = MAX_INDEX,
  ): number {
    this.use('forEach()');
    checkCallback(fn, 'cursor.forEach()');
    checkIndex(max, 'max');
    const tree = this.tree;
    const xas = this._xas;
    const last = tree.mask;
    let count = 0;
    let first = this.find(max);
    for (;;) {
      if (first === undefined) return count;
      count++;
      if (fn(first, xas.index) === false) return count;
      // The rest of a full leaf, while nothing but this loop moves the
      // cursor or changes the array.
      const base = xas.leafStart();
      const version = tree.version;
      const guard = this._guard;
      if (base < 0 || this.version !== version || guard._released) {
        first = this.find(max);
        continue;
      }
      const node = xas.node!;
      const slots = node.slots;
      const offset = xas.offset;
      const uses = this.uses;
      // Slot o of the leaf is index base + o; stop at the leaf's end or max.
      const end = max - base < last ? max - base : last;
      let o = offset + 1;
      for (; o <= end; o++) {
        const e = slots[o];
        if (e === undefined) continue;
        // A sibling or a reserved entry: the general step knows what to do.
        if (e instanceof Internal) break;
        // `raw` keeps the entry `first` put there: a user entry, as `e` is.
        xas.offset = o;
        xas.index = base + o;
        count++;
        if (fn(e as T, base + o) === false) return count;
        // Anything `fn` did through the cursor or the array, or a released
        // guard: the general step takes it from there (or throws).
        if (this.uses !== uses || tree.version !== version || guard._released) {
          break;
        }
      }
      // At the leaf's end, unchanged: the next leaf's first entry, if the
      // step there is plain (the cursor moves there as `find` would).
      const next =
        o > end ? nextLeafEntry(xas, node, o, base, max, PRESENT) : DONE;
      first = next === DONE ? this.find(max) : (next as T);
    }
  }

  /**
   * Calls `fn(entry, index)` for each entry carrying `mark` from the cursor
   * on, up to `max`, in index order (xas_for_each_marked): each is what the
   * next `findMarked(max, mark)` would return, with the cursor where that
   * leaves it, so `fn` may use the cursor and the guard as in `forEach`.
   * Returning `false` from `fn` stops the walk. Within a leaf it steps from
   * marked slot to marked slot by the leaf's bitmap, without the per-call
   * checks of `findMarked`. Locking: Requires a Guard.
   * @returns how many entries `fn` was called with.
   * @throws InvalidIndexError, InvalidMarkError, GuardReleasedError;
   * TypeError if `fn` is not a function; whatever `fn` throws.
   */
  forEachMarked(
    mark: Mark,
    fn: (entry: T, index: number) => unknown,
    max: number = MAX_INDEX,
  ): number {
    this.use('forEachMarked()');
    checkCallback(fn, 'cursor.forEachMarked()');
    checkIndex(max, 'max');
    const tree = this.tree;
    const m = toMark(tree, mark);
    const xas = this._xas;
    const size = tree.size;
    const last = tree.mask;
    let count = 0;
    let first = this.findMarked(max, mark);
    for (;;) {
      if (first === undefined) return count;
      count++;
      if (fn(first, xas.index) === false) return count;
      // The rest of a full leaf, as in `forEach`, while nothing but this
      // loop moves the cursor or changes the array. (One loop shared by
      // both methods measured 17-65 % slower per entry: its call of `fn`
      // sees the callbacks of both, and it tests which walk on every slot.)
      const base = xas.leafStart();
      const version = tree.version;
      const guard = this._guard;
      if (base < 0 || this.version !== version || guard._released) {
        first = this.findMarked(max, mark);
        continue;
      }
      const node = xas.node!;
      const slots = node.slots;
      const uses = this.uses;
      const end = max - base < last ? max - base : last;
      let o = nextMarked(node, m, xas.offset + 1, size);
      for (; o <= end; o = nextMarked(node, m, o + 1, size)) {
        const e = slots[o];
        // A reserved entry (or a free slot): the general step skips it.
        if (e === undefined || e instanceof Internal) break;
        xas.offset = o;
        xas.index = base + o;
        count++;
        if (fn(e as T, base + o) === false) return count;
        if (this.uses !== uses || tree.version !== version || guard._released) {
          break;
        }
      }
      // At the leaf's end, unchanged: as in `forEach`.
      const next = o > end ? nextLeafEntry(xas, node, o, base, max, m) : DONE;
      first = next === DONE ? this.findMarked(max, mark) : (next as T);
    }
  }

  /**
   * The next present entry overlapping the cursor's range, a larger
   * covering entry first (xas_find_conflict). When it returns undefined the
   * cursor is back at the start of the range, ready to `store`. Reserved
   * entries are skipped. Locking: Requires a Guard.
   * @throws GuardReleasedError.
   */
  findConflict(): T | undefined {
    const xas = this.use('findConflict()');
    let e: unknown;
    do e = xas.findConflict();
    while (e === ZERO);
    return this.out(e);
  }

  /**
   * Moves to `index` without a walk (xas_advance), normally the last index
   * of the current entry, so the next find skips the rest of it.
   * Locking: Requires a Guard.
   * @throws InvalidIndexError, GuardReleasedError.
   */
  advance(index: number): void {
    const xas = this.use('advance()');
    checkIndex(index, 'index');
    xas.advance(index);
    this.done(undefined);
  }

  /**
   * Prepares to resume after the current entry once the lock has been
   * dropped and retaken (xas_pause). Locking: Requires a Guard.
   * @throws GuardReleasedError.
   */
  pause(): void {
    this.use('pause()').pause();
    this.done(undefined);
  }

  /**
   * Whether the entry at the cursor carries `mark` (xas_get_mark).
   * Locking: Requires a Guard.
   * @throws InvalidMarkError, GuardReleasedError.
   */
  getMark(mark: Mark): boolean {
    const xas = this.use('getMark()', false);
    return this.done(xas.getMarkHere(toMark(this.tree, mark)));
  }

  /**
   * Sets `mark` on the entry at the cursor (xas_set_mark); does nothing on
   * an empty slot. Locking: Requires a Guard.
   * @throws InvalidMarkError, GuardReleasedError.
   */
  setMark(mark: Mark): void {
    const xas = this.use('setMark()');
    const m = toMark(this.tree, mark);
    if (xas.st <= S_HEAD && xas.reload() !== undefined) {
      this.tree.version++;
      xas.setMarkHere(m);
    }
    this.done(undefined);
  }

  /**
   * Clears `mark` on the entry at the cursor (xas_clear_mark).
   * Locking: Requires a Guard.
   * @throws InvalidMarkError, GuardReleasedError.
   */
  clearMark(mark: Mark): void {
    const xas = this.use('clearMark()');
    const m = toMark(this.tree, mark);
    this.tree.version++;
    xas.clearMarkHere(m);
    this.done(undefined);
  }

  /**
   * Resets the marks at the cursor to their defaults (xas_init_marks): all
   * clear (and free in allocating arrays for an empty slot).
   * Locking: Requires a Guard.
   * @throws GuardReleasedError.
   */
  initMarks(): void {
    const xas = this.use('initMarks()');
    if (xas.st <= S_HEAD) {
      this.tree.version++;
      if (xas.reload() !== undefined) {
        for (let m = 0; m < 3; m++)
          if (!(this.tree.trackFree && m === FREE_MARK)) xas.clearMarkHere(m);
      } else {
        xas.initMarks();
      }
    }
    this.done(undefined);
  }

  /**
   * Whether the slot last returned by load, reload, next or prev holds a
   * reserved entry (which reads as undefined). Locking: Requires a Guard.
   * @throws GuardReleasedError.
   */
  isReserved(): boolean {
    this.use('isReserved()', false);
    return this.raw === ZERO;
  }
}
