/**
 * The walk state (the kernel's `struct xa_state`) and the algorithms that run
 * on it: load, store (with node creation, expansion, deletion and shrinking),
 * find, find marked, find conflict, next/prev, pause, marks and split.
 *
 * Every function follows the kernel's documented behaviour step by step (see
 * spec §1.11, §6), including the quirks the reference traces record, with one
 * deliberate exception kept in tree.ts: `findAfter` never returns the entry
 * covering its start index.
 *
 * Positions: `st` is NODE (at `node`, slot `offset`), HEAD (at the head, a
 * single entry at index 0 or empty), RESTART (not walked), BOUNDS (walked off
 * the tree) or ERROR.
 */
import {
  FREE_MARK,
  MARK_COUNT,
  clearMark,
  clearRange,
  getMark,
  markAll,
  markEvery,
  markPath,
  marksOf,
  nextMarked,
  setMark,
  unmarkPath,
} from './marks.js';
import {
  Internal,
  POW2,
  SIBLING,
  SIBLINGS,
  SMALL,
  Single,
  XNode,
  ZERO,
  denseAt,
  makeFull,
  isSibling,
  nextPresent,
  offsetOf,
  roundDown,
  setSlot,
  slotAt,
} from './node.js';
import type { Tree } from './tree.js';
import { MAX_INDEX } from './errors.js';

/** Positioned in a node. */
export const S_NODE = 0;
/** Positioned at the head. */
export const S_HEAD = 1;
/** Not walked: the next operation walks from the head. */
export const S_RESTART = 2;
/** Walked off the tree. */
export const S_BOUNDS = 3;
/** An error is recorded in `err`. */
export const S_ERROR = 4;

/** Bitwise OR of two non-negative integers below 2^64 held in doubles. */
function orIndex(a: number, b: number): number {
  if (a < SMALL && b < SMALL) return a | b;
  const ah = Math.floor(a / 0x100000000);
  const bh = Math.floor(b / 0x100000000);
  const lo = ((a % 0x100000000) | (b % 0x100000000)) >>> 0;
  return (ah | bh) * 0x100000000 + lo;
}

/** The kernel's `xa_state`: a position in one tree plus the order of the operation. */
export class State {
  /** The tree walked. */
  readonly tree: Tree;
  /** The index (xa_index). */
  index: number;
  /** The operation's shift (xa_shift): order - order % chunkShift. */
  shift: number;
  /** The operation's sibling count (xa_sibs): 2^(order % chunkShift) - 1. */
  sibs: number;
  /** The slot in `node` (xa_offset). */
  offset: number;
  /** The node when `st` is S_NODE, otherwise null. */
  node: XNode | null;
  /** One of S_NODE, S_HEAD, S_RESTART, S_BOUNDS, S_ERROR. */
  st: number;
  /** The error name when `st` is S_ERROR. */
  err: string | undefined;
  /** Set by `create` when the store is to put a lone entry at the position. */
  atSingle: boolean;

  /**
   * An exact state (the advanced cursor's) turns every lone entry it steps
   * on into the chain of nodes it stands for and never makes new ones, so
   * that its positions, indices and orders are the kernel's to the node.
   * The normal API's states read lone entries in place.
   */
  readonly exact: boolean;

  constructor(tree: Tree, index: number, exact = false) {
    this.exact = exact;
    this.tree = tree;
    this.index = index;
    this.shift = 0;
    this.sibs = 0;
    this.offset = 0;
    this.node = null;
    this.st = S_RESTART;
    this.err = undefined;
    this.atSingle = false;
  }

  /** Re-targets the state at `index`, order 0, not walked. */
  reinit(index: number): void {
    this.index = index;
    this.shift = 0;
    this.sibs = 0;
    this.offset = 0;
    this.node = null;
    this.st = S_RESTART;
    this.err = undefined;
  }

  /** xas_set_order: `index` rounded down to 2^order, not walked. */
  setOrder(index: number, order: number): void {
    const cs = this.tree.cs;
    const rem = order % cs;
    this.index = roundDown(index, order);
    this.shift = order - rem;
    this.sibs = (1 << rem) - 1;
    this.offset = 0;
    this.node = null;
    this.st = S_RESTART;
    this.err = undefined;
  }

  /** The order of the operation: shift + log2(sibs + 1) (sibs + 1 is a power of two). */
  order(): number {
    return this.shift + (31 - Math.clz32(this.sibs + 1));
  }

  /** True when positioned (at the head or in a node). */
  valid(): boolean {
    return this.st <= S_HEAD;
  }

  /** xas_top: at the head, not walked, or off the tree. */
  private top(): boolean {
    return this.st === S_HEAD || this.st === S_RESTART || this.st === S_BOUNDS;
  }

  /** Records an error; every operation is then a no-op until reset. */
  setErr(err: string): void {
    this.st = S_ERROR;
    this.node = null;
    this.err = err;
  }

