/**
 * Per-node mark bitmaps: three marks, 64 bits each, kept as two 32-bit words
 * per mark in one array of six numbers that a node allocates when a mark is
 * first set in it. Nodes of fewer than 64 slots use only the low bits.
 */
import type { XNode } from './node.js';

/** Number of marks (the kernel's XA_MAX_MARKS). */
export const MARK_COUNT = 3;
/** Mark 0 is the free mark in allocating arrays (XA_FREE_MARK). */
export const FREE_MARK = 0;

/**
 * A node's six mark words, all zero. The array holds unboxed doubles from
 * the start (the literal's 0.5 gives it double elements), so that a word
 * with bit 30 or 31 set is stored in place rather than forcing a change of
 * the array's element kind. A plain array is used rather than an
 * `Int32Array(6)`: it is several times cheaper to allocate (marking a dense
 * array allocates one per leaf), and under half its size.
 */
export function newMarks(): number[] {
  const words = [0.5, 0, 0, 0, 0, 0];
  words[0] = 0;
  return words;
}

/** True iff slot `off` of `node` carries mark `m`. */
export function getMark(node: XNode, off: number, m: number): boolean {
  const marks = node.marks;
  if (marks === null) return false;
  return ((marks[(m << 1) | (off >>> 5)]! >>> (off & 31)) & 1) !== 0;
}

/** Sets mark `m` on slot `off`; returns whether it was already set. */
export function setMark(node: XNode, off: number, m: number): boolean {
  let marks = node.marks;
  if (marks === null) marks = node.marks = newMarks();
  const w = (m << 1) | (off >>> 5);
  const bit = 1 << (off & 31);
  const old = marks[w]!;
  if ((old & bit) !== 0) return true;
  marks[w] = old | bit;
  return false;
}

/** Clears mark `m` on slot `off`; returns whether it was set. */
export function clearMark(node: XNode, off: number, m: number): boolean {
  const marks = node.marks;
  if (marks === null) return false;
  const w = (m << 1) | (off >>> 5);
  const bit = 1 << (off & 31);
  const old = marks[w]!;
  if ((old & bit) === 0) return false;
  marks[w] = old & ~bit;
  return true;
}

/**
 * Sets mark `m` on slot `off` of `node` and on the slot of each ancestor
 * above it, stopping at the first one already set; returns true when it
 * went past the root (the array's summary bit must be set).
 */
export function markPath(node: XNode | null, off: number, m: number): boolean {
  while (node !== null) {
    if (setMark(node, off, m)) return false;
    off = node.offset;
    node = node.parent;
  }
  return true;
}

/**
 * Clears mark `m` on slot `off` of `node`, and on each ancestor's slot while
 * the node below has no slot left carrying it; returns true when it went
 * past the root (the array's summary bit must be cleared).
 */
export function unmarkPath(
  node: XNode | null,
  off: number,
  m: number,
): boolean {
  while (node !== null) {
    if (!clearMark(node, off, m)) return false;
    if (anyMark(node, m)) return false;
    off = node.offset;
    node = node.parent;
  }
  return true;
}

/** True iff some slot of `node` carries mark `m`. */
export function anyMark(node: XNode, m: number): boolean {
  const marks = node.marks;
  return marks !== null && (marks[m << 1] !== 0 || marks[(m << 1) | 1] !== 0);
}

/** Index of the lowest set bit of a non-zero 32-bit word. */
function ctz(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/**
 * The first slot at or after `from` carrying mark `m`, or `size` if none.
 * `size` is the node's slot count.
 */
export function nextMarked(
  node: XNode,
  m: number,
  from: number,
  size: number,
): number {
  const marks = node.marks;
  if (marks === null || from >= size) return size;
  const base = m << 1;
  if (from < 32) {
    const lo = marks[base]! & (-1 << from);
    if (lo !== 0) return ctz(lo);
    if (size <= 32) return size;
    const hi = marks[base | 1]!;
    return hi !== 0 ? 32 + ctz(hi) : size;
  }
  const hi = marks[base | 1]! & (-1 << (from - 32));
  return hi !== 0 ? 32 + ctz(hi) : size;
}

/** Sets mark `m` on every slot of a node of `size` slots. */
export function markAll(node: XNode, m: number, size: number): void {
  let marks = node.marks;
  if (marks === null) marks = node.marks = newMarks();
  const base = m << 1;
  if (size >= 64) {
    marks[base] = -1;
    marks[base | 1] = -1;
  } else if (size === 32) {
    marks[base] = -1;
  } else {
    marks[base] = (1 << size) - 1;
  }
}

/** The marks of slot `off` as a bitmask (bit m = mark m). */
export function marksOf(node: XNode, off: number): number {
  const marks = node.marks;
  if (marks === null) return 0;
  const w = off >>> 5;
  const s = off & 31;
  return (
    ((marks[w]! >>> s) & 1) |
    (((marks[2 | w]! >>> s) & 1) << 1) |
    (((marks[4 | w]! >>> s) & 1) << 2)
  );
}

/** Sets mark `m` on every (sibs + 1)-th slot of a node of `size` slots. */
export function markEvery(
  node: XNode,
  sibs: number,
  m: number,
  size: number,
): void {
  if (sibs === 0) {
    markAll(node, m, size);
    return;
  }
  for (let i = 0; i < size; i += sibs + 1) setMark(node, i, m);
}

/** Clears mark `m` on `n` slots from `from`. */
export function clearRange(
  node: XNode,
  m: number,
  from: number,
  n: number,
): void {
  if (node.marks === null) return;
  for (let i = from; i < from + n; i++) clearMark(node, i, m);
}
