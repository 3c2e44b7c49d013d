/**
 * Tree nodes, internal entries and index geometry.
 *
 * The layout follows the kernel's: a node has 2^chunkShift slots, a shift (the
 * number of index bits below it, a multiple of chunkShift), its offset in its
 * parent, a count of non-empty slots and one bitmap per mark. A slot holds a
 * user entry, a child node, a reserved (zero) entry, or a sibling entry that
 * points at the canonical slot of a multi-index entry in the same node.
 */

/**
 * A node of the tree.
 *
 * Invariants (checked by `checkInvariants` in debug.ts):
 * - A full node (`tpl` null) has `slots.length` equal to the chunk size; a
 *   packed node (`tpl` set) holds only its non-empty slots, in slot order,
 *   in `slots` (at most PACKED_MAX of them, none undefined): slot i is at
 *   the rank of bit i in the present bitmap. `shift` is a multiple of the
 *   chunk shift; a leaf has shift 0; a child's shift is its parent's minus
 *   the chunk shift; `parent.slots[offset] === this`; the root's parent is null.
 * - Bit i of the present bitmap (`present0` for slots 0..31, `present1`
 *   for 32..63) is set iff slot i is non-empty.
 * - `count` is the number of non-empty slots (entries, siblings, reserved
 *   entries and children); only the root may have count 0, and only
 *   transiently inside one operation.
 * - A leaf holds no child nodes. A sibling entry points at a lower slot of the
 *   same node holding a user or reserved entry, and every slot between them is
 *   a sibling pointing at the same canonical slot.
 * - For every mark m and slot i, bit i of mark m is set iff the slot holds an
 *   entry carrying m, or a child with some slot marked m. Sibling slots never
 *   carry marks. Empty slots carry no marks, except the free mark (mark 0) of
 *   allocating arrays, which is set exactly on slots with free space: empty
 *   slots, and children with a free-marked slot.
 * - The array-wide summary bit of mark m is set iff the root has a slot
 *   marked m; an empty array has no summary bit but possibly the free one.
 * - The root is shrunk (as the kernel does) when a deletion leaves only its
 *   slot 0; a store never shrinks it.
 */
export class XNode {
  /** Index bits below this node: 0 for a leaf. */
  shift: number;
  /** This node's slot number in its parent (0 for the root). */
  offset: number;
  /** Non-empty slots. */
  count: number;
  /** The parent node, or null for the root. */
  parent: XNode | null;
  /**
   * Full node: the slots (entries, children, siblings or `undefined`).
   * Packed node: the non-empty slots only, in slot order.
   */
  slots: unknown[];
  /**
   * Null for a full node. For a packed node, the full node's template (a
   * packed array of `undefined` of the chunk size), copied when it unpacks.
   */
  tpl: unknown[] | null;
  /**
   * Mark bitmaps, `null` until a mark is first set in this node. Mark m's
   * bits for slots 32w..32w+31 are in word `m * words + w`.
   */
  marks: number[] | null;
  /** Present bitmap, slots 0..31: bit i set iff `slots[i] !== undefined`. */
  present0: number;
  /** Present bitmap, slots 32..63. */
  present1: number;

  /**
   * Creates an empty node; `template` is a packed array of `undefined` of
   * the chunk size. Nodes of more than 16 slots start packed.
   */
  constructor(
    shift: number,
    parent: XNode | null,
    offset: number,
    template: unknown[],
  ) {
    this.shift = shift;
    this.offset = offset;
    this.count = 0;
    this.parent = parent;
    if (template.length > 16) {
      this.slots = EMPTY;
      this.tpl = template;
    } else {
      this.slots = template.slice();
      this.tpl = null;
    }
    this.marks = null;
    this.present0 = 0;
    this.present1 = 0;
  }
}

/** The packed slots of a node with nothing in it (never written). */
const EMPTY: unknown[] = [];

/** Non-empty slots a packed node holds before it unpacks. */
export const PACKED_MAX = 24;

/** Set bits of a 32-bit word. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** The position of slot `off` in a packed node's `slots`: present slots below it. */
function rank(node: XNode, off: number): number {
  if (off < 32) return popcount(node.present0 & ((1 << off) - 1));
  return (
    popcount(node.present0) + popcount(node.present1 & ((1 << (off - 32)) - 1))
  );
}

