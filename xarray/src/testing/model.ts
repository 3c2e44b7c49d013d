/**
 * A naive reference model of the XArray, for randomised testing.
 *
 * It keeps the array as a `Map` from an entry's first index to the entry's
 * span, value, marks and whether it is a reserved slot, and answers every
 * question by scanning that map. It is slow on purpose: every rule below is
 * stated in terms of spans, so it can be checked by reading it against
 * `../shared/spec/xarray-reference.md` (§1.4, §1.6, §6.5, §6.8, §6.9) and it is
 * itself replayed against the kernel traces in the tests.
 *
 * Node geometry shows through the public API in only three places, and the
 * model computes each from the chunk shift and nothing else:
 * - the pieces `storeRange` cuts a range into (§1.6),
 * - the index `find` reports with a mark filter when it starts inside a
 *   multi-index entry (the kernel moves it to the entry's first index),
 * - whether an ALLOC1 array has nodes, which decides whether index 0 holds
 *   its reserved entry (§6.8).
 */

/** The largest index, 2^53 - 1. */
export const MODEL_MAX_INDEX = Number.MAX_SAFE_INTEGER;
/** The largest alloc id or limit, 2^32 - 1. */
export const MODEL_U32_MAX = 0xffffffff;

/** A mark number or the "any present entry" filter. */
export type ModelFilter = 0 | 1 | 2 | 'present';

/** One entry of the model: every index in [first, last] loads it. */
export interface ModelEntry<T> {
  first: number;
  last: number;
  /** The shift of the node level the entry lives at (a multiple of the chunk shift). */
  level: number;
  /** The stored value; `undefined` for a reserved slot. */
  value: T | undefined;
  reserved: boolean;
  /** Bit m set = mark m (user marks only; never the free mark). */
  marks: number;
}

/** A row of `dump()`, the same shape as the XArray's `DumpRow`. */
export interface ModelDumpRow<T> {
  index: number;
  /** `undefined` where the kernel's answer is not meaningful (a piece of `storeRange` whose size is not a power of two). */
  order: number | undefined;
  entry: T | undefined;
  reserved: boolean;
  marks: number;
}

/** Options of the model, mirroring `XArrayOptions`. */
export interface ModelOptions {
  alloc?: false | 0 | 1;
  chunkShift?: number;
}