  private setBounds(): undefined {
    this.st = S_BOUNDS;
    this.node = null;
    return undefined;
  }

  private goNode(node: XNode | null): void {
    this.node = node;
    this.st = node === null ? S_HEAD : S_NODE;
  }

  /** The number of indices the operation covers: (sibs + 1) << shift. */
  size(): number {
    return (this.sibs + 1) * POW2[this.shift]!;
  }

  /** xas_max: the highest index the operation touches (+1 for a range starting at 0). */
  private max(): number {
    let max = this.index;
    if (this.shift !== 0 || this.sibs !== 0) {
      const mask = this.size() - 1;
      max = orIndex(max, mask);
      if (mask === max) max++;
    }
    return max;
  }

  /** Moves the index to slot `off` of the current node (xas_move_index). */
  private moveIndex(off: number): void {
    const shift = this.node!.shift;
    const top = shift + this.tree.cs;
    const index = this.index;
    if (index < SMALL && top < 31) {
      this.index = ((index >>> top) << top) + off * (1 << shift);
    } else {
      this.index = roundDown(index, top) + off * POW2[shift]!;
    }
  }

  /** xas_start: begins (or resumes) a walk and returns the head or the current slot. */
  start(): unknown {
    const st = this.st;
    if (st <= S_HEAD) return this.rawReload();
    if (st === S_ERROR) return undefined;
    const head = this.tree.head;
    if (!(head instanceof XNode)) {
      if (this.index !== 0) return this.setBounds();
    } else if (this.index >= POW2[head.shift + this.tree.cs]!) {
      return this.setBounds();
    }
    this.node = null;
    this.st = S_HEAD;
    return head;
  }

  /** xas_reload: re-reads the slot of a walked state, following one sibling hop. */
  reload(): unknown {
    const e = this.rawReload();
    return e instanceof Single ? this.readSingle(e) : e;
  }

  /** `reload` without reading a lone entry (it is returned as itself). */
  private rawReload(): unknown {
    const node = this.node;
    if (node === null) return this.tree.head;
    const e = slotAt(node, offsetOf(this.index, node.shift, this.tree.mask));
    if (e instanceof Internal && e.kind === SIBLING) return slotAt(node, e.sib);
    return e;
  }

  /**
   * Replaces the lone entry `s` in slot `off` of `node` by the whole chain
   * of nodes it stands for, down to its leaf; returns the chain's top node.
   */
  private materialize(node: XNode, off: number, s: Single): XNode {
    const top = this.pushDown(node, off, s);
    const mask = this.tree.mask;
    let n = top;
    while (n.shift !== 0)
      n = this.pushDown(n, offsetOf(s.index, n.shift, mask), s);
    return top;
  }

  /**
   * What a read at the state's index and order finds in a slot holding
   * `s`: its entry for an order-0 read of exactly its index, and nothing
   * otherwise (at a higher order the kernel would be looking at a node).
   */
  private readSingle(s: Single): unknown {
    return this.shift === 0 && s.is(this.index) ? s.entry : undefined;
  }

  /** True when the operation's slot (at its level) covers the index of `s`. */
  private covers(s: Single): boolean {
    const lo = roundDown(this.index, this.shift);
    return s.index >= lo && s.index - lo < POW2[this.shift]!;
  }

  /**
   * True when the state sits on a slot holding a lone entry its operation
   * does not cover: for mark operations that slot is empty.
   */
  private offSingle(): boolean {
    const node = this.node;
    if (node === null || node.shift === 0) return false;
    const s = slotAt(node, this.offset);
    return s instanceof Single && !this.covers(s);
  }

  /**
   * The level of the node where the kernel's walk to the index, at the
   * operation's order, stops inside the chain of nodes that the lone entry
   * `s` in the state's slot stands for: the first level where the index's
   * slot no longer holds `s`, or the operation's level.
   */
  private chainStop(s: Single): number {
    const cs = this.tree.cs;
    const x = this.index;
    const y = s.index;
    let l = this.node!.shift - cs;
    while (l > this.shift && roundDown(x, l) === roundDown(y, l)) l -= cs;
    return l;
  }

  /**
   * Replaces the lone entry `s` in slot `off` of `node` by a new child node
   * holding it (as a lone entry again, or as itself in a leaf), with its
   * marks: one level of the chain it stands for. Returns the child.
   */
  private pushDown(node: XNode, off: number, s: Single): XNode {
    const tree = this.tree;
    const child = new XNode(node.shift - tree.cs, node, off, tree.template);
    const coff = offsetOf(s.index, child.shift, tree.mask);
    setSlot(child, coff, child.shift === 0 ? s.entry : s);
    child.count = 1;
    const marks = marksOf(node, off);
    for (let m = 0; m < MARK_COUNT; m++) {
      if ((marks & (1 << m)) !== 0) setMark(child, coff, m);
    }
    setSlot(node, off, child);
    return child;
  }