/** True iff slot `off` of `node` is non-empty (its present bit). */
export function isPresent(node: XNode, off: number): boolean {
  return (
    ((off < 32 ? node.present0 >>> off : node.present1 >>> (off - 32)) & 1) !==
    0
  );
}

/**
 * True where a lone entry is not worth making in slot `off` of `node`: just
 * above the leaves, next to a non-empty slot (dense keys, whose leaf would
 * be made by the very next store).
 */
export function denseAt(node: XNode, off: number, cs: number): boolean {
  return (
    node.shift === cs &&
    ((off > 0 && isPresent(node, off - 1)) ||
      (off < (1 << cs) - 1 && isPresent(node, off + 1)))
  );
}

/** Slot `off` of `node`, full or packed. */
export function slotAt(node: XNode, off: number): unknown {
  if (node.tpl === null) return node.slots[off];
  return off < 64 && isPresent(node, off)
    ? node.slots[rank(node, off)]
    : undefined;
}

/** A new array of `n` > 0 elements for packed slots (generic elements kind). */
function packedArray(n: number): unknown[] {
  const a = new Array<unknown>(n);
  a[0] = undefined; // generic elements from the start: values stay as they are
  return a;
}

/**
 * Makes `node` a full node if it is packed (its slots keep their contents).
 * The root is always kept full: every walk starts there, and random loads
 * measured markedly slower through a packed root than the rank lookup
 * alone explains.
 */
export function makeFull(node: XNode): void {
  if (node.tpl !== null) unpack(node);
}

/** Turns a packed node into a full one (its slots keep their contents). */
function unpack(node: XNode): void {
  const full = node.tpl!.slice();
  const packed = node.slots;
  let k = 0;
  for (let w = 0; w < 2; w++) {
    let bits = w === 0 ? node.present0 : node.present1;
    while (bits !== 0) {
      const b = 31 - Math.clz32(bits & -bits);
      full[w * 32 + b] = packed[k++];
      bits &= bits - 1;
    }
  }
  node.slots = full;
  node.tpl = null;
}

/**
 * Writes slot `off` of a packed node; it unpacks when it would exceed
 * PACKED_MAX, or when `off` is filled next to a non-empty slot in a leaf or
 * with a sibling entry.
 */
function setPacked(node: XNode, off: number, v: unknown): void {
  const old = node.slots;
  const n = old.length;
  const r = rank(node, off);
  if (isPresent(node, off)) {
    if (v !== undefined) {
      old[r] = v;
      return;
    }
    if (n === 1) node.slots = EMPTY;
    else {
      const a = packedArray(n - 1);
      for (let i = 0; i < r; i++) a[i] = old[i];
      for (let i = r + 1; i < n; i++) a[i - 1] = old[i];
      node.slots = a;
    }
  } else {
    if (v === undefined) return;
    // Full at PACKED_MAX, or at once where a neighbour is present in a leaf
    // or for a sibling entry: slots filled side by side (dense keys, and
    // multi-index entries) are cheaper in a full node. Above the leaves,
    // neighbouring children or lone entries say nothing of density.
    if (
      n === PACKED_MAX ||
      ((node.shift === 0 || v instanceof Internal) &&
        ((off > 0 && isPresent(node, off - 1)) ||
          (off < 63 && isPresent(node, off + 1))))
    ) {
      unpack(node);
      node.slots[off] = v;
    } else {
      const a = packedArray(n + 1);
      for (let i = 0; i < r; i++) a[i] = old[i];
      a[r] = v;
      for (let i = r; i < n; i++) a[i + 1] = old[i];
      node.slots = a;
    }
  }
  if (v === undefined) {
    if (off < 32) node.present0 &= ~(1 << off);
    else node.present1 &= ~(1 << (off - 32));
  } else if (off < 32) node.present0 |= 1 << off;
  else node.present1 |= 1 << (off - 32);
}

/** Writes slot `off` of `node`, keeping its present bitmap in step. */
export function setSlot(node: XNode, off: number, v: unknown): void {
  if (node.tpl !== null) {
    setPacked(node, off, v);
    return;
  }
  node.slots[off] = v;
  if (v === undefined) {
    if (off < 32) node.present0 &= ~(1 << off);
    else node.present1 &= ~(1 << (off - 32));
  } else if (off < 32) node.present0 |= 1 << off;
  else node.present1 |= 1 << (off - 32);
}

