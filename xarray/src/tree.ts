/**
 * The array itself (the kernel's `struct xarray`: head, flags, summary marks)
 * and the normal API's algorithms (lib/xarray.c's `xa_*` / `__xa_*`), on
 * arguments already validated by the `XArray` and `Guard` facades.
 */
import {
  FREE_MARK,
  MARK_COUNT,
  markPath,
  marksOf,
  nextMarked,
  unmarkPath,
} from './marks.js';
import {
  Internal,
  POW2,
  SIBLING,
  SMALL,
  Single,
  XNode,
  ZERO,
  denseAt,
  isSibling,
  offsetOf,
  roundDown,
  SIBLINGS,
  isPresent,
  makeFull,
  setSlot,
  slotAt,
} from './node.js';
import { MAX_INDEX, MAX_ORDER, U32_MAX } from './errors.js';
import { S_NODE, S_RESTART, State } from './state.js';

/** `leafBase` with no cached leaf: `index - NO_LEAF` is never below the chunk size. */
const NO_LEAF = -0x40000000;

/** A filter code: a mark 0..2, or PRESENT. */
export const PRESENT = -1;

/** A row of `dump()`. */
export interface RawRow {
  index: number;
  order: number;
  entry: unknown;
  marks: number;
}

/** SameValueZero: `===`, except that NaN equals NaN. */
function same(a: unknown, b: unknown): boolean {
  return a === b || (a !== a && b !== b);
}

/** The trailing zero bits of a positive integer below 2^64. */
function ffs(x: number): number {
  let n = 0;
  while (x >= 0x100000000 && x % 0x100000000 === 0) {
    x /= 0x100000000;
    n += 32;
  }
  const lo = (x % 0x100000000) | 0;
  return n + 31 - Math.clz32(lo & -lo);
}

/** Result of `allocCyclic`. */
export interface CyclicResult {
  id: number;
  next: number;
  wrapped: boolean;
}

/** The array: head, geometry, flags, and the normal API. */
export class Tree {
  /**
   * undefined (empty), a single entry at index 0, or the root node. Set it
   * only with `setHead`, which keeps `root` in step.
   */
  head: unknown;
  /**
   * The head when it is a node, else null: the walks test this field
   * rather than `head instanceof XNode`, which made the sparse loads
   * measurably slower at the top of the walk.
   */
  root: XNode | null;
  /** Chunk shift: a node has 2^cs slots. */
  readonly cs: number;
  /** Slots per node. */
  readonly size: number;
  /** size - 1. */
  readonly mask: number;
  /** A packed array of `size` undefined slots, copied into each new node. */
  readonly template: unknown[];
  /** XA_FLAGS_TRACK_FREE: an allocating array; mark 0 is the free mark. */
  readonly trackFree: boolean;
  /** XA_FLAGS_ZERO_BUSY: index 0 is never allocated (ALLOC1). */
  readonly zeroBusy: boolean;
  /** The per-mark summary bits: bit m set iff some entry carries mark m. */
  markFlags: number;
  /** XA_FLAGS_ALLOC_WRAPPED: the last cyclic allocation's `next` wrapped to 0. */
  wrapped: boolean;
  /** The array's own cyclic-allocation cursor, used when no `next` is given. */
  nextId: number;
  /** Bumped by every change, so cursors and iterators can tell their position went stale. */
  version: number;
  /** The index of the entry the last `find` / `findAfter` returned. */
  foundIndex: number;
  /** The leaf of the last load or store, or null; dropped by `relayout`. */
  private leaf: XNode | null;
  /** `leaf.slots` (a full leaf's slot array never changes). */
  private leafSlots: unknown[];
  /**
   * The index of `leaf`'s slot 0; NO_LEAF when no leaf is cached (a small
   * integer, so that the field keeps an integer representation).
   */
  private leafBase: number;
  /**
   * The leaf of the last `alloc` done by the bitmap walk, valid while
   * `version === hintVersion` (nothing changed since): no id in
   * [hintMin, hintBase + hintOff] is free.
   */
  private hintLeaf: XNode | null;
  private hintBase: number;
  private hintOff: number;
  private hintMin: number;
  private hintVersion: number;
  /** The state the normal API reuses (no allocation per call). */
  private readonly xas: State;