  /** xas_descend: steps into `node` at the index, resolving siblings to their canonical slot. */
  descend(node: XNode): unknown {
    let off = offsetOf(this.index, node.shift, this.tree.mask);
    let e = slotAt(node, off);
    this.node = node;
    this.st = S_NODE;
    while (e instanceof Internal && e.kind === SIBLING) {
      off = e.sib;
      e = slotAt(node, off);
    }
    this.offset = off;
    if (e instanceof Single && this.exact)
      return this.materialize(node, off, e);
    return e;
  }

  /**
   * xas_load: walks to the index (stopping at the operation's level) and
   * returns the entry. With `forErase`, a lone entry the operation's range
   * takes in is returned too (and a lone entry filling a whole slot of the
   * operation's level is returned as itself, like the subtree it stands
   * for), so that the store of nothing that follows erases it.
   */
  load(forErase = false): unknown {
    let e = this.start();
    while (e instanceof XNode) {
      if (this.shift > e.shift) break;
      const node = e;
      e = this.descend(node);
      if (node.shift === 0) break;
    }
    if (e instanceof Single) {
      if (!forErase) return this.readSingle(e);
      if (this.shift === this.node!.shift) return e;
      return e.index >= this.index && e.index - this.index < this.size()
        ? e.entry
        : undefined;
    }
    return e;
  }

  /** xas_get_order: the order of the entry at the current position (0 at the head). */
  getOrder(): number {
    const node = this.node;
    if (this.st !== S_NODE || node === null) return 0;
    if (node.shift !== 0 && slotAt(node, this.offset) instanceof Single) {
      return 0;
    }
    const size = this.tree.size;
    let order = 0;
    for (;;) {
      const slot = this.offset + (1 << order);
      if (slot >= size) break;
      if (!isSibling(slotAt(node, slot))) break;
      order++;
    }
    return order + node.shift;
  }

  /** xas_get_mark: the mark at the current position (the summary at the head). */
  getMarkHere(m: number): boolean {
    if (this.st === S_HEAD) return (this.tree.markFlags & (1 << m)) !== 0;
    if (this.st !== S_NODE || this.offSingle()) return false;
    return getMark(this.node!, this.offset, m);
  }

  /** xas_set_mark: sets the mark here and on every ancestor slot up to the summary. */
  setMarkHere(m: number): void {
    if (this.st > S_HEAD || this.offSingle()) return;
    if (markPath(this.node, this.offset, m)) this.tree.markFlags |= 1 << m;
  }

  /** xas_clear_mark: clears the mark here and upwards while nodes lose their last bit. */
  clearMarkHere(m: number): void {
    if (this.st > S_HEAD || this.offSingle()) return;
    if (unmarkPath(this.node, this.offset, m)) {
      this.tree.markFlags &= ~(1 << m);
    }
  }

  /** xas_init_marks: the default marks here (free set in allocating arrays, others clear). */
  initMarks(): void {
    const trackFree = this.tree.trackFree;
    for (let m = 0; m < MARK_COUNT; m++) {
      if (trackFree && m === FREE_MARK) this.setMarkHere(m);
      else this.clearMarkHere(m);
    }
  }

  /** xas_expand: grows the tree until it covers the operation; returns the shift above the root. */
  private expand(head: unknown): number {
    const tree = this.tree;
    const cs = tree.cs;
    const max = this.max();
    let shift = 0;
    let node: XNode | null = null;
    if (head === undefined) {
      if (max === 0) return 0;
      while (max >= POW2[shift + cs]!) shift += cs;
      return shift + cs;
    } else if (head instanceof XNode) {
      node = head;
      shift = head.shift + cs;
    }
    this.goNode(null);
    while (head instanceof XNode ? max >= POW2[head.shift + cs]! : max > 0) {
      const n = new XNode(shift, null, 0, tree.template);
      makeFull(n);
      n.count = 1;
      setSlot(n, 0, head);
      for (let m = 0; m < MARK_COUNT; m++) {
        if (tree.trackFree && m === FREE_MARK) {
          markAll(n, m, tree.size);
          // The kernel trusts the free summary for slot 0; an entry moved
          // there is never free, even if the summary is stale (it can be
          // after ALLOC1's reserved index 0 was released and the tree emptied).
          if ((tree.markFlags & 1) === 0 || !(head instanceof XNode)) {
            clearMark(n, 0, m);
          }
          tree.markFlags |= 1;
        } else if ((tree.markFlags & (1 << m)) !== 0) {
          setMark(n, 0, m);
        }
      }
      if (head instanceof XNode) {
        head.offset = 0;
        head.parent = n;
      }
      head = n;
      tree.setHead(n);
      shift += cs;
      node = n;
    }
    this.goNode(node);
    return shift;
  }