/** The naive model. Arguments are assumed valid: the driver only sends valid ones. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the XArray's own entry type: any value but null and undefined
export class ModelXArray<T extends {}> {
  readonly chunkShift: number;
  readonly allocBase: 0 | 1 | undefined;
  /** first index → entry. */
  readonly entries = new Map<number, ModelEntry<T>>();
  /** ALLOC1 only: whether the kernel's tree has nodes (then index 0 is kept reserved). */
  private hasNodes = false;
  /**
   * ALLOC1 only, while the tree has no nodes: the kernel's free summary
   * (§6.8). Erasing the entry at the head (index 0), or the last entry of a
   * tree, sets it; then alloc may hand out index 0. Storing at the head,
   * shrinking back to an entry at index 0 and destroy clear it.
   */
  private zeroFree = false;
  /** The kernel's XA_FLAGS_ALLOC_WRAPPED. */
  private wrappedFlag = false;
  /** The array's own allocCyclic cursor. */
  next = 0;

  constructor(options: ModelOptions = {}) {
    this.chunkShift = options.chunkShift ?? 6;
    const alloc = options.alloc ?? false;
    this.allocBase = alloc === false ? undefined : alloc;
  }

  // ---------------------------------------------------------------- queries

  /** The entry covering `index`, if any. */
  entryAt(index: number): ModelEntry<T> | undefined {
    for (const e of this.entries.values()) {
      if (e.first <= index && index <= e.last) return e;
    }
    return undefined;
  }

  /** Entries in index order. */
  sorted(): ModelEntry<T>[] {
    return [...this.entries.values()].sort((x, y) => x.first - y.first);
  }

  /** Entries overlapping [first, last]. */
  overlapping(first: number, last: number): ModelEntry<T>[] {
    return [...this.entries.values()].filter(
      (e) => e.first <= last && e.last >= first,
    );
  }

  load(index: number): T | undefined {
    return this.entryAt(index)?.value;
  }

  isEmpty(): boolean {
    return this.entries.size === 0;
  }

  getOrder(index: number): number | undefined {
    const e = this.entryAt(index);
    return e === undefined ? 0 : orderOf(e);
  }

  getMark(index: number, mark: number): boolean {
    const e = this.entryAt(index);
    return e !== undefined && (e.marks & (1 << mark)) !== 0;
  }

  marked(mark: number): boolean {
    for (const e of this.entries.values()) {
      if (e.marks & (1 << mark)) return true;
    }
    return false;
  }

  private matches(e: ModelEntry<T>, filter: ModelFilter): boolean {
    if (e.reserved) return false; // the normal API skips reserved slots
    return filter === 'present' || (e.marks & (1 << filter)) !== 0;
  }

  find(
    start = 0,
    max = MODEL_MAX_INDEX,
    filter: ModelFilter = 'present',
  ): { index: number; entry: T } | undefined {
    if (start > max) return undefined;
    const covering = this.entryAt(start);
    if (covering !== undefined && this.matches(covering, filter)) {
      // With XA_PRESENT the kernel leaves the index where the search started.
      // With a mark filter it does too while `start` is in the entry's first
      // slot; from a later (sibling) slot it jumps back to the entry's first
      // index (the traces show the low bits cleared, not kept as the
      // reference's §1.6 suggests).
      const index =
        filter === 'present' || start - covering.first < 2 ** covering.level
          ? start
          : covering.first;
      return { index, entry: covering.value as T };
    }
    return this.firstFrom(start, max, filter);
  }

  /** The first matching entry that starts after `index` (and at or before `max`). */
  private firstFrom(
    index: number,
    max: number,
    filter: ModelFilter,
  ): { index: number; entry: T } | undefined {
    let best: ModelEntry<T> | undefined;
    for (const e of this.entries.values()) {
      if (e.first > index && e.first <= max && this.matches(e, filter)) {
        if (best === undefined || e.first < best.first) best = e;
      }
    }
    return best === undefined
      ? undefined
      : { index: best.first, entry: best.value as T };
  }

  findAfter(
    index: number,
    max = MODEL_MAX_INDEX,
    filter: ModelFilter = 'present',
  ): { index: number; entry: T } | undefined {
    if (index >= MODEL_MAX_INDEX) return undefined;
    return this.firstFrom(index, max, filter);
  }

  findIndex(
    start = 0,
    max = MODEL_MAX_INDEX,
    filter: ModelFilter = 'present',
  ): number {
    return this.find(start, max, filter)?.index ?? -1;
  }

  extract(
    start: number,
    max: number,
    n: number,
    filter: ModelFilter = 'present',
  ): T[] {
    const out: T[] = [];
    if (n === 0 || start > max) return out;
    for (const e of this.sorted()) {
      if (out.length >= n) break;
      if (e.last < start || e.first > max) continue;
      if (this.matches(e, filter)) out.push(e.value as T);
    }
    return out;
  }

  /** What `entries({start, last, filter})` yields: xa_find, then xa_find_after. */
  iterate(
    start = 0,
    last = MODEL_MAX_INDEX,
    filter: ModelFilter = 'present',
  ): [number, T][] {
    const out: [number, T][] = [];
    let found = this.find(start, last, filter);
    while (found !== undefined) {
      out.push([found.index, found.entry]);
      found = this.findAfter(found.index, last, filter);
    }
    return out;
  }

  dump(): ModelDumpRow<T>[] {
    return this.sorted().map((e) => ({
      index: e.first,
      order: orderOf(e),
      entry: e.value,
      reserved: e.reserved,
      marks: e.marks,
    }));
  }

  // -------------------------------------------------------------- mutations

  private add(
    first: number,
    last: number,
    level: number,
    value: T | undefined,
    marks = 0,
  ): ModelEntry<T> {
    const e: ModelEntry<T> = {
      first,
      last,
      level,
      value,
      reserved: value === undefined,
      marks,
    };
    this.entries.set(first, e);
    return e;
  }

  private remove(e: ModelEntry<T>): void {
    this.entries.delete(e.first);
  }

  /** Sets a slot's value in place (keeps span and marks), or creates an order-0 entry. */
  private put(index: number, value: T | undefined): void {
    const e = this.entryAt(index);
    if (e === undefined) {
      this.add(index, index, 0, value);
    } else {
      e.value = value;
      e.reserved = value === undefined;
    }
    this.grew();
  }

  /** ALLOC1: the first node materialises index 0 as a reserved entry. */
  private grew(): void {
    if (this.allocBase !== 1 || this.hasNodes) return;
    let needsNodes = false;
    for (const e of this.entries.values()) {
      if (e.first !== 0 || e.last !== 0 || e.reserved) needsNodes = true;
    }
    if (!needsNodes) {
      // A value stored at the head: the store clears the free summary.
      if (this.entries.size > 0) this.zeroFree = false;
      return;
    }
    this.hasNodes = true;
    if (this.entryAt(0) === undefined) this.add(0, 0, 0, undefined);
  }

  /** ALLOC1: after entries were removed the tree shrinks back to its head when only index 0 is left, and a reserved index 0 then vanishes. */
  private shrank(): void {
    if (this.allocBase !== 1) return;
    if (this.entries.size === 0) {
      // The erase set the free summary: at the head, or on its way up
      // before the emptied nodes were freed.
      this.hasNodes = false;
      this.zeroFree = true;
      return;
    }
    if (this.entries.size !== 1 || !this.hasNodes) return;
    const only = this.entryAt(0);
    if (only === undefined || only.last !== 0) return;
    // Index 0's slot is never free, so the summary is cleared.
    this.hasNodes = false;
    this.zeroFree = false;
    if (only.reserved) this.remove(only);
  }

  store(index: number, value: T | null | undefined): T | undefined {
    const old = this.load(index);
    if (value === null || value === undefined) {
      if (this.allocBase === undefined) {
        this.erase(index);
      } else {
        // Allocating arrays store a reserved entry: the id stays allocated.
        this.put(index, undefined);
      }
    } else {
      this.put(index, value);
    }
    return old;
  }

  erase(index: number): T | undefined {
    const e = this.entryAt(index);
    if (e === undefined) return undefined;
    this.remove(e);
    this.shrank();
    return e.value;
  }

  insert(index: number, value: T | null | undefined): boolean {
    if (this.entryAt(index) !== undefined) return false;
    this.put(index, value ?? undefined);
    return true;
  }

  cmpxchg(
    index: number,
    old: T | null | undefined,
    value: T | null | undefined,
  ): T | undefined {
    const e = this.entryAt(index);
    const current = e?.value;
    // The comparison is against the raw slot: a reserved slot equals neither
    // null nor any value, so cmpxchg never succeeds on it.
    const same =
      e === undefined
        ? old === null || old === undefined
        : !e.reserved && old !== null && old !== undefined && e.value === old;
    if (same) {
      if (value === null || value === undefined) {
        if (e !== undefined) {
          this.remove(e);
          this.shrank();
        }
      } else {
        this.put(index, value);
      }
    }
    return current;
  }

  reserve(index: number): void {
    if (this.entryAt(index) === undefined) this.put(index, undefined);
  }

  release(index: number): void {
    const e = this.entryAt(index);
    if (e !== undefined && e.reserved) {
      this.remove(e);
      this.shrank();
    }
  }

  /** Whether `id` can be handed out by alloc. */
  private isFree(id: number): boolean {
    if (this.entryAt(id) !== undefined) return false;
    // An ALLOC1 array without nodes offers index 0 only after an erase
    // set its free summary.
    if (this.allocBase === 1 && id === 0 && !this.hasNodes) {
      return this.zeroFree;
    }
    return true;
  }

  private lowestFree(min: number, max: number): number | undefined {
    if (min > max) return undefined;
    let candidate = min;
    for (;;) {
      if (candidate > max) return undefined;
      if (this.isFree(candidate)) return candidate;
      const e = this.entryAt(candidate);
      candidate = e === undefined ? candidate + 1 : e.last + 1;
    }
  }

  alloc(
    value: T | null | undefined,
    limit?: { min: number; max: number },
  ): number | undefined {
    const min = limit?.min ?? this.allocBase ?? 0;
    const max = limit?.max ?? MODEL_U32_MAX;
    const id = this.lowestFree(min, max);
    if (id === undefined) return undefined;
    this.put(id, value ?? undefined);
    return id;
  }

  allocCyclic(
    value: T | null | undefined,
    limit?: { min: number; max: number },
    next?: number,
  ): { id: number; next: number; wrapped: boolean } | undefined {
    const min = limit?.min ?? this.allocBase ?? 0;
    const max = limit?.max ?? MODEL_U32_MAX;
    const from = Math.max(min, next ?? this.next);
    let wrapped = false;
    let id = this.lowestFree(from, max);
    if (id !== undefined && this.wrappedFlag) {
      this.wrappedFlag = false;
      wrapped = true;
    }
    if (id === undefined && from > min) {
      id = this.lowestFree(min, max);
      if (id !== undefined) wrapped = true;
    }
    if (id === undefined) return undefined;
    this.put(id, value ?? undefined);
    let after = id + 1;
    if (after > MODEL_U32_MAX) {
      after = 0;
      this.wrappedFlag = true;
    }
    this.next = after;
    return { id, next: after, wrapped };
  }

  setMark(index: number, mark: number): void {
    const e = this.entryAt(index);
    if (e !== undefined) e.marks |= 1 << mark;
  }

  clearMark(index: number, mark: number): void {
    const e = this.entryAt(index);
    if (e !== undefined) e.marks &= ~(1 << mark);
  }

  destroy(): void {
    this.entries.clear();
    this.hasNodes = false;
    this.zeroFree = false;
  }

  /**
   * A multi-index store (`xas_store` under XA_STATE_ORDER). Returns what
   * `load` gave at the rounded-down index before the store.
   */
  storeOrder(
    index: number,
    order: number,
    value: T | null | undefined,
  ): T | undefined {
    const size = 2 ** order;
    const first = Math.floor(index / size) * size;
    const last = first + (size - 1);
    const old = this.load(first);
    const bigger = this.entryAt(first);
    if (bigger !== undefined && bigger.last - bigger.first > last - first) {
      // The range lies inside a larger entry: the whole larger entry is replaced or dissolved.
      if (value === null || value === undefined) {
        this.remove(bigger);
        this.shrank();
      } else {
        bigger.value = value;
        bigger.reserved = false;
      }
      return old;
    }
    const inside = this.overlapping(first, last);
    let marks = 0;
    for (const e of inside) {
      marks |= e.marks;
      this.remove(e);
    }
    if (value === null || value === undefined) {
      if (inside.length > 0) this.shrank();
    } else {
      this.add(first, last, order - (order % this.chunkShift), value, marks);
      this.grew();
    }
    return old;
  }

  /** Splits the entry covering `index` into entries of `order`, each with the entry's value and marks. */
  split(index: number, order: number): void {
    const e = this.entryAt(index);
    if (e === undefined) throw new Error(`model: split at ${index}: no entry`);
    const size = 2 ** order;
    this.remove(e);
    for (let first = e.first; first <= e.last; first += size) {
      this.add(
        first,
        first + (size - 1),
        order - (order % this.chunkShift),
        e.value,
        e.marks,
      ).reserved = e.reserved;
    }
  }

  /** `xa_store_range`: callers must not cut an existing entry in two. */
  storeRange(first: number, last: number, value: T | null | undefined): void {
    const inside = this.overlapping(first, last);
    for (const e of inside) this.remove(e);
    if (value === null || value === undefined) {
      if (inside.length > 0) this.shrank();
      return;
    }
    for (const piece of rangePieces(first, last, this.chunkShift)) {
      let marks = 0;
      for (const e of inside) {
        if (e.first >= piece.first && e.last <= piece.last) marks |= e.marks;
      }
      this.add(piece.first, piece.last, piece.level, value, marks);
    }
    this.grew();
  }
}