  constructor(chunkShift: number, alloc: false | 0 | 1) {
    this.head = undefined;
    this.root = null;
    this.cs = chunkShift;
    this.size = 1 << chunkShift;
    this.mask = this.size - 1;
    const template: unknown[] = [];
    for (let i = 0; i < this.size; i++) template.push(undefined);
    this.template = template;
    this.trackFree = alloc !== false;
    this.zeroBusy = alloc === 1;
    this.markFlags = alloc === 0 ? 1 << FREE_MARK : 0;
    this.wrapped = false;
    this.nextId = 0;
    this.version = 0;
    this.foundIndex = 0;
    this.leaf = null;
    this.leafSlots = template;
    this.leafBase = NO_LEAF;
    this.hintLeaf = null;
    this.hintBase = 0;
    this.hintOff = 0;
    this.hintMin = 0;
    this.hintVersion = -1;
    this.xas = new State(this, 0);
  }

  /** Makes `head` the head of the array (and `root`, if it is a node). */
  setHead(head: unknown): void {
    this.head = head;
    this.root = head instanceof XNode ? head : null;
  }

  /** xa_load: the entry at `index` (reserved entries read as undefined). */
  load(index: number): unknown {
    const d = index - this.leafBase;
    if (d >= 0 && d < this.size) {
      const v = this.leafSlots[d];
      return v instanceof Internal ? this.internal(this.leaf!, v) : v;
    }
    return this.loadWalk(index);
  }

  /**
   * `load` by a walk from the head, caching the leaf it ends in. Kept small
   * enough for the compiler to inline into `load` and its callers (a random
   * load measured about a sixth faster inlined): the step to the next leaf
   * and indices of 2^31 and above are in functions of their own.
   */
  private loadWalk(index: number): unknown {
    const d = index - this.leafBase - this.size;
    if (d >= 0 && d < this.size) return this.loadNext(index, d);
    const root = this.root;
    const cs = this.cs;
    if (root === null || index >= SMALL || root.shift + cs >= 31) {
      return this.loadFar(index);
    }
    // Every shift on the way is below 31: 32-bit offsets, and each child's
    // shift is its parent's minus the chunk shift.
    let sh = root.shift;
    if (index >>> (sh + cs) !== 0) return undefined;
    const mask = this.mask;
    let node = root;
    for (;;) {
      const off = (index >>> sh) & mask;
      const full = node.tpl === null;
      const v = full ? node.slots[off] : slotAt(node, off);
      if (v instanceof XNode) {
        node = v;
        sh -= cs;
        continue;
      }
      if (v instanceof Internal) return this.internal(node, v);
      if (v instanceof Single) return v.is(index) ? v.entry : undefined;
      if (sh === 0 && full) this.cacheLeaf(node, index - off);
      return v;
    }
  }

  /**
   * `load` of slot `d` of the leaf after the cached one: its parent's next
   * slot is that leaf, if there is one (sequential loads step there without
   * a walk).
   */
  private loadNext(index: number, d: number): unknown {
    const leaf = this.leaf!;
    const size = this.size;
    const p = leaf.parent;
    if (p !== null && p.tpl === null) {
      const off = leaf.offset + 1;
      const next = off < size ? p.slots[off] : undefined;
      if (next instanceof XNode && next.tpl === null) {
        this.cacheLeaf(next, index - d);
        const v = next.slots[d];
        return v instanceof Internal ? this.internal(next, v) : v;
      }
    }
    return this.loadFar(index);
  }