  /** xas_alloc: a new node below the current position (or as the root). */
  private alloc(shift: number): XNode {
    const parent = this.st === S_NODE ? this.node : null;
    const tree = this.tree;
    const node = new XNode(
      shift,
      parent,
      parent === null ? 0 : this.offset,
      tree.template,
    );
    if (parent !== null) parent.count++;
    else makeFull(node);
    if (tree.trackFree) {
      markAll(node, FREE_MARK, tree.size);
      // A new root has free slots. The kernel leaves the summary alone here
      // (reachable when ALLOC1 reserves index 0 in an empty array), which
      // would later hide the root's free ids from alloc once the tree grows.
      if (parent === null) tree.markFlags |= 1 << FREE_MARK;
    }
    return node;
  }

  /**
   * xas_create: makes sure the slot for the operation exists, creating nodes
   * as needed, and returns the entry currently in it. Stops early at a larger
   * multi-index entry, which the store then replaces. With `single` (an
   * order-0 store of a user entry), it also stops at an empty slot of a node
   * above the leaves, or at the lone entry of exactly this index, and sets
   * `atSingle`: the store then puts a lone entry there. Lone entries of
   * other indices on the way are pushed down until the paths part.
   */
  create(allowRoot: boolean, single = false): unknown {
    this.atSingle = false;
    if (this.exact) single = false;
    const tree = this.tree;
    const cs = tree.cs;
    const order = this.shift;
    let entry: unknown;
    let shift: number;
    let slotNode: XNode | null;
    let slotOff = 0;
    if (this.top()) {
      entry = tree.head;
      this.goNode(null);
      if (entry === undefined && tree.zeroBusy) entry = ZERO;
      shift = this.expand(entry);
      if (shift === 0 && !allowRoot) shift = cs;
      entry = tree.head;
      slotNode = null;
    } else if (this.st === S_ERROR) {
      return undefined;
    } else {
      const node = this.node!;
      shift = node.shift;
      slotOff = this.offset;
      entry = slotAt(node, slotOff);
      slotNode = node;
    }
    while (shift > order) {
      if (slotNode !== null) {
        if (entry instanceof Single) {
          if (single && entry.is(this.index)) {
            this.atSingle = true;
            return entry.entry;
          }
          entry = this.pushDown(slotNode, slotOff, entry);
        } else if (
          single &&
          entry === undefined &&
          !denseAt(slotNode, slotOff, cs)
        ) {
          this.atSingle = true;
          return undefined;
        }
      }
      shift -= cs;
      let child: XNode;
      if (entry === undefined) {
        child = this.alloc(shift);
        if (slotNode === null) tree.setHead(child);
        else setSlot(slotNode, slotOff, child);
      } else if (entry instanceof XNode) {
        child = entry;
      } else {
        break;
      }
      entry = this.descend(child);
      slotNode = child;
      slotOff = this.offset;
    }
    return entry;
  }

  /** xas_squash_marks: ORs the marks of a multi-slot range onto its canonical slot. */
  private squashMarks(): void {
    const node = this.node!;
    const off = this.offset;
    const limit = off + this.sibs + 1;
    if (node.marks === null) return;
    for (let m = 0; m < MARK_COUNT; m++) {
      if (nextMarked(node, m, off + 1, this.tree.size) >= limit) continue;
      setMark(node, off, m);
      clearRange(node, m, off + 1, this.sibs);
    }
  }