/** The first non-empty slot of `node` at or after `from`, or `size` if none. */
export function nextPresent(node: XNode, from: number, size: number): number {
  if (from < 32) {
    const lo = node.present0 & (-1 << from);
    if (lo !== 0) return 31 - Math.clz32(lo & -lo);
    const hi = node.present1;
    return hi !== 0 ? 63 - Math.clz32(hi & -hi) : size;
  }
  if (from >= size) return size;
  const hi = node.present1 & (-1 << (from - 32));
  return hi !== 0 ? 63 - Math.clz32(hi & -hi) : size;
}

/** An internal entry: a sibling (kind SIBLING, `sib` = canonical offset) or the zero entry. */
export class Internal {
  /** SIBLING or ZERO. */
  readonly kind: number;
  /** For a sibling, the offset of its canonical slot. */
  readonly sib: number;
  constructor(kind: number, sib: number) {
    this.kind = kind;
    this.sib = sib;
  }
}

/**
 * A lone entry standing in for a whole subtree: the slot of a node of shift
 * > 0 whose range holds exactly one order-0 entry, at `index`. It is what
 * the chain of single-slot nodes down to that entry would hold, without the
 * nodes: sparse keys cost one small object instead of a node per level.
 * The slot's mark bits are the entry's marks. A store elsewhere in the range
 * pushes it down a level at a time (see `State.create`); allocating arrays
 * never use it (their free mark needs real nodes).
 */
export class Single {
  /**
   * The one index of the range that holds an entry, as two small integers
   * (`hi` * 2^30 + `lo`): a double field would cost a heap number per entry.
   */
  private readonly hi: number;
  private readonly lo: number;
  /** The entry at the index: a user entry, never internal. */
  readonly entry: unknown;
  constructor(index: number, entry: unknown) {
    const hi = Math.floor(index / 0x40000000);
    this.hi = hi;
    this.lo = index - hi * 0x40000000;
    this.entry = entry;
  }
  /** The index that holds the entry. */
  get index(): number {
    return this.hi * 0x40000000 + this.lo;
  }
  /** True iff the entry is at `index`. */
  is(index: number): boolean {
    return this.hi * 0x40000000 + this.lo === index;
  }
}

/** `Internal.kind` of a sibling entry. */
export const SIBLING = 0;
/** `Internal.kind` of the zero (reserved) entry. */
export const ZERO_KIND = 1;

/** The reserved entry: occupies a slot, reads as absent (the kernel's XA_ZERO_ENTRY). */
export const ZERO: Internal = new Internal(ZERO_KIND, 0);

/** Preallocated sibling entries, one per possible canonical offset. */
export const SIBLINGS: readonly Internal[] = Array.from(
  { length: 64 },
  (_, i) => new Internal(SIBLING, i),
);

/** True for a sibling entry. */
export function isSibling(entry: unknown): entry is Internal {
  return entry instanceof Internal && entry.kind === SIBLING;
}

/** 2^k for k = 0..64, exact as doubles. */
export const POW2: readonly number[] = Array.from(
  { length: 65 },
  (_, k) => 2 ** k,
);

/** 2^-k for k = 0..64, exact as doubles: `x * INV_POW2[k]` is `x / 2^k` without a division. */
export const INV_POW2: readonly number[] = Array.from(
  { length: 65 },
  (_, k) => 2 ** -k,
);

/** 2^31: below it, index arithmetic can use 32-bit operators. */
export const SMALL = 0x80000000;

/**
 * The slot of `index` in a node of `shift` with `mask` = chunk size - 1.
 *
 * SAFETY: `index` is a non-negative integer below 2^64 and `shift` <= 64
 * (INV_POW2 has an exact entry for every such shift).
 */
export function offsetOf(index: number, shift: number, mask: number): number {
  // index * 2^-shift is exact; ToInt32 (in `&`) truncates it and keeps its
  // low 32 bits, of which `mask` keeps the slot bits. One expression for
  // every index: a branch on the index's size here, shared by every caller,
  // made the sparse walks about a quarter slower once both kinds of index
  // had passed through it.
  return (index * INV_POW2[shift]!) & mask;
}

/** `index` rounded down to a multiple of 2^bits. */
export function roundDown(index: number, bits: number): number {
  if (index < SMALL && bits < 31) return ((index >>> bits) << bits) >>> 0;
  return Math.floor(index * INV_POW2[bits]!) * POW2[bits]!;
}