  /** `load` by the general walk from the head (any index, any tree). */
  private loadFar(index: number): unknown {
    const root = this.root;
    if (root === null) {
      const head = this.head;
      return index === 0 && head !== ZERO ? head : undefined;
    }
    let node = root;
    if (index >= POW2[node.shift + this.cs]!) return undefined;
    const mask = this.mask;
    for (;;) {
      const off = offsetOf(index, node.shift, mask);
      const full = node.tpl === null;
      const v = full ? node.slots[off] : slotAt(node, off);
      if (v instanceof XNode) node = v;
      else if (v instanceof Single) return v.is(index) ? v.entry : undefined;
      else if (v instanceof Internal) return this.internal(node, v);
      else {
        if (node.shift === 0 && full && index < SMALL) {
          this.cacheLeaf(node, index - off);
        }
        return v;
      }
    }
  }

  /**
   * What an internal entry `v` found in `node` loads as: a sibling's
   * canonical entry (a chain of siblings is followed to its end), or
   * undefined for a reserved entry.
   */
  private internal(node: XNode, v: Internal): unknown {
    if (v.kind !== SIBLING) return undefined;
    let e = node.tpl === null ? node.slots[v.sib] : slotAt(node, v.sib);
    while (e instanceof Internal && e.kind === SIBLING) e = slotAt(node, e.sib);
    return e instanceof Internal ? undefined : e;
  }

  /** True when the cached leaf is valid and holds `index`. */
  private cached(index: number): boolean {
    const d = index - this.leafBase;
    return d >= 0 && d < this.size;
  }

  /** Caches a full leaf (a packed one is never cached). */
  private cacheLeaf(leaf: XNode, base: number): void {
    this.leaf = leaf;
    this.leafSlots = leaf.slots;
    this.leafBase = base;
  }

  /**
   * Called whenever a node may leave the tree (deletion, shrink,
   * replacement, destroy): drops the cached leaf.
   */
  relayout(): void {
    this.leaf = null;
    this.leafSlots = this.template;
    this.leafBase = NO_LEAF;
  }

  /** xa_store: stores `entry` (undefined erases; reserves in allocating arrays); returns the old entry. */
  store(index: number, entry: unknown): unknown {
    if (entry !== undefined) {
      const d = index - this.leafBase;
      if (d >= 0 && d < this.size) {
        const leaf = this.leaf!;
        const old = leaf.slots[d];
        if (old !== undefined ? !(old instanceof Internal) : !this.trackFree) {
          this.version++;
          if (old === undefined) {
            leaf.count++;
            setSlot(leaf, d, entry);
          } else leaf.slots[d] = entry;
          return old;
        }
      }
    }
    const root = this.root;
    if (
      entry !== undefined &&
      root !== null &&
      index < POW2[root.shift + this.cs]!
    ) {
      const mask = this.mask;
      let node = root;
      let sh = node.shift;
      let off = offsetOf(index, sh, mask);
      let v = slotAt(node, off);
      while (sh !== 0 && v instanceof XNode) {
        node = v;
        sh = node.shift;
        off = offsetOf(index, sh, mask);
        v = slotAt(node, off);
      }
      if (sh === 0) {
        if (v !== undefined ? !(v instanceof Internal) : !this.trackFree) {
          this.version++;
          if (v === undefined) node.count++;
          setSlot(node, off, entry);
          if (node.tpl === null) this.cacheLeaf(node, index - off);
          return v;
        }
        if (node.tpl === null) this.cacheLeaf(node, index - off);
      } else if (!this.trackFree) {
        // Above the leaves, an empty slot or this index's own lone entry
        // takes the entry as a lone entry (what State.create would do).
        if (v === undefined && !denseAt(node, off, this.cs)) {
          this.version++;
          node.count++;
          setSlot(node, off, new Single(index, entry));
          return undefined;
        }
        if (v instanceof Single && v.is(index)) {
          this.version++;
          setSlot(node, off, new Single(index, entry));
          return v.entry;
        }
      }
    }
    const xas = this.xas;
    xas.reinit(index);
    if (this.trackFree && entry === undefined) entry = ZERO;
    const curr = xas.store(entry);
    if (this.trackFree) xas.clearMarkHere(FREE_MARK);
    return curr === ZERO ? undefined : curr;
  }