  /**
   * xas_store: stores `entry` (undefined erases) over the operation's range
   * and returns the entry that was there (meaningless for ranges).
   */
  store(entry: unknown): unknown {
    const tree = this.tree;
    tree.version++;
    let first: unknown;
    if (entry !== undefined) {
      const single =
        entry !== ZERO &&
        !tree.trackFree &&
        this.shift === 0 &&
        this.sibs === 0;
      first = this.create(entry !== ZERO, single);
    } else {
      first = this.load(true);
    }
    if (this.st > S_HEAD) return first;
    const node = this.node;
    // A lone entry whose slot holds the whole operation: one slot is written
    // (or none), and the order is cut where the kernel's walk through the
    // chain it stands for would have stopped above the operation's level.
    let lone: Single | null = null;
    if (node !== null && this.shift < node.shift) {
      const s = slotAt(node, this.offset);
      if (s instanceof Single) lone = s;
    }
    if (
      node !== null &&
      this.shift < (lone !== null ? this.chainStop(lone) : node.shift)
    ) {
      this.sibs = 0;
    }
    if (first === entry && (this.sibs === 0 || lone !== null)) return first;
    let next = first;
    let offset = this.offset;
    const max = lone !== null ? offset : offset + this.sibs;
    if (node !== null && this.sibs !== 0 && lone === null) this.squashMarks();
    if (entry === undefined) {
      if (
        node !== null &&
        node.shift !== 0 &&
        slotAt(node, offset) instanceof Single
      ) {
        // The lone entry goes, whatever part of its range the operation
        // names: its marks go with it.
        for (let m = 0; m < MARK_COUNT; m++) {
          if (unmarkPath(node, offset, m)) tree.markFlags &= ~(1 << m);
        }
      } else {
        this.initMarks();
      }
    }
    const mask = tree.mask;
    let count = 0;
    let e = entry;
    if (this.atSingle && entry !== undefined) {
      this.atSingle = false;
      e = new Single(this.index, entry);
    }
    for (;;) {
      if (node === null) {
        tree.setHead(e);
        tree.relayout();
        break;
      }
      setSlot(node, offset, e);
      if (next instanceof XNode) tree.relayout();
      count += (next === undefined ? 1 : 0) - (e === undefined ? 1 : 0);
      // The kernel frees only the canonical slot of an erased multi-index
      // entry in allocating arrays; every emptied slot is free here.
      if (e === undefined && offset !== this.offset && tree.trackFree) {
        setMark(node, offset, FREE_MARK);
      }
      if (e !== undefined) {
        if (offset === max) break;
        if (!isSibling(e)) e = SIBLINGS[this.offset];
      } else if (offset === mask) {
        break;
      }
      next = slotAt(node, ++offset);
      if (!isSibling(next)) {
        if (e === undefined && offset > max) break;
        first = next;
      }
    }
    if (node !== null && count !== 0) {
      node.count += count;
      if (count < 0) this.deleteNode();
    }
    return first;
  }

  /** xas_delete_node: frees empty nodes upwards, then shrinks the root. */
  private deleteNode(): void {
    const tree = this.tree;
    tree.relayout();
    let node = this.node!;
    for (;;) {
      if (node.count !== 0) break;
      const parent = node.parent;
      this.offset = node.offset;
      node.parent = null;
      if (parent === null) {
        tree.setHead(undefined);
        this.setBounds();
        return;
      }
      this.goNode(parent);
      setSlot(parent, this.offset, undefined);
      parent.count--;
      node = parent;
    }
    if (node.parent === null) this.shrink(node);
  }

  /** xas_shrink: while the root holds only slot 0, make slot 0 the head. */
  private shrink(root: XNode): void {
    const tree = this.tree;
    let node = root;
    for (;;) {
      if (node.count !== 1) break;
      let entry = slotAt(node, 0);
      if (entry === undefined) break;
      if (entry instanceof Single) {
        // The chain it stands for would shrink away down to index 0's entry.
        if (entry.index !== 0) break;
        entry = entry.entry;
      } else if (!(entry instanceof XNode) && node.shift !== 0) break;
      if (entry === ZERO && tree.zeroBusy) entry = undefined;
      this.setBounds();
      tree.setHead(entry);
      // ALLOC1's reserved index 0 collapsed to an empty array: no entry is
      // left to carry a mark (the kernel keeps a stale summary if index 0
      // was marked, which xas_expand would copy into a new root).
      if (entry === undefined) tree.markFlags &= tree.trackFree ? 1 : 0;
      if (tree.trackFree && !getMark(node, 0, FREE_MARK)) tree.markFlags &= ~1;
      node.count = 0;
      if (!(entry instanceof XNode)) break;
      node = entry;
      node.parent = null;
      makeFull(node);
    }
  }

  /** xas_next_offset: one slot on, the index at that slot's first index. */
  private nextOffset(): void {
    this.offset++;
    this.moveIndex(this.offset);
  }

  /**
   * xas_find: the next present entry up to `max` (the entry at the index if
   * not walked yet, else the one after the current entry). Returns reserved
   * entries as ZERO; on exhaustion the state is BOUNDS (or past `max`).
   */
  find(max: number): unknown {
    // xas_next_entry: stay in the (full) leaf while the offset matches the index.
    if (this.leafStart() >= 0) {
      const slots = this.node!.slots;
      const last = this.tree.mask;
      let offset = this.offset;
      let index = this.index;
      while (index < max && offset < last) {
        const e = slots[offset + 1];
        if (e instanceof Internal) break;
        offset++;
        index++;
        if (e !== undefined) {
          this.offset = offset;
          this.index = index;
          return e;
        }
      }
      this.offset = offset;
      this.index = index;
    }
    return this.findSlow(max);
  }

  /**
   * Where the state sits on its index in a full leaf (below 2^31): the
   * index of the leaf's slot 0, so that slot o is index start + o. Else -1:
   * the leaf fast paths of find, `Cursor.forEach` and the iterators step
   * slot by slot only from such a position.
   */
  leafStart(): number {
    const node = this.node;
    if (this.st !== S_NODE || node!.shift !== 0 || node!.tpl !== null) {
      return -1;
    }
    const index = this.index;
    const offset = this.offset;
    return index < SMALL && offset === (index & this.tree.mask)
      ? index - offset
      : -1;
  }