/** The order of an entry, or `undefined` if its size is not a power of two. */
export function orderOf(e: {
  first: number;
  last: number;
}): number | undefined {
  const size = e.last - e.first + 1;
  const order = Math.round(Math.log2(size));
  return 2 ** order === size ? order : undefined;
}

/**
 * How `xa_store_range` cuts [first, last] into entries: from `first`, at the
 * highest node level whose slot starts at `first` and fits in the range, the
 * longest run of whole slots that stays inside one node and inside the range.
 */
export function rangePieces(
  first: number,
  last: number,
  chunkShift: number,
): { first: number; last: number; level: number }[] {
  const pieces: { first: number; last: number; level: number }[] = [];
  const slots = 2 ** chunkShift;
  let at = first;
  while (at <= last) {
    let level = 0;
    for (let s = chunkShift; s <= 53; s += chunkShift) {
      const span = 2 ** s;
      if (at % span === 0 && span <= last - at + 1) level = s;
      else break;
    }
    const span = 2 ** level;
    const offset = Math.floor(at / span) % slots;
    const count = Math.min(slots - offset, Math.floor((last - at + 1) / span));
    const end = at + (count * span - 1);
    pieces.push({ first: at, last: end, level });
    if (end >= MODEL_MAX_INDEX) break;
    at = end + 1;
  }
  return pieces;
}