  /** xa_erase: removes the entry (a whole multi-index entry); returns it. */
  erase(index: number): unknown {
    if (!this.cached(index)) this.loadWalk(index);
    if (this.cached(index)) {
      const leaf = this.leaf!;
      const d = index - this.leafBase;
      const old = leaf.slots[d];
      // SAFETY: the fast path is xas_store(NULL) exactly when it only
      // empties one slot: a plain order-0 entry (no sibling follows it),
      // no user mark on it to clear (a plain array: no marks in the leaf),
      // and the leaf neither empties nor is the root (so no node is
      // deleted and the tree cannot shrink).
      if (
        old !== undefined &&
        !(old instanceof Internal) &&
        leaf.count > 1 &&
        leaf.parent !== null &&
        (d === this.mask || !(leaf.slots[d + 1] instanceof Internal))
      ) {
        if (!this.trackFree) {
          if (leaf.marks === null) {
            this.version++;
            setSlot(leaf, d, undefined);
            leaf.count--;
            return old;
          }
        } else if ((marksOf(leaf, d) & ~(1 << FREE_MARK)) === 0) {
          this.version++;
          setSlot(leaf, d, undefined);
          leaf.count--;
          // xas_init_marks: the emptied slot is free; xas_set_mark sets
          // the free mark upwards until a node already had it.
          if (markPath(leaf, d, FREE_MARK)) this.markFlags |= 1 << FREE_MARK;
          return old;
        }
      }
    }
    const xas = this.xas;
    xas.reinit(index);
    const curr = xas.store(undefined);
    return curr === ZERO ? undefined : curr;
  }

  /** xa_insert: stores only into an empty slot (undefined reserves); false if occupied. */
  insert(index: number, entry: unknown): boolean {
    const xas = this.xas;
    xas.reinit(index);
    if (xas.load() !== undefined) return false;
    xas.store(entry === undefined ? ZERO : entry);
    if (this.trackFree) xas.clearMarkHere(FREE_MARK);
    return true;
  }

  /** xa_cmpxchg: stores `entry` if the raw slot equals `old`; returns what was there (ZERO read as undefined). */
  cmpxchg(index: number, old: unknown, entry: unknown): unknown {
    const xas = this.xas;
    xas.reinit(index);
    const curr = xas.load();
    if (same(curr, old)) {
      xas.store(entry);
      if (this.trackFree && entry !== undefined && curr === undefined) {
        xas.clearMarkHere(FREE_MARK);
      }
    }
    return curr === ZERO ? undefined : curr;
  }

  /** xa_reserve: cmpxchg(empty → reserved). */
  reserve(index: number): void {
    this.cmpxchg(index, undefined, ZERO);
  }

  /** xa_release: cmpxchg(reserved → empty). */
  release(index: number): void {
    this.cmpxchg(index, ZERO, undefined);
  }

  /** The multi-index store of `entry` at `index` rounded down to 2^order; returns what load gave there before. */
  storeOrder(index: number, order: number, entry: unknown): unknown {
    if (this.storeOrderEmpty(index, order, entry)) return undefined;
    const before = this.load(roundDown(index, order));
    const xas = this.xas;
    xas.setOrder(index, order);
    xas.store(entry);
    if (this.trackFree && entry !== undefined) xas.clearMarkHere(FREE_MARK);
    return before;
  }