  private findSlow(max: number): unknown {
    const st = this.st;
    if (st === S_ERROR || st === S_BOUNDS) return undefined;
    if (this.index > max) return this.setBounds();
    const tree = this.tree;
    const size = tree.size;
    if (st === S_HEAD) {
      this.index = 1;
      return this.setBounds();
    } else if (st === S_RESTART) {
      const e = this.load();
      if (e !== undefined || this.st !== S_NODE) return e;
    } else if (this.node!.shift === 0 && this.offset !== this.index % size) {
      this.offset = ((this.index - 1) % size) + 1;
    }
    // A lone entry later in the slot the state sits on comes next.
    const here = this.node!;
    if (here.shift !== 0) {
      const s = slotAt(here, this.offset);
      if (s instanceof Single && s.index > this.index) {
        this.index = s.index;
        return s.index <= max ? s.entry : undefined;
      }
    }
    this.nextOffset();
    while (this.st === S_NODE && this.index <= max) {
      const node = this.node!;
      if (this.offset >= size) {
        this.offset = node.offset + 1;
        if (node.parent === null) {
          this.node = null;
          this.st = S_BOUNDS;
          break;
        }
        this.node = node.parent;
        continue;
      }
      let e = slotAt(node, this.offset);
      if (e instanceof Single && this.exact) {
        e = this.materialize(node, this.offset, e);
      }
      if (e instanceof XNode) {
        this.node = e;
        this.offset = 0;
        continue;
      }
      if (e instanceof Single) {
        // The index is at the slot's first index: the lone entry is ahead.
        this.index = e.index;
        return e.index <= max ? e.entry : undefined;
      }
      if (e !== undefined && !isSibling(e)) return e;
      // xas_next_offset, repeated over empty slots: the index is at this
      // slot's first index, so slot o's is base + o * span. Stop where
      // stepping one slot at a time would: the first slot past `max`.
      const span = POW2[node.shift]!;
      const base = this.index - this.offset * span;
      let o = nextPresent(node, this.offset + 1, size);
      let index = base + o * span;
      if (index > max) {
        o = Math.floor((max - base) / span) + 1;
        index = base + o * span;
      }
      this.offset = o;
      this.index = index;
    }
    return undefined;
  }

  /**
   * xas_find_marked: the next entry carrying mark `m` up to `max`, skipping
   * unmarked subtrees through the bitmaps. With the free mark of an
   * allocating array it also finds empty slots. Index past `max`: RESTART;
   * off the tree: BOUNDS with the index at the first index past the tree.
   */
  findMarked(max: number, m: number): unknown {
    const tree = this.tree;
    const size = tree.size;
    if (this.st === S_NODE && this.node!.shift === 0 && this.index < SMALL) {
      // xas_next_marked: the next marked slot of the same leaf.
      const node = this.node!;
      const off = nextMarked(node, m, this.offset + 1, size);
      if (off < size) {
        const index = (this.index & ~tree.mask) + off;
        const e = slotAt(node, off);
        if (index <= max && e !== undefined && !(e instanceof Internal)) {
          this.offset = off;
          this.index = index;
          return e;
        }
      }
    }
    let advance = true;
    if (this.st === S_ERROR) return undefined;
    if (this.index > max) return this.toRestart();
    if (this.st === S_HEAD) {
      this.index = 1;
      return this.out(max);
    } else if (this.st !== S_NODE) {
      advance = false;
      const head = tree.head;
      this.goNode(null);
      if (!(head instanceof XNode)) {
        if (this.index > 0) return this.out(max);
        if ((tree.markFlags & (1 << m)) !== 0) return head;
        this.index = 1;
        return this.out(max);
      }
      if (this.index >= POW2[head.shift + tree.cs]!) return this.out(max);
      this.goNode(head);
      this.offset = offsetOf(this.index, head.shift, tree.mask);
    } else {
      // A marked lone entry later in the slot the state sits on comes next.
      const node = this.node!;
      if (node.shift !== 0 && getMark(node, this.offset, m)) {
        const s = slotAt(node, this.offset);
        if (s instanceof Single && s.index > this.index) {
          this.index = s.index;
          return s.index <= max ? s.entry : this.out(max);
        }
      }
    }
    const freeSearch = tree.trackFree && m === FREE_MARK;
    while (this.index <= max) {
      const node = this.node!;
      if (this.offset >= size) {
        this.offset = node.offset + 1;
        if (node.parent === null) {
          this.node = null;
          this.st = S_HEAD;
          break;
        }
        this.node = node.parent;
        advance = false;
        continue;
      }
      if (!advance) {
        const e = slotAt(node, this.offset);
        if (e instanceof Internal && e.kind === SIBLING) {
          this.offset = e.sib;
          this.moveIndex(this.offset);
        }
      }
      const off = nextMarked(
        node,
        m,
        advance ? this.offset + 1 : this.offset,
        size,
      );
      if (off > this.offset) {
        advance = false;
        this.moveIndex(off);
        if (this.index - 1 >= max) return this.toRestart();
        this.offset = off;
        if (off === size) continue;
      }
      let e = slotAt(node, this.offset);
      if (e instanceof Single && this.exact) {
        e = this.materialize(node, this.offset, e);
      }
      if (e instanceof Single) {
        // Passed already when the search began inside its slot.
        if (e.index < this.index) {
          advance = true;
          continue;
        }
        this.index = e.index;
        return e.index <= max ? e.entry : this.out(max);
      }
      if ((e === undefined && !freeSearch) || isSibling(e)) {
        // Unreachable while the invariants hold (only entries carry marks);
        // stepping on keeps a damaged tree from looping forever.
        advance = true;
        continue;
      }
      if (!(e instanceof XNode)) return e;
      this.goNode(e);
      this.offset = offsetOf(this.index, e.shift, tree.mask);
    }
    return this.out(max);
  }

  private toRestart(): undefined {
    this.st = S_RESTART;
    this.node = null;
    return undefined;
  }

  private out(max: number): undefined {
    if (this.index > max) return this.toRestart();
    return this.setBounds();
  }

  /**
   * xas_sibling: true when the position is inside a multi-index entry that
   * began before it (the index is past the canonical slot's first index).
   */
  insideEntry(): boolean {
    const node = this.node;
    if (this.st !== S_NODE || node === null) return false;
    if (node.shift !== 0 && slotAt(node, this.offset) instanceof Single) {
      return false;
    }
    const span = POW2[node.shift + this.tree.cs]!;
    return this.index % span > this.offset * POW2[node.shift]!;
  }

  /**
   * xas_find_conflict: the next present entry overlapping the operation's
   * range (a larger covering entry first). Returns undefined when done, with
   * the state rewound to the start of the range, ready to store.
   */
  findConflict(): unknown {
    const tree = this.tree;
    if (this.st === S_ERROR || this.st === S_HEAD) return undefined;
    if (this.top()) {
      let curr = this.start();
      if (curr === undefined) return undefined;
      while (curr instanceof XNode) curr = this.descend(curr);
      if (curr instanceof Single) {
        // It conflicts when the operation's range takes in its index.
        const i = curr.index;
        return i >= this.index && i - this.index < this.size()
          ? curr.entry
          : undefined;
      }
      if (curr !== undefined) return curr;
    }
    if (this.st !== S_NODE) return undefined;
    if (this.node!.shift > this.shift) return undefined;
    for (;;) {
      const node = this.node!;
      if (node.shift === this.shift) {
        if ((this.offset & this.sibs) === this.sibs) break;
      } else if (this.offset === tree.mask) {
        this.offset = node.offset;
        const parent = node.parent;
        if (parent === null) {
          this.node = null;
          this.st = S_HEAD;
          break;
        }
        this.node = parent;
        continue;
      }
      let curr = slotAt(node, ++this.offset);
      if (isSibling(curr)) continue;
      if (curr instanceof Single && this.exact) {
        curr = this.materialize(node, this.offset, curr);
      }
      while (curr instanceof XNode) {
        this.node = curr;
        this.offset = 0;
        curr = slotAt(curr, 0);
        if (curr instanceof Single && this.exact) {
          curr = this.materialize(this.node, 0, curr);
        }
      }
      if (curr instanceof Single) return curr.entry;
      if (curr !== undefined) return curr;
    }
    this.offset -= this.sibs;
    return undefined;
  }

  /** xas_pause: prepares to resume after the current entry once the lock is dropped. */
  pause(): void {
    if (this.st > S_HEAD) return;
    const node = this.node;
    this.st = S_RESTART;
    this.node = null;
    if (node !== null) {
      const size = this.tree.size;
      let offset = this.offset;
      while (++offset < size) {
        if (!isSibling(slotAt(node, offset))) break;
      }
      let index =
        roundDown(this.index, node.shift) +
        (offset - this.offset) * POW2[node.shift]!;
      const s = slotAt(node, this.offset);
      if (s instanceof Single && this.shift < node.shift) {
        // The walk would have stopped inside the chain: pause skips the
        // slot of that level only.
        const l = this.chainStop(s);
        index = roundDown(this.index, l) + POW2[l]!;
      }
      if (index > MAX_INDEX) {
        this.index = 0;
        this.st = S_BOUNDS;
      } else {
        this.index = index;
      }
    } else if (this.index === MAX_INDEX) {
      this.index = 0;
    } else {
      this.index++;
    }
  }