  /**
   * The multi-index store into a range with nothing in it, without the
   * general walk: what `xas_store` does there, written out. It walks from
   * the root to the node of the entry's level, making the missing nodes on
   * the way as `xas_create` would, then writes the entry and its siblings.
   * Returns false, having changed nothing, wherever the general store has
   * more to do: an allocating array (free marks), an order-0 store (lone
   * entries), an index past the root (the tree grows), or anything already
   * in the way (an entry, a lone entry, or a non-empty slot of the range).
   */
  private storeOrderEmpty(
    index: number,
    order: number,
    entry: unknown,
  ): boolean {
    const head = this.root;
    const cs = this.cs;
    if (
      entry === undefined ||
      order === 0 ||
      this.trackFree ||
      head === null ||
      index >= POW2[head.shift + cs]!
    ) {
      return false;
    }
    const level = order - (order % cs);
    if (level > head.shift) return false;
    const base = roundDown(index, order);
    const mask = this.mask;
    const sibs = (1 << (order - level)) - 1;
    let node = head;
    while (node.shift > level) {
      const off = offsetOf(base, node.shift, mask);
      const v = slotAt(node, off);
      if (v instanceof XNode) {
        node = v;
        continue;
      }
      if (v !== undefined) return false;
      // xas_alloc: a new node below (nothing under it, so the range is
      // empty from here down); a new node starts packed.
      const child = new XNode(node.shift - cs, node, off, this.template);
      node.count++;
      setSlot(node, off, child);
      node = child;
    }
    const off = offsetOf(base, level, mask);
    for (let k = off; k <= off + sibs; k++) {
      if (isPresent(node, k)) return false;
    }
    // Siblings side by side are cheaper in a full node (see setPacked).
    if (sibs !== 0) makeFull(node);
    this.version++;
    setSlot(node, off, entry);
    const sibling = SIBLINGS[off]!;
    for (let k = off + 1; k <= off + sibs; k++) setSlot(node, k, sibling);
    node.count += sibs + 1;
    return true;
  }

  /**
   * xa_store_range: every index in [first, last] loads `entry`, stored as
   * the longest runs of slots that start at `first` and fit in one node.
   */
  storeRange(first: number, last: number, entry: unknown): void {
    const xas = this.xas;
    if (entry !== undefined) {
      const order = last === MAX_INDEX ? MAX_ORDER : ffs(last + 1);
      xas.setOrder(last, order);
      xas.create(true);
    }
    for (;;) {
      this.setRange(xas, first, last);
      xas.store(entry);
      if (this.trackFree && entry !== undefined) xas.clearMarkHere(FREE_MARK);
      const next = first + xas.size();
      if (next > last) break;
      first = next;
    }
  }

  /** xas_set_range: the longest run of slots starting at `first`, within one node and `last`. */
  private setRange(xas: State, first: number, last: number): void {
    const cs = this.cs;
    const count = last - first + 1;
    let shift = 0;
    while (
      shift + cs <= MAX_ORDER &&
      first % POW2[shift + cs]! === 0 &&
      count >= POW2[shift + cs]!
    ) {
      shift += cs;
    }
    const unit = POW2[shift]!;
    const offset = Math.floor(first / unit) % this.size;
    const slots = Math.min(this.size - offset, Math.floor(count / unit));
    xas.reinit(first);
    xas.shift = shift;
    xas.sibs = slots - 1;
  }

  /** xa_set_mark: marks a present (or reserved) entry; absent indices are ignored. */
  setMark(index: number, m: number): void {
    this.version++;
    const d = this.leafSlot(index);
    if (d >= 0 && d < this.size) {
      // An entry in the cached leaf: mark it and its ancestors, from below.
      const leaf = this.leaf!;
      const v = leaf.slots[d];
      if (v === undefined) return;
      if (!(v instanceof Internal)) {
        if (markPath(leaf, d, m)) this.markFlags |= 1 << m;
        return;
      }
    }
    const xas = this.xas;
    xas.reinit(index);
    if (xas.load() !== undefined) xas.setMarkHere(m);
    this.cacheWalked(xas, index);
  }

  /**
   * `index - leafBase`, after moving the cached leaf on to the next one
   * when `index` is in that (marking in index order steps there as a
   * sequential load does, without a walk).
   */
  private leafSlot(index: number): number {
    const d = index - this.leafBase;
    if (d < this.size || d >= 2 * this.size) return d;
    this.loadNext(index, d - this.size);
    return index - this.leafBase;
  }

  /** Caches the leaf a walk of `xas` to `index` ended in, if it is a full one. */
  private cacheWalked(xas: State, index: number): void {
    const node = xas.node;
    if (xas.st === S_NODE && node!.shift === 0 && node!.tpl === null) {
      this.cacheLeaf(node!, index - (index & this.mask));
    }
  }

  /** xa_clear_mark. */
  clearMark(index: number, m: number): void {
    this.version++;
    const d = this.leafSlot(index);
    if (d >= 0 && d < this.size) {
      // An entry in the cached leaf: unmark it and, from below, the
      // ancestors that no longer lead to the mark.
      const leaf = this.leaf!;
      const v = leaf.slots[d];
      if (v === undefined) return;
      if (!(v instanceof Internal)) {
        if (unmarkPath(leaf, d, m)) this.markFlags &= ~(1 << m);
        return;
      }
    }
    const xas = this.xas;
    xas.reinit(index);
    if (xas.load() !== undefined) xas.clearMarkHere(m);
    this.cacheWalked(xas, index);
  }

  /** xa_get_mark: the summary and every bit on the path are set. */
  getMark(index: number, m: number): boolean {
    const xas = this.xas;
    xas.reinit(index);
    let e = xas.start();
    while (xas.getMarkHere(m)) {
      if (!(e instanceof XNode)) return true;
      e = xas.descend(e);
    }
    return false;
  }

  /**
   * xa_get_order: the order of the entry at `index`, 0 if absent. Like
   * `loadWalk`, the walk for indices below 2^31 is kept small enough to be
   * inlined into its callers; other indices take `getOrderFar`.
   */
  getOrder(index: number): number {
    const root = this.root;
    const cs = this.cs;
    if (root === null || index >= SMALL || root.shift + cs >= 31) {
      return this.getOrderFar(index);
    }
    let sh = root.shift;
    if (index >>> (sh + cs) !== 0) return 0;
    const mask = this.mask;
    let node = root;
    for (;;) {
      const off = (index >>> sh) & mask;
      const full = node.tpl === null;
      const e = full ? node.slots[off] : slotAt(node, off);
      if (e instanceof XNode) {
        node = e;
        sh -= cs;
        continue;
      }
      if (e instanceof Internal) return sh + this.siblingRun(node, off, e);
      if (e === undefined || e instanceof Single) return 0;
      return sh + this.siblingRun(node, off, ZERO);
    }
  }

  /** `getOrder` by the general walk from the head (any index, any tree). */
  private getOrderFar(index: number): number {
    const root = this.root;
    if (root === null) return 0;
    if (index >= POW2[root.shift + this.cs]!) return 0;
    const mask = this.mask;
    let node = root;
    for (;;) {
      const off = offsetOf(index, node.shift, mask);
      const e = slotAt(node, off);
      if (e instanceof XNode) {
        node = e;
        continue;
      }
      if (e instanceof Internal)
        return node.shift + this.siblingRun(node, off, e);
      if (e === undefined || e instanceof Single) return 0;
      return node.shift + this.siblingRun(node, off, ZERO);
    }
  }

  /**
   * The order, above the node's shift, of the entry that a slot `off` of
   * `node` holding `e` belongs to (`e` is the slot's internal entry, or
   * ZERO for a user entry, which is its own canonical slot): a sibling is
   * followed to its canonical slot (through a chain, which a store over
   * part of a larger entry can leave), then the sibling slots after that
   * are counted at 1, 2, 4, ... as xa_get_order does.
   */
  private siblingRun(node: XNode, off: number, e: Internal): number {
    const size = this.size;
    let order = 0;
    if (node.tpl === null) {
      // A full node's slots read directly: the common case, kept apart.
      const slots = node.slots;
      while (e.kind === SIBLING) {
        off = e.sib;
        const c = slots[off];
        if (!(c instanceof Internal)) break;
        e = c;
      }
      for (let slot = off + 1; slot < size; slot = off + (1 << order)) {
        const s = slots[slot];
        if (!(s instanceof Internal) || s.kind !== SIBLING) break;
        order++;
      }
      return order;
    }
    while (e.kind === SIBLING) {
      off = e.sib;
      const c = slotAt(node, off);
      if (!(c instanceof Internal)) break;
      e = c;
    }
    for (let slot = off + 1; slot < size; slot = off + (1 << order)) {
      const s = slotAt(node, slot);
      if (!(s instanceof Internal) || s.kind !== SIBLING) break;
      order++;
    }
    return order;
  }