  /** xas_next: moves to index + 1 (wrapping MAX_INDEX to 0) and returns the raw slot. */
  next(): unknown {
    const node = this.node;
    const tree = this.tree;
    if (
      this.st === S_NODE &&
      node!.shift === 0 &&
      this.offset !== tree.mask &&
      this.index !== MAX_INDEX
    ) {
      this.index++;
      return slotAt(node!, ++this.offset);
    }
    return this.nextSlow();
  }

  private nextSlow(): unknown {
    const tree = this.tree;
    const st = this.st;
    const wrap = this.index === MAX_INDEX;
    if (st !== S_RESTART && st !== S_ERROR)
      this.index = wrap ? 0 : this.index + 1;
    if (st === S_HEAD) return this.setBounds();
    if (st !== S_NODE) return this.load();
    if (wrap) return this.setBounds();
    let node = this.node!;
    if (this.offset !== offsetOf(this.index, node.shift, tree.mask))
      this.offset++;
    while (this.offset === tree.size) {
      this.offset = node.offset + 1;
      const parent = node.parent;
      if (parent === null) return this.setBounds();
      node = parent;
      this.node = parent;
    }
    for (;;) {
      let e = slotAt(node, this.offset);
      if (e instanceof Single && this.exact) {
        e = this.materialize(node, this.offset, e);
      }
      if (!(e instanceof XNode)) {
        return e instanceof Single ? this.readSingle(e) : e;
      }
      node = e;
      this.node = e;
      this.offset = offsetOf(this.index, e.shift, tree.mask);
    }
  }

  /** xas_prev: moves to index - 1 (wrapping 0 to MAX_INDEX) and returns the raw slot. */
  prev(): unknown {
    const node = this.node;
    if (
      this.st === S_NODE &&
      node!.shift === 0 &&
      this.offset !== 0 &&
      this.index !== 0
    ) {
      this.index--;
      return slotAt(node!, --this.offset);
    }
    return this.prevSlow();
  }

  private prevSlow(): unknown {
    const tree = this.tree;
    const st = this.st;
    const wrap = this.index === 0;
    if (st !== S_RESTART && st !== S_ERROR)
      this.index = wrap ? MAX_INDEX : this.index - 1;
    if (st === S_HEAD) return this.setBounds();
    if (st !== S_NODE) return this.load();
    if (wrap) return this.setBounds();
    let node = this.node!;
    if (this.offset !== offsetOf(this.index, node.shift, tree.mask))
      this.offset--;
    while (this.offset === -1) {
      this.offset = node.offset - 1;
      const parent = node.parent;
      if (parent === null) return this.setBounds();
      node = parent;
      this.node = parent;
    }
    for (;;) {
      let e = slotAt(node, this.offset);
      if (e instanceof Single && this.exact) {
        e = this.materialize(node, this.offset, e);
      }
      if (!(e instanceof XNode)) {
        return e instanceof Single ? this.readSingle(e) : e;
      }
      node = e;
      this.node = e;
      this.offset = offsetOf(this.index, e.shift, tree.mask);
    }
  }

  /** xas_advance: moves to `index` (the last index of the current entry) without a walk. */
  advance(index: number): void {
    const shift = this.st === S_NODE ? this.node!.shift : 0;
    this.index = index;
    this.offset = offsetOf(index, shift, this.tree.mask);
  }

  /**
   * xas_split: splits the entry of `order` at the position into entries of
   * the state's order (one level at most), each `entry` with the old marks.
   */
  split(entry: unknown, order: number): void {
    const tree = this.tree;
    const size = tree.size;
    tree.version++;
    const sibs = (1 << (order % tree.cs)) - 1;
    this.load();
    const node = this.node;
    if (this.top() || node === null) return;
    const marks = marksOf(node, this.offset);
    let offset = this.offset + sibs;
    do {
      if (this.shift < node.shift) {
        const child = new XNode(
          node.shift - tree.cs,
          node,
          offset,
          tree.template,
        );
        const nsibs = this.sibs;
        for (let i = 0; i < size; i++) {
          setSlot(child, i, (i & nsibs) === 0 ? entry : SIBLINGS[i & ~nsibs]);
        }
        child.count = size;
        for (let m = 0; m < MARK_COUNT; m++) {
          if ((marks & (1 << m)) === 0) continue;
          setMark(node, offset, m);
          markEvery(child, nsibs, m, size);
        }
        setSlot(node, offset, child);
      } else {
        const canon = offset - this.sibs;
        for (let m = 0; m < MARK_COUNT; m++) {
          if ((marks & (1 << m)) !== 0) setMark(node, canon, m);
        }
        setSlot(node, canon, entry);
        while (offset > canon) setSlot(node, offset--, SIBLINGS[canon]);
      }
    } while (offset-- > this.offset);
  }
}