  /**
   * xa_find: the first entry matching `filter` in [start, max]; its index
   * goes to `foundIndex`. Reserved entries are skipped.
   */
  find(start: number, max: number, filter: number): unknown {
    const xas = this.xas;
    xas.reinit(start);
    return this.findFrom(xas, max, filter);
  }

  /** The xa_find loop on a state set at its start index. */
  findFrom(xas: State, max: number, filter: number): unknown {
    let e: unknown;
    do {
      e = filter >= 0 ? xas.findMarked(max, filter) : xas.find(max);
    } while (e === ZERO);
    if (e !== undefined) this.foundIndex = xas.index;
    return e;
  }

  /**
   * xa_find_after: the first entry matching `filter` after the entry that
   * covers `index`, up to `max`. Unlike the kernel (whose marked search can
   * return the entry covering `index` again), never an entry covering `index`.
   */
  findAfter(index: number, max: number, filter: number): unknown {
    if (index >= MAX_INDEX) return undefined;
    return this.findAfterWith(this.xas, index, max, filter);
  }

  /** `findAfter` on the given state. */
  findAfterWith(
    xas: State,
    index: number,
    max: number,
    filter: number,
  ): unknown {
    if (index >= MAX_INDEX) return undefined;
    xas.reinit(index + 1);
    return this.after(xas, index, max, filter);
  }

  /** The find_after loop on a state positioned after `index`. */
  after(xas: State, index: number, max: number, filter: number): unknown {
    let e: unknown;
    for (;;) {
      e = filter >= 0 ? xas.findMarked(max, filter) : xas.find(max);
      if (xas.st > 1) break;
      if (xas.insideEntry()) continue;
      if (xas.index <= index) continue;
      if (e !== ZERO) break;
    }
    if (e !== undefined) this.foundIndex = xas.index;
    return e;
  }

  /**
   * Continues an iteration from a state still positioned at the entry
   * returned at `index` (the tree unchanged since): the same result as
   * `findAfter(index)` without re-walking from the head.
   */
  resume(xas: State, index: number, max: number, filter: number): unknown {
    if (index >= MAX_INDEX) return undefined;
    if (xas.st !== S_NODE) {
      xas.reinit(index + 1);
    }
    return this.after(xas, index, max, filter);
  }

  /** xa_extract: up to `n` entries matching `filter` in [start, max]. */
  extract(start: number, max: number, n: number, filter: number): unknown[] {
    const out: unknown[] = [];
    if (n === 0) return out;
    const xas = this.xas;
    xas.reinit(start);
    for (;;) {
      const e = filter >= 0 ? xas.findMarked(max, filter) : xas.find(max);
      if (e === undefined) break;
      if (e === ZERO) continue;
      out.push(e);
      if (out.length === n) break;
    }
    return out;
  }

  /** __xa_alloc: the lowest free id in [min, max] gets `entry`; -1 if none. */
  alloc(entry: unknown, min: number, max: number): number {
    if (entry === undefined) entry = ZERO;
    if (
      this.hintVersion === this.version &&
      min >= this.hintMin &&
      min <= this.hintBase + this.hintOff + 1
    ) {
      // No id in [min, the last id] is free: the lowest free id from `min`
      // is the first free slot after the last id, if it is in the same leaf.
      const leaf = this.hintLeaf!;
      const f = nextMarked(leaf, FREE_MARK, this.hintOff + 1, this.size);
      if (f !== this.size && this.hintBase + f <= max) {
        return this.fillLeaf(leaf, f, this.hintBase, entry, this.hintMin);
      }
    }
    const fast = this.allocLeaf(entry, min, max);
    if (fast >= 0) return fast;
    const xas = this.xas;
    xas.reinit(min);
    xas.findMarked(max, FREE_MARK);
    if (xas.st === S_RESTART) return -1;
    const id = xas.index;
    xas.store(entry);
    xas.clearMarkHere(FREE_MARK);
    return id;
  }

  /**
   * `alloc` where the lowest free id from `min` is an empty leaf slot
   * reached by descending marked slots only (no step back up, no sibling,
   * no node to create): the same walk of the free bitmaps as xas_find_marked
   * and the same store and mark clearing, without the state. Returns -1,
   * having changed nothing, wherever the general path is needed.
   */
  private allocLeaf(entry: unknown, min: number, max: number): number {
    const head = this.head;
    if (
      !this.trackFree ||
      !(head instanceof XNode) ||
      min >= POW2[head.shift + this.cs]!
    ) {
      return -1;
    }
    const mask = this.mask;
    const size = this.size;
    let node = head;
    let index = min;
    for (;;) {
      const sh = node.shift;
      const o = offsetOf(index, sh, mask);
      if (isSibling(slotAt(node, o))) return -1;
      const f = nextMarked(node, FREE_MARK, o, size);
      if (f === size) return -1;
      if (f !== o) index = roundDown(index, sh + this.cs) + f * POW2[sh]!;
      if (index > max) return -1;
      const e = slotAt(node, f);
      if (e instanceof XNode) {
        node = e;
        continue;
      }
      if (e !== undefined || sh !== 0) return -1;
      return this.fillLeaf(node, f, index - f, entry, min);
    }
  }

  /**
   * Stores `entry` into the free, empty slot `f` of `leaf` (first index
   * `base`) and clears its free mark upwards while nodes lose their last
   * free slot (xas_clear_mark). Remembers the leaf as the next alloc's
   * hint: no id in [min, the id] is free. Returns the id.
   */
  private fillLeaf(
    leaf: XNode,
    f: number,
    base: number,
    entry: unknown,
    min: number,
  ): number {
    this.version++;
    setSlot(leaf, f, entry);
    leaf.count++;
    if (unmarkPath(leaf, f, FREE_MARK)) this.markFlags &= ~(1 << FREE_MARK);
    if (leaf.tpl === null) {
      this.hintLeaf = leaf;
      this.hintBase = base;
      this.hintOff = f;
      this.hintMin = min;
      this.hintVersion = this.version;
    }
    return base + f;
  }

  /** __xa_alloc_cyclic: searches from max(min, next), then wraps to min. */
  allocCyclic(
    entry: unknown,
    min: number,
    max: number,
    next: number,
  ): CyclicResult | undefined {
    const from = Math.max(min, next);
    let id = this.alloc(entry, from, max);
    let wrapped = false;
    if (this.wrapped && id >= 0) {
      this.wrapped = false;
      wrapped = true;
    }
    if (id < 0 && from > min) {
      id = this.alloc(entry, min, max);
      if (id >= 0) wrapped = true;
    }
    if (id < 0) return undefined;
    let nextId = id + 1;
    if (nextId > U32_MAX) {
      nextId = 0;
      this.wrapped = true;
    }
    return { id, next: nextId, wrapped };
  }

  /** xa_destroy: empties the array and resets the summary marks. */
  destroy(): void {
    this.version++;
    this.relayout();
    this.setHead(undefined);
    this.markFlags = this.trackFree && !this.zeroBusy ? 1 << FREE_MARK : 0;
  }

  /** Every entry (reserved ones as ZERO) in index order, each once, with order and marks. */
  dump(): RawRow[] {
    const rows: RawRow[] = [];
    const xas = new State(this, 0);
    const userMarks = this.trackFree ? 6 : 7;
    for (
      let e = xas.find(MAX_INDEX);
      e !== undefined;
      e = xas.find(MAX_INDEX)
    ) {
      let marks = 0;
      for (let m = 0; m < MARK_COUNT; m++)
        if (xas.getMarkHere(m)) marks |= 1 << m;
      rows.push({
        index: xas.index,
        order: xas.getOrder(),
        entry: e,
        marks: marks & userMarks,
      });
    }
    return rows;
  }
}
